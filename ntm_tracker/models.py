"""The custom user: every account has a role and, unless it administers the system, a scope.

The scope is the piece of territory the user works on: a province, a district or a commune.
What a role may do inside its scope is decided in one place, `ntm_tracker.access`.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NtmUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        PROVINCE = "province", _("Province staff")
        DISTRICT = "district", _("District staff")
        COMMUNE = "commune", _("Commune staff")
        LEADER = "leader", _("Leader (read-only)")

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.LEADER)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # Exactly the field that matches the role is set (see the constraint below); a leader is
    # scoped to a province or to one district.
    province = models.ForeignKey(
        "communes.Province", verbose_name=_("province"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    district = models.ForeignKey(
        "communes.District", verbose_name=_("district"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    commune = models.ForeignKey(
        "communes.Commune", verbose_name=_("commune"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)

    objects = NtmUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=(
                    Q(role="admin")
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
        """The unit this user works on (Province, District or Commune), or None for an admin."""
        return self.commune or self.district or self.province
