from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scoring.models import Assessment, AssessmentCriterion, AssessmentIndicator, RubricVersion


@admin.register(RubricVersion)
class RubricVersionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "valid_from", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["title", "basis"]
    fieldsets = (
        (None, {"fields": ("number", "title", "basis", "valid_from", "is_current")}),
        (
            "Критерии и показатели",
            {
                "fields": ("data",),
                "description": "Редакцию, по которой уже проведены оценки, изменить нельзя: создайте новую редакцию.",
            },
        ),
    )


class AssessmentCriterionInline(admin.TabularInline):
    model = AssessmentCriterion
    fields = ["code", "score", "chosen", "justification"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description="выбранные показатели")
    def chosen(self, obj):
        return ", ".join(i.code for i in obj.indicators.all()) or "—"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("indicators")


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    """Assessments are made through the portal's rules; the admin shows them and their history."""

    list_display = ["project", "kind", "state", "total", "status", "is_lean", "assessor_employee", "assessed_on"]
    list_filter = ["kind", "state", "status", "is_lean", "rubric_version"]
    search_fields = ["project__title", "project__organisation__short_name", "assessor_employee__last_name"]
    list_select_related = ["project", "assessor_employee"]
    date_hierarchy = "assessed_on"
    inlines = [AssessmentCriterionInline]
    readonly_fields = [
        "project",
        "rubric_version",
        "kind",
        "state",
        "total",
        "is_lean",
        "status",
        "cut_off_by",
        "assessor",
        "assessor_employee",
        "assessed_on",
        "submitted_at",
        "decided_at",
        "decided_by",
        "decision_comment",
        "replaced_by",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AssessmentIndicator)
class AssessmentIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "criterion"]
    search_fields = ["code"]

    def has_module_permission(self, request):
        return False
