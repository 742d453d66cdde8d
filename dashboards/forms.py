"""Forms of the leaders' side: the dashboard filters and the target editor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communes.years import known_years
from dashboards.metrics import METRICS, metric_choices
from dashboards.models import Target
from ntm_tracker.widgets import QuickSelect
from territory.models import District, Province


class DashboardFilterForm(forms.Form):
    """Year and (on the province dashboard) district unit. The view reads the year with
    `communes.years.year_from_query` (a bad one falls back to the default year) and binds it; a bad
    district falls back to the whole province."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, widget=QuickSelect)
    district = forms.ChoiceField(label=_("District unit"), required=False, widget=QuickSelect)

    def __init__(self, data, *, districts: list[District]):
        super().__init__(data)
        self.fields["year"].choices = [(y, y) for y in known_years()]
        self.fields["district"].choices = [("", _("Whole province"))] + [(d.code, d.full_name) for d in districts]
        self.districts = {d.code: d for d in districts}

    def selected_district(self) -> District | None:
        self.is_valid()
        return self.districts.get(self.cleaned_data.get("district") or "")


class TargetForm(forms.ModelForm):
    metric = forms.ChoiceField(label=_("Metric"), choices=metric_choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Target
        fields = ["year", "district", "metric", "value", "baseline", "district_codes", "note"]
        error_messages = {
            "year": {"required": _("Enter the year.")},
            "value": {"required": _("Enter the target value."), "invalid": _("Enter a number.")},
            "baseline": {"invalid": _("Enter a number.")},
        }

    def __init__(self, *args, province: Province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.fields["district"].queryset = District.objects.filter(province=province).order_by("code")
        self.fields["district"].empty_label = _("Whole province")

    def clean_year(self):
        year = self.cleaned_data["year"]
        years = known_years()
        if year not in years:
            raise forms.ValidationError(_("Choose a year of the programme periods (%(first)s–%(last)s).")
                                        % {"first": years[0], "last": years[-1]})
        return year

    def clean_district_codes(self):
        codes = [c.strip() for c in self.cleaned_data["district_codes"].split(",") if c.strip()]
        known = set(District.objects.filter(province=self.province, code__in=codes).values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(
                _("Not a district unit of this province: %(codes)s") % {"codes": ", ".join(unknown)})
        return ",".join(dict.fromkeys(codes))

    def clean(self):
        cleaned = super().clean()
        metric = METRICS.get(cleaned.get("metric") or "")
        if metric is None:
            return cleaned
        value, district = cleaned.get("value"), cleaned.get("district")
        if value is not None and value < 0:
            self.add_error("value", _("The target cannot be negative."))
        if value is not None and metric.is_percent and value > 100:
            self.add_error("value", _("A percentage cannot be above 100."))
        if metric.province_only and district:
            self.add_error("district", _("This metric applies to the whole province only."))
        if metric.names_districts and not cleaned.get("district_codes"):
            self.add_error("district_codes", _("Name the district units this target is about."))
        if not metric.names_districts and cleaned.get("district_codes"):
            self.add_error("district_codes", _("Only targets about named district units list district codes."))
        year = cleaned.get("year")
        if year and not self.errors:
            clash = Target.objects.filter(province=self.province, year=year, metric=metric.key, district=district)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("metric", _("There is already a target for this metric, year and scope."))
        return cleaned
