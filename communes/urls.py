from django.urls import path

from communes import views

urlpatterns = [
    path("provinces/<str:code>/", views.province_overview, name="province_overview"),
    path("districts/<str:code>/", views.district_detail, name="district_detail"),
]
