from django.urls import path

from dashboards import views
from dashboards.charts import CHARTS

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/districts/<district:code>/", views.dashboard_district, name="dashboard_district"),
    *(path(f"dashboard/charts/{name.replace('_', '-')}/", views.chart, {"name": name}, name=f"chart_{name}")
      for name in CHARTS),
    path("provinces/", views.province_list, name="province_list"),
    path("reports/", views.report_latest, name="report_latest"),
    path("reports/<year:year>/", views.annual_report, name="annual_report"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/new/", views.target_create, name="target_create"),
    path("targets/<int:pk>/", views.target_edit, name="target_edit"),
]
