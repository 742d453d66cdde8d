"""Who may view and who may edit what: the one place where permissions are decided.

Reading: a user reads the whole province their scope lies in (a commune officer sees the other
communes of the province, as the provincial reports do); an administrator and a national user (a
ministry office, read-only) read every province.
Anything outside that is answered with 404, so other provinces' data is not even confirmed to exist.

Editing: province staff edit their province, district staff their district's communes, commune
staff their own commune; leaders and national users never edit. A user who may read but not edit gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ntm_tracker.models import User
from territory.models import Commune, District, Province

Role = User.Role


def reads_every_province(user: User) -> bool:
    """Administrators and national users read every province (the national page, any province's
    dashboards, reports, communes and OCOP register)."""
    return user.role in (Role.ADMIN, Role.NATIONAL)


def can_view_national(user: User) -> bool:
    """The national page (`/provinces/`, every province side by side)."""
    return user.is_authenticated and user.is_active and reads_every_province(user)


def user_province_id(user: User) -> int | None:
    """The id of the province the user's scope lies in (None for administrators and national users).

    Cached on the user object: a request asks it several times.
    """
    if not hasattr(user, "_scope_province_id"):
        if user.commune_id:
            province_id = Commune.objects.filter(pk=user.commune_id).values_list("province_id", flat=True).first()
        elif user.district_id:
            province_id = District.objects.filter(pk=user.district_id).values_list("province_id", flat=True).first()
        else:
            province_id = user.province_id
        user._scope_province_id = province_id
    return user._scope_province_id


def home_province(user: User) -> Province | None:
    province_id = user_province_id(user)
    if province_id is not None:
        return Province.objects.get(pk=province_id)
    return Province.objects.filter(communes__isnull=False).order_by("code").first()


def can_view_province(user: User, province: Province) -> bool:
    return reads_every_province(user) or user_province_id(user) == province.pk


def can_edit_commune(user: User, commune: Commune) -> bool:
    match user.role:
        case Role.ADMIN:
            return True
        case Role.PROVINCE:
            return commune.province_id == user.province_id
        case Role.DISTRICT:
            return commune.district_id == user.district_id
        case Role.COMMUNE:
            return commune.pk == user.commune_id
    return False


def can_edit_district(user: User, district: District) -> bool:
    """District-level data (the district's own records, its products): district staff and above."""
    match user.role:
        case Role.ADMIN:
            return True
        case Role.PROVINCE:
            return district.province_id == user.province_id
        case Role.DISTRICT:
            return district.pk == user.district_id
    return False


def can_edit_province(user: User, province: Province) -> bool:
    """Province-wide records (recognition decisions, targets): province staff and administrators."""
    return user.role == Role.ADMIN or (user.role == Role.PROVINCE and user.province_id == province.pk)


# GSO code lengths. A code in a path is checked by its URL converter (ntm_tracker.converters); one
# from a query string (?province=, ?district=) is checked here: garbage is a 404 without a query.
CODE_LENGTHS = {Province: 2, District: 3, Commune: 5}


def _check_code(model, code) -> None:
    if not (isinstance(code, str) and code.isascii() and code.isdigit() and len(code) == CODE_LENGTHS[model]):
        raise Http404


def get_province_for_user(user: User, code: str, *, write: bool = False) -> Province:
    _check_code(Province, code)
    province = get_object_or_404(Province, code=code)
    if not can_view_province(user, province):
        raise Http404
    if write and not can_edit_province(user, province):
        raise PermissionDenied
    return province


def get_district_for_user(user: User, code: str, *, write: bool = False) -> District:
    _check_code(District, code)
    district = get_object_or_404(District.objects.select_related("province"), code=code)
    if not can_view_province(user, district.province):
        raise Http404
    if write and not can_edit_district(user, district):
        raise PermissionDenied
    return district


def get_commune_for_user(user: User, code: str, *, write: bool = False) -> Commune:
    _check_code(Commune, code)
    commune = get_object_or_404(Commune.objects.select_related("district", "province"), code=code)
    if not can_view_province(user, commune.province):
        raise Http404
    if write and not can_edit_commune(user, commune):
        raise PermissionDenied
    return commune


# --- OCOP register -------------------------------------------------------------------------
# Province staff edit every producer and product of their province (with its evaluations and
# certificates); district staff those whose commune lies in their district; everyone else reads.


def ocop_province_for_user(user: User, code: str | None = None) -> Province:
    """The user's own province, whose OCOP register and dashboards they work on (administrators and
    national users, who have none: the first province with communes); 404 when no province is
    loaded. `code` (a `?province=`) picks another province for those who read several
    (administrators and national users: 404 for an unknown one); everyone else is held to their
    own province whatever it says."""
    if code and reads_every_province(user):
        return get_province_for_user(user, code)
    province = home_province(user)
    if province is None:
        raise Http404
    return province


def can_edit_ocop_commune(user: User, commune: Commune) -> bool:
    """May the user record producers and products located in this commune?"""
    if commune.district is None:  # from July 2025: the province's staff
        return can_edit_province(user, commune.province)
    return can_edit_district(user, commune.district)


def can_create_ocop(user: User, province: Province) -> bool:
    """May the user add producers and products somewhere in the province?"""
    match user.role:
        case Role.ADMIN:
            return True
        case Role.PROVINCE:
            return user.province_id == province.pk
        case Role.DISTRICT:
            return user_province_id(user) == province.pk
    return False


def ocop_editable_communes(user: User, province: Province):
    """The communes the user may attach OCOP producers and products to."""
    communes = Commune.objects.filter(province=province).select_related("district")
    if user.role == Role.DISTRICT:
        return communes.filter(district_id=user.district_id)
    if user.role in (Role.ADMIN, Role.PROVINCE) and can_create_ocop(user, province):
        return communes
    return communes.none()


def get_ocop_object_for_user(user: User, queryset, pk: int, *, commune_path: str, write: bool = False):
    """A producer, product, evaluation or certificate through its commune: 404 outside the user's
    province, 403 when writing outside the user's editing scope. `commune_path` is the lookup from
    the model to its Commune (e.g. "product__commune")."""
    obj = get_object_or_404(queryset.select_related(f"{commune_path}__district", f"{commune_path}__province"), pk=pk)
    commune = obj
    for part in commune_path.split("__"):
        commune = getattr(commune, part)
    if not can_view_province(user, commune.province):
        raise Http404
    if write and not can_edit_ocop_commune(user, commune):
        raise PermissionDenied
    return obj


def can_record_certificate_stars(user: User, stars: int | None) -> bool:
    """District staff record the 3★ certificates their People's Committee issues; 4★ (province)
    and 5★ (central council) certificates are recorded by province staff."""
    return user.role != Role.DISTRICT or stars in (None, 3)


# --- Dashboards and targets ----------------------------------------------------------------


def get_dashboard_province(user: User, code: str | None = None) -> Province:
    """The province a dashboard or report shows: `code` if given (readable, else 404), otherwise
    the user's own province (administrators: the first province with data)."""
    if code:
        return get_province_for_user(user, code)
    return ocop_province_for_user(user)


def can_edit_targets(user: User, province: Province) -> bool:
    """Targets are the province's: province staff and administrators set them, for any district too."""
    return can_edit_province(user, province)


def get_province_record_for_user(user: User, queryset, pk: int, *, write: bool = False):
    """A record of a province as a whole (a target): 404 outside the user's province, 403 when
    writing without `can_edit_targets`. `queryset` is of a model with a `province` field."""
    record = get_object_or_404(queryset.select_related("province"), pk=pk)
    if not can_view_province(user, record.province):
        raise Http404
    if write and not can_edit_targets(user, record.province):
        raise PermissionDenied
    return record


# --- NTM assessments: who edits, who takes which review step --------------------------------

REVIEW_STEPS = ("submit", "verify", "approve", "return", "reopen")


def can_edit_assessments(user: User, commune: Commune) -> bool:
    """Indicator values of a commune: the same people who edit the commune."""
    return can_edit_commune(user, commune)


def can_review(user: User, commune: Commune, step: str, state: str | None = None) -> bool:
    """May `user` take review `step` on `commune`'s assessment (currently in `state`)?

    submit: whoever edits the commune (commune staff and above); verify: the district's staff;
    approve and reopen: province staff; return: the reviewer of the current step (district staff
    while submitted, province staff while submitted or verified). Administrators may do anything.
    """
    province_staff = user.role in (Role.ADMIN, Role.PROVINCE) and can_edit_commune(user, commune)
    district_staff = user.role == Role.DISTRICT and commune.district_id == user.district_id
    match step:
        case "submit":
            return can_edit_commune(user, commune)
        case "verify":  # a commune without a district (from July 2025) has no verify step
            return commune.district_id is not None and (district_staff or user.role == Role.ADMIN)
        case "approve" | "reopen":
            return province_staff
        case "return":
            if state == "verified":
                return province_staff
            return province_staff or district_staff
    return False


def can_edit_district_assessments(user: User, district: District) -> bool:
    """A district's standing on the district set (2021–2025): its district staff, province staff of
    its province, administrators; leaders never."""
    return can_edit_district(user, district)


def can_review_district(user: User, district: District, step: str) -> bool:
    """submit: whoever edits the district's assessment; approve, return and reopen: province staff
    of its province (and administrators)."""
    match step:
        case "submit":
            return can_edit_district(user, district)
        case "approve" | "return" | "reopen":
            return user.role == Role.ADMIN or (user.role == Role.PROVINCE and district.province_id == user.province_id)
    return False


def can_record_recognitions(user: User, province: Province) -> bool:
    """Recognition decisions are recorded by the provincial office."""
    return can_edit_province(user, province)


def can_import_assessments(user: User) -> bool:
    """Everyone who edits some commune may upload a sheet; each row is then checked on its own."""
    return user.role in (Role.ADMIN, Role.PROVINCE, Role.DISTRICT, Role.COMMUNE)


def can_assign_groups(user: User, commune: Commune) -> bool:
    """A commune's group (which 2026–2030 thresholds apply): province staff of its province."""
    return user.role == Role.ADMIN or (user.role == Role.PROVINCE and commune.province_id == user.province_id)


def can_import_groups(user: User) -> bool:
    """A sheet of commune group decisions: province staff (their province's communes only) and
    administrators."""
    return user.role == Role.ADMIN or (user.role == Role.PROVINCE and user.province_id is not None)


def can_manage_catalogue(user: User) -> bool:
    """Loading criteria sets from a file (it changes every province's results): administrators only."""
    return user.role == Role.ADMIN


# --- Accounts and the audit trail ------------------------------------------------------------

def can_manage_users(user: User) -> bool:
    """Accounts, roles, scopes and the audit trail: administrators only."""
    return user.is_authenticated and user.is_active and user.role == Role.ADMIN

def require_user_manager(user: User) -> None:
    """Raise 403 unless the user may manage accounts and read the audit trail."""
    if not can_manage_users(user):
        raise PermissionDenied

def get_managed_user(user: User, pk: int) -> User:
    """An account an administrator manages (403 for anyone else, 404 for an unknown id)."""
    require_user_manager(user)
    return get_object_or_404(User.objects.select_related("province", "district__province", "commune__district",
                                                         "commune__province"), pk=pk)

def editable_unit(user: User) -> Province | District | Commune | None:
    """The unit whose data the user may edit: their scope for province, district and commune
    staff; None for leaders (who edit nothing) and administrators (who edit everything)."""
    if user.role in (Role.PROVINCE, Role.DISTRICT, Role.COMMUNE):
        return user.scope
    return None


# --- Money mobilised and recognition dossiers -------------------------------------------------

def can_edit_unit_record(user: User, unit: Province | District | Commune) -> bool:
    """A record of one unit (an amount mobilised): as the review workflow scopes editing —
    province staff their province and its units, district staff their district and its communes,
    commune staff their commune; leaders nothing."""
    if isinstance(unit, Province):
        return can_edit_province(user, unit)
    if isinstance(unit, District):
        return can_edit_district(user, unit)
    return can_edit_commune(user, unit)


def can_record_unit_records(user: User, province: Province) -> bool:
    """May the user record something for some unit of the province (the "new" button)?"""
    return user.role in (Role.ADMIN, Role.PROVINCE, Role.DISTRICT, Role.COMMUNE) and (
        user.role == Role.ADMIN or user_province_id(user) == province.pk)


def can_record_dossiers(user: User, province: Province) -> bool:
    """Recognition dossiers are recorded and moved by the provincial office."""
    return can_edit_province(user, province)
