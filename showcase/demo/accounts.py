"""Demo users: one per role, with a known password printed by `manage.py demo`."""

from axes.utils import reset as axes_reset
from django.db import transaction
from django.db.models import Q

from dashboards.models import Target
from dashboards.services import target_create
from ntm_tracker.models import User
from territory.models import Commune, District, Province

DEMO_PASSWORD = "NongThonMoi@2024"


@transaction.atomic
def demo_users_load() -> list[tuple[str, str, str]]:
    """Create or reset the demo accounts; return (username, role label, scope) for each."""
    province = Province.objects.get(code="42")
    district = District.objects.get(code="443")  # Huyện Can Lộc
    # A commune of Can Lộc in 2024 (after the 2025 reform it stands under the province, or has closed).
    commune = Commune.objects.filter(Q(district=district) | Q(periods__district=district),
                                     kind=Commune.Kind.COMMUNE).order_by("code").first()
    # A commune of today's map (from 1 July 2025), once the demo has applied the reform.
    reformed = Commune.objects.filter(province=province, district__isnull=True, valid_to__isnull=True,
                                      kind=Commune.Kind.COMMUNE).order_by("code").first()
    accounts = [
        ("quantri", "Quản trị hệ thống", User.Role.ADMIN, {}),
        ("tinh", "Cán bộ VP Điều phối NTM tỉnh", User.Role.PROVINCE, {"province": province}),
        ("huyen", "Cán bộ huyện Can Lộc", User.Role.DISTRICT, {"district": district}),
        ("xa", f"Cán bộ xã {commune.name}", User.Role.COMMUNE, {"commune": commune}),
        ("lanhdao", "Lãnh đạo tỉnh", User.Role.LEADER, {"province": province}),
        ("trunguong", "Văn phòng Điều phối NTM Trung ương", User.Role.NATIONAL, {}),
    ]
    if reformed is not None:
        accounts.append(("xamoi", f"Cán bộ xã {reformed.name} (từ 1/7/2025)", User.Role.COMMUNE, {"commune": reformed}))
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


# The 2024 targets of the provincial conference of 21/02/2024 (see showcase/demo/communes.py for the sources):
# (metric, value, named district codes, note).
TARGETS_2024 = [
    ("communes_ntm_share", 100, "", "Giữ vững 100% xã đạt chuẩn NTM"),
    ("communes_new_advanced", 20, "", "Thêm 20 xã đạt chuẩn NTM nâng cao"),
    ("communes_new_model", 5, "", "Thêm 5 xã đạt chuẩn NTM kiểu mẫu"),
    ("districts_done_share", 100, "", "100% đơn vị cấp huyện đạt chuẩn/hoàn thành nhiệm vụ (Hương Khê đạt chuẩn NTM)"),
    # Thạch Hà, Đức Thọ, Can Lộc, Nghi Xuân
    ("districts_advanced_named", 4, "445,440,443,442", "Thạch Hà, Đức Thọ, Can Lộc, Nghi Xuân đạt chuẩn NTM nâng cao"),
    ("urban_civilised_share", 100, "", "100% phường, thị trấn đạt chuẩn đô thị văn minh"),
    ("ocop_new_products", 50, "", "Ít nhất 50 sản phẩm OCOP mới"),
    ("ocop_new_products_4star", 5, "", "Ít nhất 5 sản phẩm đạt 4 sao trở lên"),
]

# The conference's "complete the province-level requirements" goal, as an entered yes/no target.
ENTERED_2024 = {
    "title": "Tỉnh hoàn thành nhiệm vụ xây dựng nông thôn mới",
    "note": "Mục tiêu năm 2024: hoàn thành các yêu cầu cấp tỉnh (Hội nghị tổng kết 21/02/2024)",
}


def demo_targets_load() -> str:
    """Add the province's 2024 targets that are missing (never overwrites an edited one)."""
    province = Province.objects.get(code="42")
    existing = set(Target.objects.filter(province=province, year=2024, district__isnull=True)
                   .values_list("metric", flat=True))
    added = 0
    for metric, value, codes, note in TARGETS_2024:
        if metric in existing:
            continue
        target_create(province=province, actor=None, data={
            "year": 2024, "district": None, "metric": metric, "value": value, "baseline": None,
            "district_codes": codes, "note": note,
        })
        added += 1
    # An entered yes/no goal (its actual is entered by province staff: not reported in the demo).
    title = ENTERED_2024["title"]
    if not Target.objects.filter(province=province, year=2024, kind=Target.Kind.YES_NO, title=title).exists():
        target_create(province=province, actor=None, data={
            "year": 2024, "district": None, "kind": Target.Kind.YES_NO, "metric": "", "value": 1, **ENTERED_2024})
        added += 1
    return f"Targets 2024: {added} added."
