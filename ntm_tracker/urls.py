from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ntm_tracker import views
from ntm_tracker.charts import CHARTS

urlpatterns = [
    path("", views.home, name="home"),
    path("overview/", views.overview, name="overview"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("communes.urls")),
    path("ocop/", include("ocop.urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/districts/<str:code>/", views.dashboard_district, name="dashboard_district"),
    *(path(f"dashboard/charts/{name.replace('_', '-')}/", views.chart, {"name": name}, name=f"chart_{name}")
      for name in CHARTS),
    path("reports/", views.report_latest, name="report_latest"),
    path("reports/<int:year>/", views.annual_report, name="annual_report"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/new/", views.target_create, name="target_create"),
    path("targets/<int:pk>/", views.target_edit, name="target_edit"),
]
