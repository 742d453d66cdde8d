"""Forms of the leaders' side: the dashboard filters and the target editor."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communes.rules import unit_year_check
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
    """A computed target (a metric of the registry) or an entered one (yes/no, amount): the kind
    decides which fields count; the others are cleared so nothing stale is kept."""

    metric = forms.ChoiceField(label=_("Metric"), required=False,
                               choices=lambda: [("", _("— Choose —")), *metric_choices()],
                               help_text=_("For a target computed from the data."))
    value = forms.DecimalField(label=_("Target value"), required=False, max_digits=14, decimal_places=2,
                               error_messages={"invalid": _("Enter a number.")})
    done = forms.TypedChoiceField(label=_("Done?"), required=False, coerce=int, empty_value=None,
                                  choices=[("", _("Not reported yet")), (1, _("Yes")), (0, _("No"))],
                                  help_text=_("For a yes/no target: has it been done?"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Target
        fields = ["year", "start_year", "district", "kind", "metric", "title", "unit", "value", "baseline",
                  "district_codes", "actual", "actual_source", "actual_verified", "note"]
        error_messages = {
            "year": {"required": _("Enter the year.")},
            "baseline": {"invalid": _("Enter a number.")},
            "actual": {"invalid": _("Enter a number.")},
        }

    def __init__(self, *args, province: Province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.named_districts: dict[str, District] = {}  # the `district_codes` read, by code
        self.fields["district"].queryset = District.objects.filter(province=province).order_by("code")
        self.fields["district"].empty_label = _("Whole province")
        self.fields["year"].label = _("Year (the end of the period)")
        self.fields["kind"].required = False  # a form without the field keeps a computed target
        self.fields["actual"].help_text = _("For an amount target: the value reached, entered by province staff.")
        # Field order: what the target is, then its value, then the entered actual.
        self.order_fields(["kind", "year", "start_year", "district", "metric", "title", "unit", "value", "baseline",
                           "district_codes", "done", "actual", "actual_source", "actual_verified", "note"])
        if self.instance.pk and self.instance.kind == Target.Kind.YES_NO and self.instance.actual is not None:
            self.initial["done"] = int(self.instance.actual)

    def clean_year(self):
        year = self.cleaned_data["year"]
        years = known_years()
        if year not in years:
            raise forms.ValidationError(_("Choose a year of the programme periods (%(first)s–%(last)s).")
                                        % {"first": years[0], "last": years[-1]})
        return year

    def clean_district_codes(self):
        codes = [c.strip() for c in self.cleaned_data["district_codes"].split(",") if c.strip()]
        self.named_districts = {d.code: d for d in District.objects.filter(province=self.province, code__in=codes)}
        unknown = [c for c in codes if c not in self.named_districts]
        if unknown:
            raise forms.ValidationError(
                _("Not a district unit of this province: %(codes)s") % {"codes": ", ".join(unknown)})
        return ",".join(dict.fromkeys(codes))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned["kind"] = cleaned.get("kind") or (self.instance.kind if self.instance.pk else Target.Kind.COMPUTED)
        year, start = cleaned.get("year"), cleaned.get("start_year")
        if start is not None and year and not (known_years()[0] <= start <= year):
            self.add_error("start_year", _("The period starts in a year of the programme periods, at the latest in its end year."))
        if start == year:
            cleaned["start_year"] = None
        if kind == Target.Kind.COMPUTED:
            self._clean_computed(cleaned)
        else:
            self._clean_entered(cleaned, kind)
        if year:
            self._clean_units_of_year(cleaned, year)
        cleaned.pop("done", None)
        return cleaned

    def _clean_units_of_year(self, cleaned, year):
        """A target's district unit, and the units it names, existed in its year: none of the
        districts abolished on 1 July 2025 takes a 2026 target (`unit_year_check`)."""
        if (district := cleaned.get("district")) is not None:
            try:
                unit_year_check(district, year)
            except ValidationError as error:
                self.add_error("district", error)
        named = self.named_districts
        for code in sorted(c for c in (cleaned.get("district_codes") or "").split(",") if c in named):
            try:
                unit_year_check(named[code], year)
            except ValidationError as error:
                self.add_error("district_codes", error)

    def _clean_entered(self, cleaned, kind):
        cleaned["metric"], cleaned["district_codes"] = "", ""
        if not cleaned.get("title"):
            self.add_error("title", _("Describe the goal of an entered target."))
        if kind == Target.Kind.YES_NO:
            cleaned["value"], cleaned["baseline"], cleaned["unit"] = 1, None, ""
            cleaned["actual"] = cleaned.get("done")
        else:
            value = cleaned.get("value")
            if value is None and "value" not in self.errors:
                self.add_error("value", _("Enter the target value."))
            elif value is not None and value < 0:
                self.add_error("value", _("The target cannot be negative."))
            if cleaned.get("actual") is not None and cleaned["actual"] < 0:
                self.add_error("actual", _("The actual value cannot be negative."))
        if cleaned.get("actual") is None:
            cleaned["actual_source"], cleaned["actual_verified"] = "", False
        elif not cleaned.get("actual_source"):
            self.add_error("actual_source", _("Say where the actual value comes from (report, decision)."))

    def _clean_computed(self, cleaned):
        cleaned["title"], cleaned["unit"], cleaned["actual"] = "", "", None
        cleaned["actual_source"], cleaned["actual_verified"] = "", False
        metric = METRICS.get(cleaned.get("metric") or "")
        if metric is None:
            if "metric" not in self.errors:
                self.add_error("metric", _("Choose the metric of a computed target."))
            return
        value, district = cleaned.get("value"), cleaned.get("district")
        if value is None and "value" not in self.errors:
            self.add_error("value", _("Enter the target value."))
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
            clash = Target.objects.filter(province=self.province, year=year, metric=metric.key, district=district,
                                          kind=Target.Kind.COMPUTED)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("metric", _("There is already a target for this metric, year and scope."))
