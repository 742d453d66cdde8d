from django.urls import path

from ocop import views

urlpatterns = [
    path("", views.product_list, name="ocop_product_list"),
    path("export.<str:fmt>", views.product_export, name="ocop_product_export"),
    path("expiring/", views.expiring, name="ocop_expiring"),
    path("import/", views.product_import, name="ocop_import"),
    path("import/template.xlsx", views.import_template, name="ocop_import_template"),
    path("products/new/", views.product_edit, name="ocop_product_create"),
    path("products/<int:pk>/", views.product_detail, name="ocop_product_detail"),
    path("products/<int:pk>/edit/", views.product_edit, name="ocop_product_edit"),
    path("products/<int:product_pk>/evaluations/new/", views.evaluation_edit, name="ocop_evaluation_create"),
    path("evaluations/<int:pk>/edit/", views.evaluation_edit, name="ocop_evaluation_edit"),
    path("products/<int:product_pk>/certificates/new/", views.certificate_edit, name="ocop_certificate_create"),
    path("certificates/<int:pk>/edit/", views.certificate_edit, name="ocop_certificate_edit"),
    path("products/<int:product_pk>/nominations/new/", views.nomination_edit, name="ocop_nomination_create"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="ocop_nomination_edit"),
    path("producers/new/", views.producer_edit, name="ocop_producer_create"),
    path("producers/<int:pk>/edit/", views.producer_edit, name="ocop_producer_edit"),
]
