"""The core's own pages: the health check and the home redirect."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ntm_tracker.access import home_province
from ntm_tracker.models import User


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer; 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Leaders start on their dashboard (a district leader on their district's); everyone else on
    the overview of their own province, where their data entry starts."""
    if request.user.role == User.Role.LEADER:
        if request.user.district_id:
            return redirect("dashboard_district", code=request.user.district.code)
        return redirect("dashboard")
    return overview(request)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The overview of the user's own province (the "Overview" link of every page)."""
    province = home_province(request.user)
    if province is None:
        return redirect("admin:index")
    return redirect("province_overview", code=province.code)
