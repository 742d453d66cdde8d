"""Where a page sends the user back to: the one reader of `?next=`."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str = "") -> str:
    """The `next` parameter (query or form) when it leads to this site, else `fallback`.

    Django's own check (the one its login view uses): it refuses other hosts however they are
    disguised — "//evil", "/\\evil" (browsers read a backslash as a slash), a tab or newline a
    browser would strip ("/\\t/evil"), "https:evil" — and an http link from an https page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback
