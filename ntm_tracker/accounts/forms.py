"""Forms of the core app: user management, own account, audit filters. Messages in English msgids,
shown in Vietnamese through the catalogue."""

import datetime

from django import forms
from django.db import models
from django.db.models import Q
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ntm_tracker.collation import vietnamese
from territory.models import Commune, District, Province
from ntm_tracker.models import AuditEvent, User
from ntm_tracker.accounts.services import IMPORT_BOUNDS, scope_for_role
from ntm_tracker.uploads import upload_size_validate
from ntm_tracker.validators import no_markup
from ntm_tracker.widgets import DatalistChoiceField

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]
TYPE_AHEAD_HELP = _("Type a few letters of the name, then choose from the list.")


def _plausible_id(value) -> bool:
    # Larger numbers overflow the database integer: refuse them as "not a valid choice".
    return str(value).isdigit() and len(str(value)) <= 18


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picked by id; anything that cannot be an id is an invalid choice, not a crash."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _plausible_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class DistrictChoiceField(UnitChoiceField):
    def label_from_instance(self, obj: District) -> str:
        return f"{obj.full_name} ({obj.province.name})"


class ScopeUnitField(DatalistChoiceField):
    """A scope unit typed with the browser's type-ahead: its label, among the units the form offers
    (`queryset`, narrowed by the units picked above it), or an id of any unit (`every_unit`: a
    script, an older page) — the scope rule then says whether the units fit together."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, **kwargs)
        self.every_unit = queryset

    def to_python(self, value):
        text = " ".join(str(value or "").split())
        if not text.isdigit():
            return super().to_python(text)
        found = self.every_unit.filter(pk=text).first() if _plausible_id(text) else None
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


class ProvinceField(ScopeUnitField):
    def label_from_instance(self, obj: Province) -> str:
        return obj.full_name


class ScopeDistrictField(ScopeUnitField):
    def label_from_instance(self, obj: District) -> str:
        return f"{obj.full_name} ({obj.province.name})"


class ScopeCommuneField(ScopeUnitField):
    def label_from_instance(self, obj: Commune) -> str:
        return f"{obj.full_name} ({obj.code})"


class ScopeFieldsMixin:
    """Province, district and commune boxes with the browser's type-ahead, each offering the units
    of the one picked above it.

    The country's communes are far too many for one list: the commune box offers the communes of
    the chosen district (or, for a commune without one since 2025, of the chosen province), the
    district box the districts of the chosen province; the page refreshes the boxes through htmx
    when one changes. A typed label is looked up among the units offered; an id, among every unit.
    """

    def narrow_scope_pickers(self) -> None:
        fields = self.fields
        # Today's units only (the 34 provinces, no district since 1 July 2025), and the account's
        # own unit even if it has closed since: a scope is given on today's map.
        for name in ("province", "district", "commune"):
            own = getattr(self.instance, f"{name}_id", None) if getattr(self, "instance", None) else None
            fields[name].queryset = fields[name].queryset.filter(Q(valid_to__isnull=True) | Q(pk=own))
        province = self._picked("province")
        districts = fields["district"].queryset.select_related("province").order_by("province__code", "code")
        fields["district"].queryset = districts.filter(province_id=province) if province else districts
        district = self._picked("district")
        communes = fields["commune"].queryset.select_related("district", "province").order_by(vietnamese("name"), "code")
        if district:
            communes = communes.filter(district_id=district)
        elif province:
            communes = communes.filter(province_id=province)
        else:
            communes = communes.none()
        fields["commune"].queryset = communes
        if not (district or province):
            fields["commune"].widget.attrs["placeholder"] = _("Choose a province or district first")
        self.picked_ids = {"province": province, "district": district, "commune": self._picked("commune")}

    def _picked(self, name: str) -> str:
        """The id of the unit picked in `name` so far (typed label or id), "" when none or unknown."""
        if self.is_bound:
            value = self.data.get(self.add_prefix(name)) or ""
        else:
            value = self.initial.get(name) or ""
        if isinstance(value, models.Model):
            return str(value.pk)
        try:
            unit = self.fields[name].to_python(value)
        except forms.ValidationError:
            return ""
        if unit and not self.is_bound:
            self.initial[name] = unit  # the refreshed box shows the label of what the typing found
        return str(unit.pk) if unit else ""


class UserForm(ScopeFieldsMixin, forms.ModelForm):
    """Create an account or change its role, scope, name, e-mail and language."""

    province = ProvinceField(label=_("Province"), queryset=Province.objects.order_by("code"), required=False,
                             help_text=TYPE_AHEAD_HELP)
    district = ScopeDistrictField(label=_("District"), queryset=District.objects.select_related("province"),
                                  required=False, help_text=TYPE_AHEAD_HELP)
    commune = ScopeCommuneField(label=_("Commune"), queryset=Commune.objects.select_related("district", "province"),
                                required=False, help_text=TYPE_AHEAD_HELP)

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "role", "province", "district", "commune", "language"]

    def __init__(self, *args, creating: bool = True, acting_user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        if not creating:
            del self.fields["username"]
        self.fields["full_name"].validators.append(no_markup)
        self.fields["full_name"].required = True
        self.fields["role"].help_text = _(
            "Province staff: choose the province. District staff: the district. Commune staff: the "
            "commune. Leader: a province or a district. National office and administrator: no scope.")
        if self.instance.pk and not self.is_bound:
            self._initial_scope_pickers()
        self.narrow_scope_pickers()

    def _initial_scope_pickers(self) -> None:
        """An account stores only its scope unit (a commune officer: the commune); the pickers show
        the units that contain it too, so the form opens on the scope and saves unchanged."""
        # Units rather than ids: the boxes show their labels without looking them up again.
        commune, district = self.instance.commune, self.instance.district
        if commune is not None:
            self.initial["commune"] = commune
            district = commune.district
            self.initial["district"] = district
        if district is not None:
            self.initial["province"] = district.province

    def clean(self):
        data = super().clean()
        if "role" not in data:
            return data
        role = data["role"]
        scope, errors = scope_for_role(role, data.get("province"), data.get("district"), data.get("commune"))
        for name, message in errors.items():
            if name not in self.errors:  # a box whose text matched no unit already says so
                self.add_error(name, message)
        data.update(scope)
        if self.acting_user is not None and self.instance.pk == self.acting_user.pk and role != User.Role.ADMIN:
            # Otherwise the last administrator could lock everybody out of user management.
            self.add_error("role", _("You cannot take away your own administrator role."))
        return data

    def validate_constraints(self):
        # The scope rule already produced a clear message; the check constraint would only add
        # its technical name. With no error, scope_for_role's result satisfies the constraint.
        if not self.errors:
            super().validate_constraints()


class UserFilterForm(forms.Form):
    """The filters of the user list (a GET form); every field optional."""

    ACTIVE_CHOICES = [("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *User.Role.choices])
    province = UnitChoiceField(label=_("Province"), queryset=Province.objects.order_by("code"), required=False,
                                      empty_label=_("All provinces"))
    district = DistrictChoiceField(label=_("District"), queryset=District.objects.select_related("province").order_by("province__code", "code"),
                                   required=False, empty_label=_("All districts"))
    commune = forms.CharField(label=_("Commune GSO code"), required=False, max_length=5)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)
    scope = forms.ChoiceField(label=_("Scope unit"), required=False,
                              choices=[("", _("Any")), ("dissolved", _("Scope dissolved (to re-scope)"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        province = self.data.get("province") or ""
        if _plausible_id(province):
            self.fields["district"].queryset = self.fields["district"].queryset.filter(province_id=province)


class UserImportForm(forms.Form):
    file = forms.FileField(label=_("List of users (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        upload_size_validate(upload, IMPORT_BOUNDS)
        return upload


class ApiTokenForm(forms.Form):
    """A new API token: only its name (what it is for); the token itself is generated."""

    name = forms.CharField(label=_("Token name"), max_length=100, validators=[no_markup],
                           help_text=_("What the token is for, e.g. the system that uses it."))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Interface language"), choices=settings.LANGUAGES, widget=forms.RadioSelect)


class AuditFilterForm(forms.Form):
    """Filters of the audit page (a GET form): user name, action, date range, unit GSO code."""

    user = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All actions")), *AuditEvent.Action.choices])
    date_from = forms.DateField(label=_("From"), required=False, input_formats=DATE_INPUTS,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To"), required=False, input_formats=DATE_INPUTS,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    unit = forms.CharField(label=_("Unit GSO code"), required=False, max_length=5)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
