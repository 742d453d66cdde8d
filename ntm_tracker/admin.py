from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from ntm_tracker.audit import audit_record, diff
from ntm_tracker.models import AuditEvent, User
from ntm_tracker.accounts.services import user_snapshot, user_unit_code


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "province", "district", "commune", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["province", "district", "commune"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Role and scope"), {"fields": ["role", "province", "district", "commune", "must_change_password", "language"]}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Role and scope"), {"fields": ["role", "province", "district", "commune"]}),
    )

    def save_model(self, request, obj, form, change):
        # Changes made here are audited like those made on the user pages.
        before = user_snapshot(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        changes = diff(before, user_snapshot(obj))
        if changes or not change:
            audit_record(action=AuditEvent.Action.USER_CHANGED if change else AuditEvent.Action.USER_CREATED,
                         actor=request.user, request=request, obj=obj, unit_code=user_unit_code(obj),
                         changes=changes)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_name", "action", "object_repr", "unit_code", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_name", "object_repr", "unit_code"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
