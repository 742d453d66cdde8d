"""The app's URLconf plus a page and a namespaced include, for the permission-matrix self-test."""

from django.http import HttpResponse
from django.urls import include, path

from ntm_tracker.urls import urlpatterns as app_urlpatterns

reports = ([path("yearly/", lambda request: HttpResponse(), name="yearly")], "reports")

urlpatterns = [
    *app_urlpatterns,
    path("extra/", lambda request: HttpResponse(), name="extra_page"),
    path("reports/", include(reports)),
]
