from django.urls import path

from communes import catalogue_views, model_site_views, views

urlpatterns = [
    path("provinces/<province:code>/", views.province_overview, name="province_overview"),
    path("districts/<district:code>/", views.district_detail, name="district_detail"),
    path("communes/<commune:code>/", views.commune_detail, name="commune_detail"),
    path("communes/<commune:code>/history/", views.commune_history, name="commune_history"),
    path("communes/<commune:code>/criteria/<int:number>/", views.criterion_detail, name="criterion_detail"),
    path("communes/<commune:code>/assessments/<int:indicator_id>/<year:year>/", views.assessment_edit,
         name="assessment_edit"),
    path("communes/<commune:code>/review/<year:year>/<str:step>/", views.review_step, name="review_step"),
    path("units/<unit:code>/recognitions/new/", views.recognition_create, name="recognition_create"),
    path("recognitions/<int:pk>/edit/", views.recognition_edit, name="recognition_edit"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/bulk/", views.review_queue_bulk, name="review_queue_bulk"),
    path("units/<unit:code>/assessments.xlsx", views.assessments_download, name="assessments_download"),
    path("assessments/import/", views.assessments_import, name="assessments_import"),
    path("communes/<str:code>/groups/", catalogue_views.commune_groups, name="commune_groups"),
    path("model-villages-gardens/", model_site_views.model_site_list, name="model_site_list"),
    path("model-villages-gardens/new/", model_site_views.model_site_edit, name="model_site_create"),
    path("model-villages-gardens/<int:pk>/edit/", model_site_views.model_site_edit, name="model_site_edit"),
    path("model-villages-gardens/import/", model_site_views.model_site_import, name="model_site_import"),
    path("catalogue/", catalogue_views.criteria_catalogue, name="criteria_catalogue"),
    path("catalogue/template.<str:fmt>", catalogue_views.criteria_template_download, name="criteria_template"),
    path("catalogue/<slug:code>.<str:fmt>", catalogue_views.criteria_set_download, name="criteria_set_export"),
]
