from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from orgs.models import Employee, Organisation, PersonalDataAccess, Sphere, User


@admin.register(Sphere)
class SphereAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "kind", "sphere", "parent", "is_economy_office", "is_active"]
    list_filter = ["kind", "sphere", "is_active", "is_economy_office"]
    search_fields = ["full_name", "short_name"]
    autocomplete_fields = ["parent", "head", "decision_deputy"]
    list_select_related = ["sphere", "parent"]


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "position", "organisation", "lean_basics_completed_on", "is_active"]
    list_filter = ["organisation__kind", "is_active", ("lean_basics_completed_on", admin.EmptyFieldListFilter)]
    search_fields = ["last_name", "first_name", "middle_name", "position", "organisation__short_name"]
    autocomplete_fields = ["organisation"]
    # Derived from the employee's training records (registries); edit those instead.
    readonly_fields = ["lean_basics_completed_on"]
    list_select_related = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "employee", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "employee__last_name", "employee__first_name"]
    autocomplete_fields = ["employee"]
    list_select_related = ["employee"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Портал", {"fields": ("role", "employee")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Портал", {"fields": ("role", "employee")}),
    )


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence and nobody edits it."""

    list_display = ["at", "user", "action", "what", "records", "ip_address"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["user__username", "what", "path"]
    list_select_related = ["user"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
