"""Request-wide rules that belong to no single view."""

from django.shortcuts import redirect
from django.urls import reverse

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
