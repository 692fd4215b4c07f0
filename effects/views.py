"""Pages of the effects ledger: thin views — check access, fetch, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from effects import services
from effects.access import get_effect_for_user
from effects.exporters import DistrictEffectsExporter
from effects.forms import ActualForm, EffectForm, ForecastForm, PlannedChangeForm, RateForm, VerifyForm
from effects.models import ConversionRate, EffectForecast
from effects.selectors import (
    COLUMN_GROUPS,
    MEASURE_LABELS,
    MEASURES,
    awaiting_verification,
    district_effects,
    project_effects,
)
from lean_portal.exporters import xlsx_response
from lean_portal.security import year_parameter
from orgs.access import can_write_organisation, chosen_municipality, decides_as_office, economy_required
from orgs.models import Municipality, Organisation, visible_organisation_filter
from projects.access import get_project_for_user
from projects.models import ChangeRequest, Project
from projects.services import CHANGEABLE_STATES, change_request_create
from reporting.access import get_report_for_user

ORGANISATIONS_LISTED = 50


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def project(request, project_pk: int):
    project = get_project_for_user(request, project_pk, queryset=Project.objects.select_related("organisation"))
    effects = project_effects(project)
    can_write = can_write_organisation(request.user, project.organisation)
    baseline = {row["id"]: row for row in (project.baseline or {}).get("effects", [])}
    for effect in effects:
        approved = baseline.get(effect.pk)
        effect.approved_value = approved["planned_value"] if approved else None
    return render(
        request,
        "effects/project.html",
        {
            "project": project,
            "effects": effects,
            "rate": effects[0].rate if effects else None,
            "can_plan": can_write and project.is_editable,
            "can_record_actual": can_write and project.state in services.ACTUAL_STATES,
            "can_propose": can_write
            and project.state in CHANGEABLE_STATES
            and any(not e.is_locked for e in effects)
            and not project.change_requests.filter(state__in=ChangeRequest.OPEN_STATES).exists(),
            "can_verify": decides_as_office(request.user, filed_by=project.organisation),
        },
    )


@login_required
def create(request, project_pk: int):
    project = get_project_for_user(request, project_pk, write=True)
    form = EffectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.effect_create(project=project, user=request.user, **form.values())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Эффект добавлен в паспорт.")
            return redirect("effects:project", project.pk)
    return render(request, "effects/effect_form.html", {"project": project, "form": form, "label": "Добавить эффект"})


@login_required
def edit(request, pk: int):
    effect = get_effect_for_user(request, pk, write=True)
    form = EffectForm(request.POST or None, instance=effect)
    if request.method == "POST" and form.is_valid():
        try:
            services.effect_update(effect=effect, user=request.user, **form.values())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Эффект сохранён.")
            return redirect("effects:project", effect.project_id)
    context = {"project": effect.project, "form": form, "label": "Изменить эффект", "effect": effect}
    return render(request, "effects/effect_form.html", context)


@login_required
@require_POST
def delete(request, pk: int):
    effect = get_effect_for_user(request, pk, write=True)
    try:
        services.effect_delete(effect=effect, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Эффект удалён из паспорта.")
    return redirect("effects:project", effect.project_id)


@login_required
def actual(request, pk: int):
    effect = get_effect_for_user(request, pk, write=True)
    initial = {"actual_value": effect.actual_value, "actual_on": effect.actual_on, "figures": effect.figures}
    form = ActualForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.effect_record_actual(
                effect=effect,
                user=request.user,
                value=form.cleaned_data["actual_value"],
                on=form.cleaned_data["actual_on"],
                figures=form.cleaned_data["figures"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request, "Фактическое значение направлено на проверку в управление экономического развития."
            )
            return redirect("effects:project", effect.project_id)
    return render(request, "effects/actual_form.html", {"effect": effect, "project": effect.project, "form": form})


@login_required
def verify(request, pk: int):
    effect = get_effect_for_user(request, pk)
    if not decides_as_office(request.user, filed_by=effect.project.organisation):
        raise PermissionDenied("Фактические эффекты подтверждает управление экономического развития.")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = services.effect_confirm if form.cleaned_data["decision"] == "confirm" else services.effect_return
        try:
            decide(effect=effect, user=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            decision = dict(form.DECISIONS)[form.cleaned_data["decision"]]
            messages.success(request, f"Эффект «{effect.title}»: {decision.lower()}.")
            return redirect("effects:verification")
    return render(request, "effects/verify_form.html", {"effect": effect, "project": effect.project, "form": form})


@economy_required
def verification(request):
    effects = awaiting_verification().filter(visible_organisation_filter(request.user, "project__organisation"))
    return render(request, "effects/verification.html", {"effects": list(effects[:200])})


def _scope(request) -> tuple[Municipality | None, object]:
    """``(municipality, organisation ids)`` a reader's figures are limited to: a municipality's office reads
    its municipality, the regional office the one it chose (the whole region without a choice: effects in
    hours and roubles add up across municipalities), anyone else the organisations they see."""
    user = request.user
    if user.sees_region:
        return chosen_municipality(request), None
    return None, Organisation.objects.visible_to(user).values("pk")


@login_required
def district(request):
    year = year_parameter(request)
    municipality, limit = _scope(request)
    # A region has thousands of organisations: the page names the leading ones, the .xlsx all.
    data = district_effects(
        year, organisation_ids=limit, organisations_limit=ORGANISATIONS_LISTED, municipality=municipality
    )
    return render(
        request,
        "effects/district.html",
        {
            "data": data,
            "organisations": data.organisations,
            "column_groups": COLUMN_GROUPS,
            "measures": [MEASURE_LABELS[m] for m in MEASURES],
            "is_office": request.user.is_economy or request.user.is_portal_admin,
            "sees_region": request.user.sees_region,
            "municipality": municipality,
            "municipalities": Municipality.objects.active().only("name", "slug") if request.user.sees_region else [],
        },
    )


@login_required
def export(request):
    municipality, limit = _scope(request)
    data = district_effects(year_parameter(request), organisation_ids=limit, municipality=municipality)
    return xlsx_response(DistrictEffectsExporter(data))


@economy_required
def rates(request):
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversion_rate_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Ставки пересчёта внесены.")
            return redirect("effects:rates")
    history = list(ConversionRate.objects.select_related("created_by__employee"))
    return render(request, "effects/rates.html", {"form": form, "rates": history})


@login_required
def report_forecast(request, pk: int):
    report = get_report_for_user(request, pk, write=request.method == "POST")
    effects = list(services.forecastable_effects(report).order_by("project__title", "position"))
    given = {f.effect_id: f.value for f in EffectForecast.objects.filter(report=report)}
    form = ForecastForm(request.POST or None, effects=effects, initial_values=given)
    can_edit = report.is_editable and can_write_organisation(request.user, report.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.effect_forecasts_save(report=report, user=request.user, values=form.values())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Прогноз эффектов сохранён в отчёте.")
            return redirect(report)
    return render(
        request,
        "effects/report_forecast.html",
        {"report": report, "form": form, "can_edit": can_edit, "effects": effects, "given": given},
    )


@login_required
def change(request, project_pk: int):
    project = get_project_for_user(request, project_pk, write=True)
    effects = list(project.effect_records.all())
    form = PlannedChangeForm(request.POST or None, effects=effects)
    if request.method == "POST" and form.is_valid():
        try:
            change_request_create(
                project=project,
                user=request.user,
                summary=form.cleaned_data["summary"],
                reason=form.cleaned_data["reason"],
                proposed={"effects": form.proposed()},
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Запрос на изменение плановых значений направлен на согласование.")
            return redirect(project.get_absolute_url())
    return render(
        request,
        "effects/change_form.html",
        {"project": project, "form": form, "back": reverse("effects:project", args=[project.pk])},
    )
