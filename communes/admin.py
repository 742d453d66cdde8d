from django.contrib import admin

from communes.models import (
    CriteriaSet, Criterion, DossierStep, Indicator, ModelSite, ModelSiteTotal, Recognition, RecognitionDossier, Threshold,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["number", "group", "name", "source", "wording_verified"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "scope", "level", "legal_basis", "period_start", "period_end"]
    inlines = [CriterionInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["code", "text", "kind", "unit", "comparison", "position", "wording_verified"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "group", "criteria_set", "wording_verified"]
    list_filter = ["criteria_set", "group", "wording_verified"]
    inlines = [IndicatorInline]


class ThresholdInline(admin.TabularInline):
    model = Threshold
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "kind", "comparison", "criterion", "wording_verified"]
    list_filter = ["criterion__criteria_set", "kind", "wording_verified"]
    search_fields = ["code", "text"]
    inlines = [ThresholdInline]


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "level", "kind", "decision_number", "decision_date", "standard_year", "verified"]
    list_filter = ["level", "kind", "standard_year", "issuer", "verified"]
    search_fields = ["decision_number", "commune__name", "district__name"]
    autocomplete_fields = ["commune", "district"]
    list_select_related = ["commune__district", "district"]


class DossierStepInline(admin.TabularInline):
    model = DossierStep
    extra = 0
    fields = ["on", "status", "body", "note", "recorded_by"]
    readonly_fields = fields  # steps are taken on the dossier page (audited), not here

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RecognitionDossier)
class RecognitionDossierAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "body", "standard_year", "verified"]
    list_filter = ["status", "body", "level", "standard_year", "verified"]
    search_fields = ["commune__name", "district__name", "province__name"]
    autocomplete_fields = ["province", "district", "commune", "recognition"]
    readonly_fields = ["status", "body"]
    inlines = [DossierStepInline]
@admin.register(ModelSite)
class ModelSiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "recognised_on", "decision", "verified"]
    list_filter = ["kind", "verified"]
    search_fields = ["name", "commune__name", "decision"]
    raw_id_fields = ["commune"]


@admin.register(ModelSiteTotal)
class ModelSiteTotalAdmin(admin.ModelAdmin):
    list_display = ["province", "kind", "as_of", "count", "verified"]
    list_filter = ["kind", "verified"]
