"""Forms of the NTM progress pages. Messages are English msgids shown in Vietnamese."""

import datetime

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.models import EVIDENCE_EXTENSIONS, EVIDENCE_MAX_BYTES, CommuneGroupAssignment, Indicator, Level, Recognition
from territory.models import Commune, District
from communes.rules import unit_year_check, value_validate
from ntm_tracker.uploads import upload_size_validate
from communes.models import RecognitionDossier
from ntm_tracker.widgets import QuickSelect
from territory.models import Province

FILE_TYPE_MESSAGE = _("This file type is not allowed (allowed: %(allowed_extensions)s).")
MET_CHOICES = [("", _("No data")), ("yes", _("Met")), ("no", _("Not met"))]


class AssessmentForm(forms.Form):
    value = forms.DecimalField(label=_("Value"), required=False, max_digits=14, decimal_places=2,
                               localize=True)
    met = forms.ChoiceField(label=_("Status"), choices=MET_CHOICES, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    evidence = forms.FileField(label=_("Evidence"), required=False,
                               validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS, message=FILE_TYPE_MESSAGE)])
    clear_evidence = forms.BooleanField(label=_("Remove the evidence"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(label=_("Reason for the change (optional)"), max_length=255, required=False)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        # The commune page can hold several of these forms at once: ids carry the indicator.
        kwargs.setdefault("auto_id", f"id_%s_{indicator.pk}")
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.summary_id = f"indicator-{indicator.pk}-error-summary"
        if indicator.is_numeric:
            # A measured indicator's status follows its value: the form shows no status box, so an
            # error on it is told in the summary without a link.
            self.fields["met"].widget = forms.HiddenInput()
        else:
            del self.fields["value"]

    def clean_value(self):
        value = self.cleaned_data.get("value")
        try:
            value_validate(self.indicator, value)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return value

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence and evidence.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 10 MB)."))
        return evidence

    def clean_met(self):
        choice = self.cleaned_data.get("met")
        return {"yes": True, "no": False}.get(choice)


def assessment_value_clean(indicator: Indicator, value):
    """`value` (text or a number) cleaned exactly as the edit form cleans it — its value field
    (12 integer digits, 2 decimals, no NaN or infinity) then `value_validate` — for the Excel
    import, so both accept the same values. Raises ValidationError with the form's messages."""
    cleaned = AssessmentForm.base_fields["value"].clean(value)
    value_validate(indicator, cleaned)
    return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecognitionForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the change (optional)"), max_length=255, required=False)
    confirm_level = forms.BooleanField(
        label=_("Record it even if the commune's assessment does not reach this level"), required=False,
        help_text=_("Asked only when the assessment of the standard's year falls short of the level."))

    class Meta:
        model = Recognition
        fields = ["level", "kind", "decision_number", "decision_date", "issuer", "standard_year",
                  "outstanding_field", "verified", "note"]
        widgets = {"decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, unit: Commune | District, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["decision_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["decision_number"].required = True
        self.fields["level"].choices = [(level.value, level.label) for level in self.allowed_levels()]

    def allowed_levels(self) -> list[Level]:
        if isinstance(self.unit, Commune):
            if self.unit.kind == Commune.Kind.COMMUNE:
                return [Level.NTM, Level.ADVANCED, Level.MODEL]
            return [Level.CIVILISED_URBAN]
        if self.unit.completes_task:
            return [Level.COMPLETED]
        return [Level.NTM, Level.ADVANCED]

    def clean_decision_date(self):
        date = self.cleaned_data.get("decision_date")
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("The decision date cannot be in the future."))
        return date

    def clean_standard_year(self):
        year = self.cleaned_data.get("standard_year")
        if year and not 2000 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("Enter a year between 2000 and next year."))
        return year

    def clean(self):
        cleaned = super().clean()
        level, kind = cleaned.get("level"), cleaned.get("kind")
        if level and level not in self.allowed_levels():
            self.add_error("level", _("This level does not apply to this kind of unit."))
        if level and kind:
            unit_field = "commune" if isinstance(self.unit, Commune) else "district"
            duplicates = Recognition.objects.filter(**{unit_field: self.unit}, level=level, kind=kind)
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            if duplicates.exists():
                self.add_error("level", _("A decision of this kind for this level is already recorded for this unit."))
        if cleaned.get("outstanding_field") and level != Level.MODEL:
            self.add_error("outstanding_field", _("Only model communes have an outstanding field."))
        date, year = cleaned.get("decision_date"), cleaned.get("standard_year")
        if date and year and date < datetime.date(year, 1, 1):
            self.add_error("decision_date", _("The decision cannot predate the year of the standard it recognises."))
        if year and "standard_year" not in self.errors:
            try:
                unit_year_check(self.unit, year)
            except forms.ValidationError as error:
                self.add_error("standard_year", error)
        self._level_check(cleaned, level, kind, year)
        return cleaned

    def _level_check(self, cleaned, level, kind, year) -> None:
        """A commune recognised at a level its assessment of the standard's year does not reach:
        say so first; the decision is recorded once the person ticks `confirm_level`."""
        from communes.review_checks import assessment_reaches

        if (self.errors or not isinstance(self.unit, Commune) or kind != Recognition.Kind.RECOGNISED or not year
                or level not in (Level.NTM, Level.ADVANCED, Level.MODEL) or cleaned.get("confirm_level")):
            return
        reached, met, total = assessment_reaches(self.unit, year, level)
        if reached is False:
            self.add_error("confirm_level", _(
                "The %(year)s assessment meets %(met)d of the %(total)d criteria of “%(level)s”: check the decision, "
                "then tick this box to record it anyway.") % {
                "year": year, "met": met, "total": total, "level": Level(level).label})


