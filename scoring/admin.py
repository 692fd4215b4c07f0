from django.contrib import admin
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from scoring.models import Assessment, AssessmentCriterion, AssessmentIndicator, RubricVersion, StatusCorrection


@admin.register(RubricVersion)
class RubricVersionAdmin(SimpleHistoryAdmin):
    """Read-only here: the office creates rubric versions in the portal (scoring:rubric-create)."""

    list_display = ["number", "title", "valid_from", "is_current", "created_by", "created_at"]
    list_filter = ["is_current"]
    search_fields = ["title", "basis"]
    readonly_fields = ["preview"]
    fieldsets = (
        (None, {"fields": ("number", "title", "basis", "valid_from", "is_current", "created_by", "created_at")}),
        (
            "Критерии и показатели",
            {
                "fields": ("preview", "data"),
                "description": "Новую редакцию методики создаёт управление экономического развития на странице "
                "портала «Оценённые проекты» → «Методика оценки».",
            },
        ),
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="методика в таблице")
    def preview(self, obj):
        if obj is None or not obj.data:
            return "—"
        try:
            rubric = obj.to_rubric()
        except ValueError as exc:
            return str(exc)
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    f"{c.code}. {c.name}" if i is c.indicators[0] else "",
                    f"{i.code}. {i.text}",
                    str(i.weight).replace(".", ","),
                    ("несколько" if c.multiple else "один") if i is c.indicators[0] else "",
                    ("да" if c.code in rubric.cut_off else "нет") if i is c.indicators[0] else "",
                )
                for c in rubric.criteria
                for i in c.indicators
            ),
        )
        return format_html(
            "<table><thead><tr><th>Критерий</th><th>Показатель</th><th>Вес</th><th>Выбор</th>"
            "<th>Отсекающий</th></tr></thead><tbody>{}</tbody></table>"
            "<p>Федеральный статус — от {} баллов, региональный — от {}.</p>",
            rows,
            str(rubric.federal_from).replace(".", ","),
            str(rubric.regional_from).replace(".", ","),
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


@admin.register(StatusCorrection)
class StatusCorrectionAdmin(admin.ModelAdmin):
    list_display = ["assessment", "created_at", "acknowledged_at", "acknowledged_by"]
    list_select_related = ["assessment__project", "acknowledged_by"]
    readonly_fields = [f.name for f in StatusCorrection._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
