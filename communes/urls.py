from django.urls import path

from communes import catalogue_views, district_views, dossier_views, views

urlpatterns = [
    path("dossiers/", dossier_views.dossier_list, name="dossier_list"),
    path("dossiers/new/", dossier_views.dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", dossier_views.dossier_detail, name="dossier_detail"),
    path("provinces/<province:code>/", views.province_overview, name="province_overview"),
    path("districts/<district:code>/", views.district_detail, name="district_detail"),
    path("districts/<district:code>/criteria/", district_views.district_criteria_page, name="district_criteria"),
    path("districts/<district:code>/criteria/<year:year>/<str:step>/", district_views.district_review_step,
         name="district_review_step"),
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
    path("communes/groups/import/", catalogue_views.commune_groups_import, name="commune_groups_import"),
    path("communes/<str:code>/groups/", catalogue_views.commune_groups, name="commune_groups"),
    path("catalogue/", catalogue_views.criteria_catalogue, name="criteria_catalogue"),
    path("catalogue/template.<str:fmt>", catalogue_views.criteria_template_download, name="criteria_template"),
    path("catalogue/<slug:code>.<str:fmt>", catalogue_views.criteria_set_download, name="criteria_set_export"),
]
