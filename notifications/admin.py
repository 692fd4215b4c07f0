from django.contrib import admin

from notifications.models import DigestLog, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "event", "subject", "read_at", "emailed_to"]
    list_filter = ["event"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "recipient__username"]
    raw_id_fields = ["recipient", "actor"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "channel"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["iso_year", "iso_week", "organisation", "items", "sent_at"]
    list_select_related = ["organisation"]
