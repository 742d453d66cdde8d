"""Forms of the OCOP pages. Validation rules live on the models (clean, validators), so the
forms, the admin and the Excel import give the same Vietnamese messages."""

from collections import Counter

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from ntm_tracker.collation import vietnamese
from ntm_tracker.widgets import DatalistChoiceField, DatalistCodeField, QuickSelect
from ocop.models import (
    FIRST_YEAR,
    SUBGROUPS,
    Certificate,
    CertificateStatus,
    Evaluation,
    ExportMarket,
    Group,
    Nomination,
    Producer,
    Product,
    Subgroup,
)
from ocop.selectors import NO_CERTIFICATE, SORTS
from territory.models import Commune


class CodeChoices(BaseChoiceIterator):
    """An "all" choice, then (GSO code, name) pairs, handed to a choice field as they are: Django
    rebuilds a list of choices pair by pair, for the field and again for its widget, but takes a
    choice iterator as it is — for a province's few hundred communes that rebuilding is half the
    time the filter form takes to build."""

    def __init__(self, all_label, pairs: list[tuple[str, str]]):
        self.all_label, self.pairs = all_label, pairs

    def __iter__(self):
        yield "", self.all_label
        yield from self.pairs

    def __len__(self) -> int:
        return 1 + len(self.pairs)


TYPE_AHEAD_HELP = _("Type a few letters of the name, then choose from the list.")


class CommuneChoiceField(DatalistChoiceField):
    def label_from_instance(self, commune: Commune) -> str:
        # Since 1 July 2025 a commune stands under its province: its name alone.
        return f"{commune.full_name} — {commune.district.full_name}" if commune.district else commune.full_name


def communes_to_attach(communes, instance):
    """The communes a producer or product can be attached to: those of today's map, and the one
    it is attached to already (a product certified in a commune since merged keeps it)."""
    return communes.filter(Q(valid_to__isnull=True) | Q(pk=instance.commune_id)).select_related("district").order_by(
        "district__code", vietnamese("name"))


class ProducerChoiceField(DatalistChoiceField):
    def label_from_instance(self, producer: Producer) -> str:
        return f"{producer.name} — {producer.commune.full_name}"


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from, for the optimistic lock in ocop.services."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            if isinstance(field, forms.ModelMultipleChoiceField):
                continue
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = _("— Choose —")
            elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
                field.choices = [("", _("— Choose —"))] + list(field.choices)[1:]


class ProducerForm(VersionedForm):
    class Meta:
        model = Producer
        fields = ["name", "kind", "commune", "address", "phone"]
        field_classes = {"commune": CommuneChoiceField}
        help_texts = {"commune": TYPE_AHEAD_HELP}

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_to_attach(communes, self.instance)


