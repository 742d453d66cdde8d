from django.contrib import admin

from territory.models import (
    Commune, CommuneLineage, CommunePeriod, District, DistrictLineage, DistrictPeriod, Province, ProvinceLineage,
    ProvincePeriod,
)


class CommunePeriodInline(admin.TabularInline):
    model = CommunePeriod
    extra = 0
    fields = ["valid_from", "valid_to", "name", "kind", "district", "province"]
    raw_id_fields = ["district", "province"]


class DistrictPeriodInline(admin.TabularInline):
    model = DistrictPeriod
    extra = 0
    fields = ["valid_from", "valid_to", "name", "kind", "province"]
    raw_id_fields = ["province"]


class ProvincePeriodInline(admin.TabularInline):
    model = ProvincePeriod
    extra = 0
    fields = ["valid_from", "valid_to", "name", "kind"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region", "valid_from", "valid_to"]
    list_filter = ["region", "kind"]
    search_fields = ["code", "name"]
    inlines = [ProvincePeriodInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "valid_from", "valid_to"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]
    inlines = [DistrictPeriodInline]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "district", "province", "uses_mountain_thresholds", "excluded"]
    list_filter = ["kind", "excluded", "uses_mountain_thresholds", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["district", "province"]
    autocomplete_fields = ["district"]
    inlines = [CommunePeriodInline]


@admin.register(CommuneLineage)
class CommuneLineageAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "resolution", "effective_on", "partial"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(DistrictLineage)
class DistrictLineageAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "resolution", "effective_on", "partial"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(ProvinceLineage)
class ProvinceLineageAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "resolution", "effective_on", "partial"]
