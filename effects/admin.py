from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from effects.models import ConversionRate, Effect, EffectForecast


@admin.register(ConversionRate)
class ConversionRateAdmin(SimpleHistoryAdmin):
    list_display = ["valid_from", "staff_hour_cost", "hours_per_position", "note"]


class EffectForecastInline(admin.TabularInline):
    model = EffectForecast
    extra = 0
    raw_id_fields = ["report"]


@admin.register(Effect)
class EffectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "project", "kind", "planned_value", "forecast_value", "actual_value", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "project__title"]
    raw_id_fields = ["project", "actual_by", "verified_by"]
    inlines = [EffectForecastInline]
