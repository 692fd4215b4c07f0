"""The user's own notifications: the list, marking them read, the choice of channel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notifications.forms import PreferenceForm
from notifications.models import Notification
from notifications.services import email_address, notifications_mark_read, preference_for

PAGE_SIZE = 30


@login_required
def notification_list(request):
    notifications = Notification.objects.for_user(request.user).select_related("actor")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page})


@require_POST
@login_required
def mark_read(request):
    """Mark one notification (``id``) or all of them (``all``) read; only the user's own."""
    if request.POST.get("all"):
        notifications_mark_read(user=request.user)
    else:
        try:
            pk = int(request.POST.get("id", ""))
        except ValueError:
            return HttpResponseBadRequest("Не указано уведомление.")
        notifications_mark_read(user=request.user, ids=[pk])
    return redirect("notifications:list")


@login_required
def preferences(request):
    form = PreferenceForm(request.POST or None, instance=preference_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Настройки уведомлений сохранены.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "address": email_address(request.user)})
