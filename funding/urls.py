from django.urls import path

from funding import views

urlpatterns = [
    path("", views.funding_list, name="funding_list"),
    path("export.<str:fmt>", views.funding_export, name="funding_export"),
    path("import/", views.funding_import, name="funding_import"),
    path("import/template.xlsx", views.import_template, name="funding_import_template"),
    path("new/", views.funding_edit, name="funding_create"),
    path("<int:pk>/edit/", views.funding_edit, name="funding_edit"),
    path("sponsorships/export.<str:fmt>", views.sponsorship_export, name="sponsorship_export"),
    path("sponsorships/import/", views.sponsorship_import, name="sponsorship_import"),
    path("sponsorships/import/template.xlsx", views.sponsorship_import_template, name="sponsorship_import_template"),
    path("sponsorships/new/", views.sponsorship_edit, name="sponsorship_create"),
    path("sponsorships/<int:pk>/edit/", views.sponsorship_edit, name="sponsorship_edit"),
    path("<str:kind>/<int:pk>/delete/", views.record_delete, name="funding_record_delete"),
]
