from django.contrib import admin

from plan.models import Indicator, Plan, Target


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["position", "code", "section", "wording", "unit", "computation", "scope"]
    show_change_link = True


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["year", "comparison", "value"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "first_year", "last_year", "decree"]
    filter_horizontal = ["executors"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "wording", "plan", "unit", "computation", "scope"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    inlines = [TargetInline]
