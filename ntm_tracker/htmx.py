"""Fragment or page: the one rule every view follows (NetBox's `htmx_partial` idea).

A fragment answers an htmx request the page itself made: a filter, a year change, a section that
loads when it is opened or comes into view. Two htmx requests get the whole page although they carry
`HX-Request`: a boosted link, and a history restore — on Back after a miss in its history cache, htmx
asks the pushed URL again with `HX-History-Restore-Request` and puts the answer in place of the
whole body, so a fragment there would become the page.

A view names its default fragment; a template that wants another one of the same URL asks for it
by name with `?part=<name>` in its `hx-get` URL. Views never read the DOM ids of `HX-Target`.
Views whose answer depends on `HX-Request` say so with `@vary_on_headers("HX-Request")`.
"""

from collections.abc import Collection

from django.http import HttpRequest

PART = "part"  # the query parameter by which a template names the fragment it wants


def htmx_partial(request: HttpRequest) -> bool:
    """True when the request gets a fragment: htmx, neither boosted nor a history restore."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def partial_name(request: HttpRequest, default: str, *, named: Collection[str] = ()) -> str | None:
    """The fragment to answer, or None for the whole page: the one `?part=` names when it is one of
    `named`, else `default` (an unknown name is a hand-edited URL: the default, not an error)."""
    if not htmx_partial(request):
        return None
    part = request.GET.get(PART)
    return part if part in named else default


def page_or_partial(request: HttpRequest, template: str, default: str, *, named: Collection[str] = ()) -> str:
    """`template`, or `template#<fragment>` as `partial_name` decides."""
    name = partial_name(request, default, named=named)
    return f"{template}#{name}" if name else template
