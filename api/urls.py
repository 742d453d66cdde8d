from django.urls import path

from api import views

urlpatterns = [
    path("summary/", views.summary, name="api_summary"),
    path("criteria-sets/", views.criteria_sets, name="api_criteria_sets"),
]
