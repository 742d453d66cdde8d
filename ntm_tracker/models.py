"""The custom user: every account has a role and, unless it administers the system, a scope.

The scope is the piece of territory the user works on: a province, a district or a commune.
What a role may do inside its scope is decided in one place, `ntm_tracker.access`.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ntm_tracker.choices import ChoiceDisplayMixin


class NtmUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(ChoiceDisplayMixin, AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        PROVINCE = "province", _("Province staff")
        DISTRICT = "district", _("District staff")
        COMMUNE = "commune", _("Commune staff")
        LEADER = "leader", _("Leader (read-only)")
        NATIONAL = "national", _("National office (read-only, every province)")

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.LEADER)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # Exactly the field that matches the role is set (see the constraint below); a leader is
    # scoped to a province or to one district.
    province = models.ForeignKey(
        "territory.Province", verbose_name=_("province"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    district = models.ForeignKey(
        "territory.District", verbose_name=_("district"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    commune = models.ForeignKey(
        "territory.Commune", verbose_name=_("commune"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)
    # Applied at login (see ntm_tracker.accounts.views.LoginView) and from the preference page.
    language = models.CharField(_("interface language"), max_length=8, choices=settings.LANGUAGES, default="vi")

    objects = NtmUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=(
                    Q(role="admin")
                    | Q(role="national", province__isnull=True, district__isnull=True, commune__isnull=True)
                    | Q(role="province", province__isnull=False, district__isnull=True, commune__isnull=True)
                    | Q(role="district", province__isnull=True, district__isnull=False, commune__isnull=True)
                    | Q(role="commune", province__isnull=True, district__isnull=True, commune__isnull=False)
                    | Q(role="leader", commune__isnull=True)
                    & (Q(province__isnull=False, district__isnull=True) | Q(province__isnull=True, district__isnull=False))
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def scope(self):
        """The unit this user works on (Province, District or Commune), or None for an administrator
        or a national user (every province)."""
        return self.commune or self.district or self.province


class AuditEvent(ChoiceDisplayMixin, models.Model):
    """Who did what, when and from where: one row per login, permission change or data change.

    Data changes carry the old and new values (`changes`: {field: [old, new]}) and the reason the
    user gave. `unit_code` is the GSO code of the unit the change concerns (a commune, a district,
    a province), so a page can show the history of its unit with one indexed query.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logged out")
        LOCKED_OUT = "locked_out", _("Locked out")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset")
        USER_CREATED = "user_created", _("User created")
        USER_CHANGED = "user_changed", _("User changed")
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")
        WORKFLOW = "workflow", _("Review step")
        IMPORTED = "imported", _("Imported")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="audit_events")
    actor_name = models.CharField(_("user name"), max_length=150, blank=True,
                                  help_text=_("Kept as typed, also for failed logins and deleted users."))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    unit_code = models.CharField(_("unit GSO code"), max_length=5, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["unit_code", "-created_at"], name="audit_unit_idx"),
            models.Index(fields=["action", "-created_at"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"
class PendingImport(models.Model):
    """An uploaded file checked and shown as a preview, waiting for its owner to confirm it.

    Every import stages its upload here (`ntm_tracker.uploads.stage`), not in the session, on disk
    or in a signed form field: the confirm reads it back by its random `token`, only for its
    `owner` (another user's token is a 404), and rows past `expires_at` are deleted at each new
    stage and by `manage.py pending_imports_cleanup`.
    """

    class Kind(models.TextChoices):
        ASSESSMENTS = "assessments", _("Assessments")
        OCOP = "ocop", _("OCOP products")
        USERS = "users", _("Users")
        FUNDING = "funding", _("Amounts mobilised")
        SPONSORSHIPS = "sponsorships", _("Sponsorships")
        COMMUNE_GROUPS = "commune_groups", _("Commune groups")
        UNITS = "units", _("Administrative units")
        MODEL_SITES = "model_sites", _("Model villages and gardens")

    token = models.UUIDField(_("token"), unique=True, editable=False)
    owner = models.ForeignKey(User, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("file name"), max_length=255, blank=True)
    data = models.BinaryField(_("file"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")
        indexes = [models.Index(fields=["owner", "kind"], name="pending_import_owner_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind} · {self.owner_id} · {self.created_at:%d/%m/%Y %H:%M}"


class ApiToken(models.Model):
    """A key for the read API (`Authorization: Bearer <token>`), issued to one user by an
    administrator. Only a SHA-256 hash of the token is stored: the token itself is shown once, when
    it is created (`ntm_tracker.tokens`). A revoked token stays, for the record, and never works
    again. Calls made with it have exactly the rights of its user (`ntm_tracker.access`)."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the system that uses it."))
    prefix = models.CharField(_("prefix"), max_length=16, help_text=_("The token's first characters, to recognise it."))
    secret_hash = models.CharField(_("hash of the token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(User, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
