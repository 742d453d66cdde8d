"""API tokens: making one, and reading the one a request carries.

A token is `ntm_` followed by 43 random URL-safe characters (256 bits). Only its SHA-256 hash is
stored (`ApiToken.secret_hash`): the token is shown once, when an administrator creates it
(`ntm_tracker.accounts.services.token_create`), and a copy of the database gives no usable token.
A plain hash is enough for a secret of that strength (a password needs a slow hash because it is
guessable; this is not). The API (`api/`) asks `api_user(request)` who is calling.
"""

import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from ntm_tracker.models import ApiToken, User

PREFIX = "ntm_"


class Unauthenticated(Exception):
    """No usable credentials: the API answers 401 with `message`."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def bearer(request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None without such a header."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


def api_user(request) -> User:
    """Who calls the API: the user of the bearer token when the request carries one (the session is
    then ignored), else the logged-in user of the session. Raises `Unauthenticated` for an unknown
    or revoked token, a token of a deactivated account, or no credentials at all.

    One query for a token (the token with its user), one update of its `last_used`."""
    token = bearer(request)
    if token is None:
        if request.user.is_authenticated:
            return request.user
        raise Unauthenticated(_("Authentication required: log in, or send an API token in the header "
                                "“Authorization: Bearer <token>”."))
    if not token.startswith(PREFIX) or len(token) > 100:
        raise Unauthenticated(_("The API token is not valid."))
    row = ApiToken.objects.select_related("user").filter(secret_hash=token_hash(token)).first()
    if row is None or row.revoked_at is not None:
        raise Unauthenticated(_("The API token is not valid or has been revoked."))
    if not row.user.is_active:
        raise Unauthenticated(_("The account of this API token is deactivated."))
    ApiToken.objects.filter(pk=row.pk).update(last_used=timezone.now())
    return row.user
