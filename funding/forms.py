"""Forms of the money mobilised: the unit is chosen by its GSO code among those the user may edit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from funding.models import Funding, Sponsorship
from ntm_tracker.widgets import QuickSelect
from territory.models import Commune, District, Province

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _unit_of(code: str, units: list):
    return next((unit for unit in units if unit.code == code), None)


class FundingForm(forms.ModelForm):
    unit = forms.ChoiceField(label=_("Unit"), widget=QuickSelect,
                             help_text=_("The province, a district unit (until 30/6/2025) or a commune."))

    class Meta:
        model = Funding
        fields = ["unit", "year", "period_start", "source", "component", "amount", "source_document", "verified", "note"]

    def __init__(self, *args, units: list, may_verify: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["unit"].choices = [("", "—")] + [(u.code, u.full_name) for u in units]
        if self.instance.pk and self.instance.unit is not None:
            self.initial["unit"] = self.instance.unit.code
        self.fields["amount"].widget.attrs.update({"min": 0, "step": "0.001"})
        if not may_verify:
            del self.fields["verified"]  # figures are checked by the provincial office

    def clean(self):
        cleaned = super().clean()
        unit = _unit_of(cleaned.get("unit") or "", self.units)
        if cleaned.get("unit") and unit is None:
            self.add_error("unit", _("You may not record amounts for this unit."))
        elif unit is not None:
            self.instance.province = unit if isinstance(unit, Province) else None
            self.instance.district = unit if isinstance(unit, District) else None
            self.instance.commune = unit if isinstance(unit, Commune) else None
        return cleaned


class SponsorshipForm(forms.ModelForm):
    commune_code = forms.ChoiceField(label=_("Commune"), widget=QuickSelect)

    class Meta:
        model = Sponsorship
        fields = ["sponsor", "commune_code", "village", "date_from", "date_to", "decision", "amount", "note"]
        widgets = {"date_from": DATE, "date_to": DATE}

    def __init__(self, *args, communes: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = communes
        self.fields["commune_code"].choices = [("", "—")] + [(c.code, c.full_name) for c in communes]
        if self.instance.pk:
            self.initial["commune_code"] = self.instance.commune.code

    def clean(self):
        cleaned = super().clean()
        commune = _unit_of(cleaned.get("commune_code") or "", self.communes)
        if cleaned.get("commune_code") and commune is None:
            self.add_error("commune_code", _("You may not record sponsorships for this commune."))
        elif commune is not None:
            self.instance.commune = commune
        return cleaned
