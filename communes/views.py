from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from communes import selectors
from ntm_tracker.access import get_district_for_user, get_province_for_user


@require_GET
@login_required
def province_overview(request: HttpRequest, code: str) -> HttpResponse:
    province = get_province_for_user(request.user, code)
    overview = selectors.province_overview(province)
    return render(request, "communes/province_overview.html", {
        "province": province,
        "rows": overview["rows"],
        "totals": overview["totals"],
    })


@require_GET
@login_required
def district_detail(request: HttpRequest, code: str) -> HttpResponse:
    district = get_district_for_user(request.user, code)
    detail = selectors.district_detail(district)
    return render(request, "communes/district_detail.html", {
        "district": district,
        "province": district.province,
        "rows": detail["rows"],
        "status": detail["status"],
        "counts": detail["counts"],
    })
