"""The table component's tags: page numbers for `_partials/pagination.html` and sortable column
headers with an arrow and `aria-sort`. The page's CSS class `table-scroll` gives the table its own
scroll container, so the sticky header stays in view while the rows scroll."""

from django import template
from django.core.paginator import Page
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def page_numbers(page: Page) -> list:
    """The page numbers to link: the first, the last and two either side of this one, with
    `Paginator.ELLIPSIS` for the gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag
def sort_header(label: str, key: str, sort: str, query: str = "", target: str = "") -> str:
    """A column header sorting by `key`: a click sorts ascending, a second click descending.
    `sort` is the current sort ("key" or "-key"); `query` the other GET parameters, urlencoded
    (without sort and page); `target` the region htmx swaps (a plain link without it)."""
    if sort == key:
        state, arrow, next_sort = "ascending", "▲", f"-{key}"
    elif sort == f"-{key}":
        state, arrow, next_sort = "descending", "▼", key
    else:
        state, arrow, next_sort = "none", "↕", key
    href = "?" + (f"{query}&" if query else "") + urlencode({"sort": next_sort})
    title = _("Sort by %(column)s") % {"column": label}
    if target:
        return format_html(
            '<th scope="col" aria-sort="{}"><a class="sort-link" href="{}" title="{}" hx-get="{}" hx-target="{}" '
            'hx-swap="outerHTML" hx-push-url="true">{} <span class="sort-arrow" aria-hidden="true">{}</span></a></th>',
            state, href, title, href, target, label, arrow)
    return format_html('<th scope="col" aria-sort="{}"><a class="sort-link" href="{}" title="{}">{} '
                       '<span class="sort-arrow" aria-hidden="true">{}</span></a></th>', state, href, title, label, arrow)
