from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ntm_tracker import home, units_import
from ntm_tracker.accounts import views as accounts_views

urlpatterns = [
    path("", home.home, name="home"),
    path("overview/", home.overview, name="overview"),
    path("healthz", home.healthz, name="healthz"),
    path("accounts/login/", accounts_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("users/", accounts_views.user_list, name="user_list"),
    path("users/new/", accounts_views.user_create, name="user_create"),
    path("users/import/", accounts_views.user_import, name="user_import"),
    path("units/import/", units_import.units_import, name="units_import"),
    path("users/scope-fields/", accounts_views.user_scope_fields, name="user_scope_fields"),
    path("users/<int:pk>/", accounts_views.user_edit, name="user_edit"),
    path("users/<int:pk>/active/", accounts_views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/password-reset/", accounts_views.user_password_reset, name="user_password_reset"),
    path("users/<int:pk>/tokens/", accounts_views.user_token_create, name="user_token_create"),
    path("users/<int:pk>/tokens/<int:token_pk>/revoke/", accounts_views.user_token_revoke, name="user_token_revoke"),
    path("users/<int:pk>/unlock/", accounts_views.user_unlock, name="user_unlock"),
    path("account/password/", accounts_views.account_password, name="account_password"),
    path("account/language/", accounts_views.account_language, name="account_language"),
    path("audit/", accounts_views.audit_list, name="audit_list"),
    path("audit/export/", accounts_views.audit_export, name="audit_export"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("communes.urls")),
    path("ocop/", include("ocop.urls")),
    path("funding/", include("funding.urls")),
    path("", include("dashboards.urls")),
    path("api/v1/", include("api.urls")),
]
