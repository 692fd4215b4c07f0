"""«Что нужно сделать» on the home page: passports waiting for the user's action."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lean_portal.panels import Panel, PanelItem
from orgs.access import writes_municipal_records
from projects.models import Project
from projects.selectors import seconded_staff

PANEL_SIZE = 8


def _items(queryset) -> list[PanelItem]:
    style = {Project.State.RETURNED: "warning", Project.State.SUBMITTED: "info", Project.State.ACCEPTED: "primary"}
    return [
        PanelItem(
            text=f"{p.title} — {p.organisation.short_name}",
            url=p.get_absolute_url(),
            badge=p.get_state_display(),
            badge_style=style.get(p.state, "secondary"),
        )
        for p in queryset.select_related("organisation").order_by("-updated_at")[:PANEL_SIZE]
    ]


def panels(request) -> list[Panel]:
    user = request.user
    registry = reverse("projects:registry")
    result: list[Panel] = []
    if user.is_economy:
        result.append(
            Panel(
                title="Паспорта на рассмотрении",
                # The office's own municipality's passports (``visible_to``), never its neighbours'.
                items=_items(Project.objects.visible_to(user).filter(state=Project.State.SUBMITTED)),
                empty_text="Новых паспортов на рассмотрение не поступало.",
                more_url=f"{registry}?state={Project.State.SUBMITTED}",
                more_text="Все паспорта на рассмотрении",
                weight=30,
            )
        )
    if user.is_director and user.employee_id:
        result.append(
            Panel(
                title="Паспорта ждут вашего утверждения",
                items=_items(
                    # The head of the customer approves; with an outside customer, the organisation's head.
                    Project.objects.filter(
                        Q(customer_organisation__head_id=user.employee_id)
                        | Q(customer_organisation__isnull=True, organisation__head_id=user.employee_id),
                        state=Project.State.ACCEPTED,
                    )
                ),
                empty_text="Паспортов на утверждение нет.",
                more_url=f"{registry}?state={Project.State.ACCEPTED}",
                more_text="Все принятые паспорта",
                weight=30,
            )
        )
    if writes_municipal_records(user) and not user.is_economy:
        result.append(
            Panel(
                title="Паспорта проектов: черновики и доработка",
                items=_items(
                    Project.objects.filter(
                        organisation_id=user.organisation_id,
                        state__in=[Project.State.DRAFT, Project.State.RETURNED],
                    )
                ),
                empty_text="Черновиков и возвращённых паспортов нет. Новый паспорт — в разделе «Проекты».",
                more_url=reverse("projects:create"),
                more_text="Создать паспорт проекта",
                weight=20,
            )
        )
    if writes_municipal_records(user) and not user.is_economy:
        today = timezone.localdate()
        due = Project.objects.implemented().filter(
            organisation_id=user.organisation_id,
            stage10_date__lte=today,
            stability_checked_on__isnull=True,
        )
        result.append(
            Panel(
                title="Проверка стабильности результатов",
                items=_items(due),
                empty_text="Проектов, у которых наступил срок проверки стабильности, нет.",
                more_url=f"{registry}?state={Project.State.MONITORING}",
                more_text="Проекты на мониторинге стабильности",
                weight=10,
            )
        )
    if user.is_director and user.employee_id and user.organisation_id:
        result.extend(_seconded_panel(user))
    return result


def _seconded_panel(user) -> list[Panel]:
    """The head's organisation's employees put on other organisations' projects (shown only when any)."""
    organisation = user.organisation
    if organisation.head_id != user.employee_id:
        return []
    members, led = seconded_staff(organisation)
    page = reverse("projects:seconded")
    items = [
        PanelItem(text=f"{p.lead.full_name} — руководитель проекта «{p.title}» ({p.organisation.short_name})", url=page)
        for p in led[:PANEL_SIZE]
    ]
    items += [
        PanelItem(
            text=f"{m.employee.full_name} — {m.role}, проект «{m.project.title}» ({m.project.organisation.short_name})",
            url=page,
        )
        for m in members[: PANEL_SIZE - len(items)]
    ]
    if not items:
        return []
    return [
        Panel(
            title="Ваши сотрудники в проектах других организаций",
            items=items,
            more_url=page,
            more_text="Все сотрудники в чужих проектах — отозвать",
            weight=25,
        )
    ]
