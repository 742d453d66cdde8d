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
    """Each role lands where its work is: commune and district staff on their own unit's page,
    leaders on their dashboard (a district leader on their district's), province staff on their
    province's overview, administrators and national users on the national page (every province)."""
    user = request.user
    match user.role:
        case User.Role.LEADER if user.district_id:
            return redirect("dashboard_district", code=user.district.code)
        case User.Role.LEADER:
            return redirect("dashboard")
        case User.Role.COMMUNE if user.commune_id:
            return redirect("commune_detail", code=user.commune.code)
        case User.Role.DISTRICT if user.district_id:
            return redirect("district_detail", code=user.district.code)
        case User.Role.ADMIN | User.Role.NATIONAL:
            return redirect("province_list")
    return overview(request)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The overview of the user's own province (the "Overview" link of every page); national users,
    who have none, get the national page."""
    if request.user.role == User.Role.NATIONAL:
        return redirect("province_list")
    province = home_province(request.user)
    if province is None:
        return redirect("admin:index")
    return redirect("province_overview", code=province.code)