class GroupAssignmentForm(forms.ModelForm):
    class Meta:
        model = CommuneGroupAssignment
        fields = ["group", "valid_from", "valid_to", "basis", "deciding_act", "decided_on", "note"]
        widgets = {"decided_on": forms.DateInput(attrs={"type": "date"})}

    def clean_valid_from(self):
        year = self.cleaned_data["valid_from"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year


class CriteriaFileForm(forms.Form):
    file = forms.FileField(label=_("Criteria file (.csv or .xlsx)"),
                           validators=[FileExtensionValidator(["csv", "xlsx"], message=FILE_TYPE_MESSAGE)])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (at most 10 MB)."))
        return upload


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"), validators=[
        FileExtensionValidator(["xlsx"], message=FILE_TYPE_MESSAGE), upload_size_validate])


# --- Recognition dossiers ---------------------------------------------------------------------


class DossierForm(forms.ModelForm):
    """A new dossier: the unit by its GSO code (the province, a district unit or a commune), the
    level, the year, where it was submitted and when."""

    unit = forms.ChoiceField(label=_("Unit"), widget=QuickSelect)
    on = forms.DateField(label=_("Submitted on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    step_note = forms.CharField(label=_("Note on the step"), max_length=255, required=False)

    class Meta:
        model = RecognitionDossier
        fields = ["unit", "level", "standard_year", "body", "on", "source", "verified", "note"]
        labels = {"body": _("Submitted to")}

    def __init__(self, *args, units: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.code: unit for unit in units}
        self.fields["unit"].choices = [("", "—")] + [(u.code, u.full_name) for u in units]

    def clean(self):
        cleaned = super().clean()
        unit = self.units.get(cleaned.get("unit") or "")
        if unit is not None:
            self.instance.province = unit if isinstance(unit, Province) else None
            self.instance.district = unit if isinstance(unit, District) else None
            self.instance.commune = unit if isinstance(unit, Commune) else None
        return cleaned


class DossierStepForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), widget=QuickSelect)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    body = forms.ChoiceField(label=_("Now waiting at"), choices=RecognitionDossier.Body.choices, widget=QuickSelect)
    recognition = forms.ModelChoiceField(label=_("Recognition decision"), queryset=Recognition.objects.none(),
                                         required=False, help_text=_("When the dossier is recognised."))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, dossier: RecognitionDossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, RecognitionDossier.Status(s).label)
                                         for s in RecognitionDossier.NEXT[dossier.status]]
        self.initial.setdefault("body", dossier.body)
        if dossier.commune_id or dossier.district_id:
            self.fields["recognition"].queryset = Recognition.objects.filter(
                commune_id=dossier.commune_id, district_id=dossier.district_id).order_by("-standard_year")
class GroupImportForm(forms.Form):
    file = forms.FileField(label=_("Commune group sheet (.csv or .xlsx)"), validators=[
        FileExtensionValidator(["csv", "xlsx"], message=FILE_TYPE_MESSAGE)])

    def clean_file(self):
        from communes.services.groups import GROUP_BOUNDS

        upload = self.cleaned_data["file"]
        upload_size_validate(upload, GROUP_BOUNDS)
        return upload


class DistrictAssessmentForm(forms.Form):
    """A district's standing on each criterion of the district set for a year: met (or not, or no
    data), a note, and the version each row had when the form was opened."""

    def __init__(self, *args, criteria, stored, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria, self.stored = criteria, stored
        for criterion in criteria:
            current = stored.get(criterion.pk)
            n = criterion.number
            self.fields[f"met_{n}"] = forms.ChoiceField(
                label=f"{n}. {criterion.name}", choices=MET_CHOICES, required=False,
                initial="" if current is None or current.met is None else ("yes" if current.met else "no"))
            self.fields[f"note_{n}"] = forms.CharField(label=_("Note"), max_length=500, required=False,
                                                       initial=current.note if current else "")
            self.fields[f"version_{n}"] = forms.IntegerField(min_value=0, widget=forms.HiddenInput,
                                                             initial=current.version if current else 0)

    def rows(self):
        """(criterion, met field, note field, version field, stored row or None) for the template."""
        return [(c, self[f"met_{c.number}"], self[f"note_{c.number}"], self[f"version_{c.number}"],
                 self.stored.get(c.pk)) for c in self.criteria]

    def values(self) -> dict[int, tuple[bool | None, str, int]]:
        """{criterion id: (met, note, version)} for `district_assessments_save`."""
        met = {"": None, "yes": True, "no": False}
        return {c.pk: (met[self.cleaned_data[f"met_{c.number}"]], self.cleaned_data[f"note_{c.number}"].strip(),
                       self.cleaned_data[f"version_{c.number}"]) for c in self.criteria}
