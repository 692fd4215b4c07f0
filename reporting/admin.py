from django.contrib import admin

from reporting.models import (
    DeadlineRule,
    GoalActual,
    QuarterlyReport,
    ReminderLog,
    ReportProject,
    ReportTransition,
    SelfAssessment,
)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "organisation", "day", "month", "months_after", "remind_days_before"]
    list_filter = ["kind"]
    autocomplete_fields = ["organisation"]


class ReportProjectInline(admin.StackedInline):
    model = ReportProject
    extra = 0
    raw_id_fields = ["project"]


class GoalActualInline(admin.TabularInline):
    model = GoalActual
    extra = 0
    raw_id_fields = ["goal"]


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "user", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "quarter", "state", "submitted_at", "decided_at"]
    list_filter = ["year", "quarter", "state"]
    search_fields = ["organisation__short_name", "organisation__full_name"]
    raw_id_fields = ["organisation", "submitted_by", "decided_by", "created_by"]
    readonly_fields = ["snapshot"]
    inlines = [ReportProjectInline, GoalActualInline, TransitionInline]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "state", "completed_at", "sent_at"]
    list_filter = ["year", "state"]
    search_fields = ["organisation__short_name"]
    raw_id_fields = ["organisation", "completed_by", "sent_by"]
    readonly_fields = ["figures"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["sent_on", "organisation", "item", "recipients"]
    list_filter = ["sent_on"]
    search_fields = ["organisation__short_name", "item", "recipients"]
    date_hierarchy = "sent_on"
