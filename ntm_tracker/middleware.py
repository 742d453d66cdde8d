"""Request-wide rules that belong to no single view."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ntm_tracker.text import has_control, nfc

# Pages a user who must change their password can still reach: the change itself, leaving, and
# the plumbing the page needs.
_ALLOWED_PREFIXES = ("/static/", "/i18n/", "/healthz")


class ForcePasswordChangeMiddleware:
    """A user whose password was set by someone else (a new account, a reset) is sent to the
    password-change page on every request until they choose their own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("account_password"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith(_ALLOWED_PREFIXES):
                response = redirect("account_password")
                if getattr(request, "htmx", False):
                    response["HX-Redirect"] = response.url
                return response
        return self.get_response(request)


class InputGuardMiddleware:
    """Every path, query and form value, before any view sees it: a control character (NUL above
    all, which PostgreSQL refuses in text; tab, CR and LF are allowed in form values only, where
    a multi-line text holds them) answers 400 with a short message; text is brought to Unicode
    NFC (see `ntm_tracker.text`), so a search or a choice typed in decomposed Vietnamese matches.

    After LocaleMiddleware, so the message is in the user's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control(request.path) or _has_control(request.GET, multiline=False):
            return _refused()
        if request.method == "POST" and (
                _has_control(request.POST, multiline=True)
                or any(has_control(f.name or "") for _key, files in request.FILES.lists() for f in files)):
            return _refused()
        if _needs_nfc(request.GET):
            request.GET = _nfc(request.GET)
        if request.method == "POST" and _needs_nfc(request.POST):
            request.POST = _nfc(request.POST)
        return self.get_response(request)


def _refused() -> HttpResponse:
    return HttpResponseBadRequest(_("The request contains control characters (such as NUL): remove them and try again."),
                                  content_type="text/plain; charset=utf-8")


def _has_control(data: QueryDict, *, multiline: bool) -> bool:
    return any(has_control(key) or any(has_control(v, multiline=multiline) for v in values)
               for key, values in data.lists())


def _needs_nfc(data: QueryDict) -> bool:
    return any(nfc(key) != key or any(nfc(v) != v for v in values) for key, values in data.lists())


def _nfc(data: QueryDict) -> QueryDict:
    normal = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        normal.setlist(nfc(key), [nfc(v) for v in values])
    normal._mutable = False  # as request.GET and request.POST are
    return normal
