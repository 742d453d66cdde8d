from django.contrib import admin

from funding.models import Funding, Sponsorship


@admin.register(Funding)
class FundingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "period_start", "source", "component", "amount", "verified"]
    list_filter = ["year", "source", "component", "verified"]
    search_fields = ["source_document", "note", "province__name", "district__name", "commune__name"]
    autocomplete_fields = ["province", "district", "commune"]
    list_select_related = ["province", "district", "commune"]


@admin.register(Sponsorship)
class SponsorshipAdmin(admin.ModelAdmin):
    list_display = ["sponsor", "commune", "village", "date_from", "date_to", "decision", "amount"]
    search_fields = ["sponsor", "village", "commune__name"]
    autocomplete_fields = ["commune"]
    list_select_related = ["commune"]
