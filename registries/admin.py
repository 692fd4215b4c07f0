from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lean_portal.admin_a11y import LabelledListEditableMixin
from orgs.models import Employee
from registries.models import (
    Contest,
    ContestEntry,
    ContestNomination,
    CultureDiagnostic,
    DiagnosticRating,
    DiagnosticStatement,
    GoalSurvey,
    ModelSite,
    Suggestion,
    SuggestionTransition,
    Survey,
    SurveyQuestion,
    Training,
)
from registries.services.training import employee_refresh_lean_basics


class CreatedByAdmin(SimpleHistoryAdmin):
    """Records who entered a record through the admin; the field is not typed in."""

    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class SuggestionTransitionInline(admin.TabularInline):
    model = SuggestionTransition
    extra = 0
    readonly_fields = ["from_state", "to_state", "user", "at", "comment"]
    can_delete = False


@admin.register(Suggestion)
class SuggestionAdmin(CreatedByAdmin):
    list_display = ["__str__", "organisation", "submitted_on", "state", "implemented_on"]
    list_filter = ["state", "organisation"]
    search_fields = ["title", "problem", "solution"]
    date_hierarchy = "submitted_on"
    autocomplete_fields = ["organisation", "authors"]
    raw_id_fields = ["project"]
    list_select_related = ["organisation"]
    inlines = [SuggestionTransitionInline]


@admin.register(Training)
class TrainingAdmin(CreatedByAdmin):
    list_display = ["employee", "kind", "provider", "started_on", "completed_on", "hours", "confirmed_at"]
    list_filter = ["kind", "employee__organisation"]
    # The office confirms in the portal (who and when); nobody types a confirmation in.
    readonly_fields = ["created_by", "confirmed_by", "confirmed_at"]
    search_fields = ["employee__last_name", "employee__first_name", "provider"]
    autocomplete_fields = ["employee", "mentor"]
    list_select_related = ["employee"]

    # The derived lean-basics date must follow edits made here too.
    def save_model(self, request, obj, form, change):
        previous = Training.objects.filter(pk=obj.pk).values_list("employee_id", flat=True).first()
        super().save_model(request, obj, form, change)
        employee_ids = {obj.employee_id, previous} - {None}
        for employee in Employee.objects.filter(pk__in=employee_ids):
            employee_refresh_lean_basics(employee)

    def delete_model(self, request, obj):
        employee = obj.employee
        super().delete_model(request, obj)
        employee_refresh_lean_basics(employee)

    def delete_queryset(self, request, queryset):
        employee_ids = set(queryset.values_list("employee_id", flat=True))
        super().delete_queryset(request, queryset)
        for employee in Employee.objects.filter(pk__in=employee_ids):
            employee_refresh_lean_basics(employee)


@admin.register(ModelSite)
class ModelSiteAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "sphere", "audit_date", "auditor"]
    list_filter = ["sphere", "organisation"]
    search_fields = ["title", "auditor"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation", "sphere"]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


@admin.register(Survey)
class SurveyAdmin(CreatedByAdmin):
    list_display = ["title", "organisation", "method", "held_on", "is_open", "respondents", "satisfied_share"]
    list_filter = ["method", "is_open", "organisation"]
    search_fields = ["title", "service"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["project"]
    readonly_fields = ["public_token", "created_by"]
    list_select_related = ["organisation"]
    inlines = [SurveyQuestionInline]


@admin.register(GoalSurvey)
class GoalSurveyAdmin(SimpleHistoryAdmin):
    list_display = ["goal", "survey", "moment"]
    raw_id_fields = ["goal", "survey"]


class ContestNominationInline(admin.TabularInline):
    model = ContestNomination
    extra = 0


class ContestEntryInline(admin.TabularInline):
    model = ContestEntry
    extra = 0
    raw_id_fields = ["project", "suggestion"]


@admin.register(Contest)
class ContestAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "organisation", "held_on"]
    list_filter = ["year"]
    search_fields = ["title"]
    autocomplete_fields = ["organisation"]
    inlines = [ContestNominationInline, ContestEntryInline]


@admin.register(DiagnosticStatement)
class DiagnosticStatementAdmin(LabelledListEditableMixin, SimpleHistoryAdmin):
    list_display = ["text", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["text"]


class DiagnosticRatingInline(admin.TabularInline):
    model = DiagnosticRating
    extra = 0


@admin.register(CultureDiagnostic)
class CultureDiagnosticAdmin(CreatedByAdmin):
    list_display = ["organisation", "year", "held_on", "participants"]
    list_filter = ["year"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]
    inlines = [DiagnosticRatingInline]
