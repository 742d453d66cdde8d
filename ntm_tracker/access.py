"""Who may view and who may edit what: the one place where permissions are decided.

Reading: a user reads the whole province their scope lies in (a commune officer sees the other
communes of the province, as the provincial reports do); an administrator reads everything.
Anything outside that is answered with 404, so other provinces' data is not even confirmed to exist.

Editing: province staff edit their province, district staff their district's communes, commune
staff their own commune; leaders never edit. A user who may read but not edit gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from communes.models import Commune, District, Province
from ntm_tracker.models import User

Role = User.Role


def user_province_id(user: User) -> int | None:
    """The id of the province the user's scope lies in (None for administrators).

    Cached on the user object: a request asks it several times.
    """
    if not hasattr(user, "_scope_province_id"):
        if user.commune_id:
            province_id = Commune.objects.filter(pk=user.commune_id).values_list("district__province_id", flat=True).first()
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
    return Province.objects.filter(districts__isnull=False).order_by("code").first()


def can_view_province(user: User, province: Province) -> bool:
    return user.role == Role.ADMIN or user_province_id(user) == province.pk


def can_edit_commune(user: User, commune: Commune) -> bool:
    match user.role:
        case Role.ADMIN:
            return True
        case Role.PROVINCE:
            return commune.district.province_id == user.province_id
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


def get_province_for_user(user: User, code: str, *, write: bool = False) -> Province:
    province = get_object_or_404(Province, code=code)
    if not can_view_province(user, province):
        raise Http404
    if write and not can_edit_province(user, province):
        raise PermissionDenied
    return province


def get_district_for_user(user: User, code: str, *, write: bool = False) -> District:
    district = get_object_or_404(District.objects.select_related("province"), code=code)
    if not can_view_province(user, district.province):
        raise Http404
    if write and not can_edit_district(user, district):
        raise PermissionDenied
    return district


def get_commune_for_user(user: User, code: str, *, write: bool = False) -> Commune:
    commune = get_object_or_404(Commune.objects.select_related("district__province"), code=code)
    if not can_view_province(user, commune.district.province):
        raise Http404
    if write and not can_edit_commune(user, commune):
        raise PermissionDenied
    return commune


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
    return get_object_or_404(User.objects.select_related("province", "district__province", "commune__district"), pk=pk)



def editable_unit(user: User) -> Province | District | Commune | None:
    """The unit whose data the user may edit: their scope for province, district and commune
    staff; None for leaders (who edit nothing) and administrators (who edit everything)."""
    if user.role in (Role.PROVINCE, Role.DISTRICT, Role.COMMUNE):
        return user.scope
    return None
