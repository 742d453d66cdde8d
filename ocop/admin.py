from django.contrib import admin

from ocop.models import Certificate, Evaluation, ExportMarket, Nomination, Producer, Product


@admin.register(ExportMarket)
class ExportMarketAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune"]
    list_filter = ["kind", "commune__district"]
    search_fields = ["name"]
    list_select_related = ["commune"]
    autocomplete_fields = ["commune"]


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    extra = 0
    fields = ["year", "round", "council", "score_a", "score_b", "score_c"]


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    fields = ["stars", "issuer", "decision_number", "decision_date", "revoked", "revoked_on", "revoked_reason"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "producer", "group", "commune"]
    list_filter = ["group", "commune__district"]
    search_fields = ["name", "search_text"]
    list_select_related = ["producer", "commune"]
    autocomplete_fields = ["producer", "commune"]
    filter_horizontal = ["export_markets"]
    inlines = [EvaluationInline, CertificateInline]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["product", "year", "round", "council", "total", "stars"]
    list_filter = ["year", "council", "stars"]
    search_fields = ["product__name"]
    readonly_fields = ["total", "stars"]
    autocomplete_fields = ["product"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["product", "stars", "decision_number", "decision_date", "valid_until", "superseded", "revoked"]
    list_filter = ["stars", "issuer", "superseded", "revoked"]
    search_fields = ["product__name", "decision_number"]
    readonly_fields = ["valid_until", "superseded", "issuer_code"]
    autocomplete_fields = ["product", "evaluation"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["product", "proposed_stars", "nominated_by", "nominated_on", "outcome", "outcome_on", "verified"]
    list_filter = ["proposed_stars", "outcome", "verified"]
    search_fields = ["product__name", "nominated_by", "outcome_decision"]
    autocomplete_fields = ["product"]
