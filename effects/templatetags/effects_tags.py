"""What other apps' pages show of the effects ledger: each tag runs at most one query."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from effects.models import Effect, EffectForecast
from effects.selectors import confirmed_by_project, project_effects
from lean_portal.formats import number

register = template.Library()


@register.inclusion_tag("effects/passport_table.html")
def planned_effects(project, pdf: bool = False) -> dict:
    """The passport's planned effects as a table under «Эффекты» (page and PDF)."""
    return {
        "effects": list(project.effect_records.all()),
        "table_class": "goals" if pdf else "table table-sm",
        "caption_class": "visually-hidden",
    }


@register.inclusion_tag("effects/evidence.html")
def effects_evidence(project) -> dict:
    """Criterion 5 of an assessment: the project's calculated effects as evidence."""
    return {"project": project, "effects": project_effects(project)}


@register.inclusion_tag("effects/report_forecasts.html", takes_context=True)
def report_forecasts(context, report) -> dict:
    """The quarterly report's forecasts of effects, with a link to give them."""
    forecasts = list(
        EffectForecast.objects.filter(report=report)
        .select_related("effect__project")
        .order_by("effect__project__title")
    )
    return {"report": report, "forecasts": forecasts, "can_edit": context.get("can_edit", False)}


@register.simple_tag
def confirmed_effects_for(entries) -> dict[int, list[Effect]]:
    """Confirmed effects of the projects of a page of assessments (one query)."""
    return confirmed_by_project([entry.project_id for entry in entries])


@register.inclusion_tag("effects/confirmed_list.html")
def confirmed_effects(confirmed: dict, project_id: int) -> dict:
    return {"effects": confirmed.get(project_id, [])}


NO_RATES = format_html('<span title="{}">—</span>', "ставки пересчёта не внесены")


@register.filter
def rollup_cells(row) -> SafeString:
    """A roll-up row's twelve figures as table cells (each measure's «подтверждено» in bold). One
    filter per row, not a template loop per cell: the district page has hundreds of cells."""
    return format_html_join(
        "",
        '<td class="text-end{}">{}</td>',
        (
            (" fw-semibold" if position % 3 == 2 else "", NO_RATES if value is None else number(value))
            for position, value in enumerate(row.columns())
        ),
    )
