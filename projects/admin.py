from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import ChangeRequest, Goal, JustificationItem, Project, TeamMember, Transition


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ["employee"]


class JustificationInline(admin.TabularInline):
    model = JustificationItem
    extra = 0


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    readonly_fields = ["from_state", "to_state", "user", "created_at", "comment"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "kind", "state", "stage1_date", "closed_on"]
    list_filter = ["state", "kind", "sphere", "organisation"]
    search_fields = ["title", "process", "customer", "organisation__short_name", "goals__name"]
    autocomplete_fields = ["organisation", "lead", "replicates", "participants"]
    readonly_fields = ["created_at", "updated_at", "version", "submitted_at", "approved_at", "approved_by"]
    date_hierarchy = "created_at"
    inlines = [TeamMemberInline, JustificationInline, GoalInline, TransitionInline]
    list_select_related = ["organisation"]


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["project", "from_state", "to_state", "user", "created_at"]
    list_filter = ["to_state"]
    search_fields = ["project__title", "comment"]
    list_select_related = ["project", "user"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(SimpleHistoryAdmin):
    list_display = ["summary", "project", "state", "created_by", "created_at"]
    list_filter = ["state"]
    search_fields = ["summary", "reason", "project__title"]
    list_select_related = ["project", "created_by"]
    readonly_fields = ["created_at", "decided_at"]
