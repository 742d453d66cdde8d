"""Demo users: one per role, with a known password printed by `manage.py demo`."""

from axes.utils import reset as axes_reset
from django.db import transaction

from communes.models import Commune, District, Province
from ntm_tracker.models import User

DEMO_PASSWORD = "NongThonMoi@2024"


@transaction.atomic
def demo_users_load() -> list[tuple[str, str, str]]:
    """Create or reset the demo accounts; return (username, role label, scope) for each."""
    province = Province.objects.get(code="42")
    district = District.objects.get(code="443")  # Huyện Can Lộc
    commune = Commune.objects.filter(district=district, kind=Commune.Kind.COMMUNE).order_by("code").first()
    accounts = [
        ("quantri", "Quản trị hệ thống", User.Role.ADMIN, {}),
        ("tinh", "Cán bộ VP Điều phối NTM tỉnh", User.Role.PROVINCE, {"province": province}),
        ("huyen", "Cán bộ huyện Can Lộc", User.Role.DISTRICT, {"district": district}),
        ("xa", f"Cán bộ xã {commune.name}", User.Role.COMMUNE, {"commune": commune}),
        ("lanhdao", "Lãnh đạo tỉnh", User.Role.LEADER, {"province": province}),
    ]
    result = []
    for username, full_name, role, scope in accounts:
        user, _ = User.objects.get_or_create(username=username, defaults={"role": role, **scope})
        user.full_name = full_name
        user.role = role
        user.province = scope.get("province")
        user.district = scope.get("district")
        user.commune = scope.get("commune")
        user.is_staff = user.is_superuser = role == User.Role.ADMIN
        user.is_active = True
        user.must_change_password = False
        user.language = "vi"
        user.set_password(DEMO_PASSWORD)
        user.save()
        axes_reset(username=username)  # running the demo again also lifts a login lockout
        result.append((username, user.get_role_display(), str(user.scope or "—")))
    return result