class ProductForm(VersionedForm):
    class Meta:
        model = Product
        fields = ["name", "producer", "group", "subgroup", "commune", "export_markets", "description"]
        field_classes = {"commune": CommuneChoiceField, "producer": ProducerChoiceField}
        help_texts = {"commune": TYPE_AHEAD_HELP, "producer": TYPE_AHEAD_HELP}
        widgets = {"export_markets": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_to_attach(communes, self.instance)
        self.fields["producer"].queryset = Producer.objects.filter(commune__in=communes).select_related(
            "commune").order_by(vietnamese("name"), "id")
        # Subgroups listed under their group, so the choice reads as in Decision 919.
        self.fields["subgroup"].choices = [("", _("— Choose —"))] + [
            (Group(group).label, [(sub, Subgroup(sub).label) for sub in subs]) for group, subs in SUBGROUPS.items()]
        # static/js/forms.js shows only the chosen group's subgroups.
        self.fields["subgroup"].widget.attrs["data-narrowed-by"] = self["group"].auto_id
        self.fields["export_markets"].queryset = ExportMarket.objects.order_by("name")


class EvaluationForm(VersionedForm):
    class Meta:
        model = Evaluation
        fields = ["year", "round", "council", "score_a", "score_b", "score_c"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in (("score_a", 40), ("score_b", 25), ("score_c", 35)):
            self.fields[name].widget.attrs.update({"min": 0, "max": limit, "step": "0.01"})
            self.fields[name].error_messages["max_decimal_places"] = _("Enter at most 2 decimal places.")
        if not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year


class CertificateForm(VersionedForm):
    stars = forms.IntegerField(label=_("stars"), min_value=1, max_value=5,
                               error_messages={"min_value": _("Stars run from 1 to 5."), "max_value": _("Stars run from 1 to 5.")})

    class Meta:
        model = Certificate
        fields = ["evaluation", "stars", "issuer", "decision_number", "decision_date", "revoked", "revoked_on", "revoked_reason"]
        widgets = {"decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "revoked_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, product: Product, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.product = product
        self.fields["evaluation"].queryset = product.evaluations.order_by("-year", "-round")
        if not self.instance.pk:
            for name in ("revoked", "revoked_on", "revoked_reason"):
                del self.fields[name]


class NominationForm(VersionedForm):
    class Meta:
        model = Nomination
        fields = ["proposed_stars", "nominated_by", "nominated_on", "outcome", "outcome_on", "outcome_decision",
                  "source", "verified", "note"]
        widgets = {"nominated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "outcome_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, product: Product, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.product = product


def _distinct_labels(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(code, name) pairs whose names the type-ahead can tell apart: a name two units share gets
    its GSO code ("Xã Thạch Long (18436)")."""
    seen = Counter(name for _code, name in pairs)
    return [(code, f"{name} ({code})" if seen[name] > 1 else name) for code, name in pairs]


class ProductFilterForm(forms.Form):
    """The list filters: a GET form, so every filtered view has a shareable URL."""

    q = forms.CharField(label=_("Search"), required=False)
    district = forms.ChoiceField(label=_("District unit"), required=False, widget=QuickSelect)
    # A province has a few hundred communes: typed with the browser's type-ahead.
    commune = DatalistCodeField(label=_("Commune"), required=False, help_text=TYPE_AHEAD_HELP)
    group = forms.ChoiceField(label=_("Product group"), required=False, widget=QuickSelect,
                              choices=[("", _("All groups"))] + Group.choices)
    stars = forms.TypedChoiceField(label=_("Stars"), required=False, coerce=int, empty_value=None, widget=QuickSelect,
                                   choices=[("", _("All")), (3, "3★"), (4, "4★"), (5, "5★")])
    status = forms.ChoiceField(label=_("Certificate status"), required=False, widget=QuickSelect,
                               choices=[("", _("All")), *CertificateStatus.choices, (NO_CERTIFICATE, _("Not certified"))])
    year = forms.TypedChoiceField(label=_("Year certified"), required=False, coerce=int, empty_value=None,
                                  widget=QuickSelect)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, widget=QuickSelect, choices=[
        ("name", _("Name A–Z")), ("-name", _("Name Z–A")), ("-stars", _("Most stars")), ("stars", _("Fewest stars")),
        ("valid_until", _("Expires soonest")), ("-valid_until", _("Expires latest")), ("commune", _("District, commune")),
    ])

    province = forms.ChoiceField(label=_("Province"), required=False, widget=QuickSelect)
    field_order = ["province"]

    def __init__(self, data, *, districts: list[tuple[str, str]], communes: list[tuple[str, str]],
                 provinces: list[tuple[str, str]] | None = None):
        """`districts` and `communes`: (GSO code, full name) pairs, as `selectors.filter_units` reads them;
        `provinces` the same for a user who reads several provinces (otherwise no province field)."""
        super().__init__(data)
        if provinces is None:
            del self.fields["province"]
        else:
            self.fields["province"].choices = provinces
        self.fields["district"].choices = CodeChoices(_("All districts"), districts)
        self.fields["commune"].choices = CodeChoices(_("All communes"), _distinct_labels(communes))
        self.fields["commune"].widget.attrs["placeholder"] = _("All communes")
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]
        assert set(dict(self.fields["sort"].choices)) == set(SORTS)

    def filters(self) -> dict:
        """The valid filters; an invalid value (a hand-edited URL) is dropped rather than failing."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
