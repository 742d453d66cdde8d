from django.contrib import admin

from territory.models import Commune, CommuneLineage, District, DistrictLineage, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region", "valid_from", "valid_to"]
    list_filter = ["region", "kind"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "valid_from", "valid_to"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "district", "uses_mountain_thresholds", "excluded"]
    list_filter = ["kind", "excluded", "uses_mountain_thresholds", "district__province"]
    search_fields = ["code", "name"]
    list_select_related = ["district"]
    autocomplete_fields = ["district"]


@admin.register(CommuneLineage)
class CommuneLineageAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "resolution", "effective_on"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(DistrictLineage)
class DistrictLineageAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "resolution", "effective_on"]
    autocomplete_fields = ["predecessor", "successor"]
