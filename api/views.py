"""The read API, version 1: JSON for other systems (a national portal, a spreadsheet, a script).

Every call is a GET made by a user — the bearer token's (`Authorization: Bearer <token>`) or the
session's — with that user's rights (`ntm_tracker.access`). Errors are JSON too:
{"error": {"status": 4xx, "message": "…"}}, the message in the user's language (the token's
account's language, else the request's). Answers are `Cache-Control: private`: they are the
caller's, never a shared cache's.
"""

import functools

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from api import selectors
from communes.years import known_years, year_from_query
from ntm_tracker.access import can_view_national, can_view_province
from ntm_tracker.models import User
from ntm_tracker.tokens import Unauthenticated, api_user
from territory.models import Province


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": {"status": status, "message": message}}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def api_view(view):
    """A GET of the API: who calls (401 when nobody, 405 for another method), errors as JSON,
    `Cache-Control: private`. The view receives (request, user)."""

    @csrf_exempt  # reads only; no cookie-bound write exists to forge
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _error(405, _("The API only reads: use GET."))
            response["Allow"] = "GET, HEAD"
        else:
            try:
                user = api_user(request)
            except Unauthenticated as refused:
                response = _error(401, refused.message)
                response["WWW-Authenticate"] = 'Bearer realm="api"'
            else:
                language = user.language if request.user != user else translation.get_language()
                with translation.override(language):
                    try:
                        response = view(request, user, *args, **kwargs)
                    except ApiError as error:
                        response = _error(error.status, error.message)
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response

    return wrapper


def _year(request: HttpRequest) -> int:
    year = year_from_query(request.GET.get("year"), default=None)
    if year is None:
        years = known_years()
        raise ApiError(400, _("Give a year from %(first)d to %(last)d: ?year=YYYY.")
                       % {"first": years[0], "last": years[-1]})
    return year


def _province(user: User, code: str) -> Province:
    if not (code.isascii() and code.isdigit() and len(code) == 2):
        raise ApiError(400, _("A province is given by its two-digit GSO code: ?province=42."))
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise ApiError(400, _("No province has the GSO code %(code)s.") % {"code": code})
    if not can_view_province(user, province):
        raise ApiError(403, _("Your account may not read this province."))
    return province


@api_view
def summary(request: HttpRequest, user: User) -> JsonResponse:
    """GET /api/v1/summary/?province=CODE&year=YEAR — the province's figures at the end of the
    year; without `province`, the national totals (administrators and national users)."""
    year = _year(request)
    code = request.GET.get("province", "").strip()
    if code:
        data = selectors.summary(_province(user, code), year)
    elif can_view_national(user):
        data = selectors.national_summary(year)
    else:
        raise ApiError(403, _("Your account reads only its own province: add ?province=CODE."))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@api_view
def criteria_sets(request: HttpRequest, user: User) -> JsonResponse:
    """GET /api/v1/criteria-sets/ — every criteria set of the catalogue (the same for everyone)."""
    return JsonResponse({"criteria_sets": selectors.criteria_sets()}, json_dumps_params={"ensure_ascii": False})
