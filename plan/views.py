"""Views of plan monitoring: dashboard, per-organisation view, drill-down, plan periods, report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from lean_portal.exporters import xlsx_response
from lean_portal.pdf import pdf_or_html_response
from orgs.access import (
    MUNICIPALITY_PARAM,
    chosen_municipality,
    economy_required,
    get_organisation_for_user,
    office_read_required,
)
from orgs.autocomplete import PLAIN_SELECT_LIMIT, organisation_search
from orgs.models import Municipality, Organisation
from plan import indicators, monitoring, report, services
from plan.access import get_indicator_for_user, get_plan_for_user
from plan.exporters import AnnualReportExporter
from plan.forms import PlanForm, ScopeForm, TargetsForm
from plan.models import Indicator, Plan, Target


def _page_municipality(request) -> Municipality | None:
    """The municipality whose plan a page reads: the user's own; for the regional office and administrators
    the one chosen with ``?municipality=<slug>``, or the only one when the region has one (else None)."""
    municipality = chosen_municipality(request)
    if municipality is None and request.user.sees_region:
        only = list(Municipality.objects.active()[:2])
        if len(only) == 1:
            municipality = only[0]
    return municipality


def _selection(request, municipality):
    """``(plans, plan, year)`` among ``municipality``'s plans (none without a municipality)."""
    all_plans = monitoring.plans(municipality) if municipality is not None else []
    plan, year = monitoring.choose_plan_and_year(all_plans, request.GET.get("plan"), request.GET.get("year"))
    return all_plans, plan, year


def _choose_municipality(request):
    """The regional office without a municipality: no sum of different plans, a choice of one."""
    return render(
        request,
        "plan/choose_municipality.html",
        {"municipalities": Municipality.objects.active().only("name", "short_name", "slug")},
    )


# The dashboard lists the executors by name up to this many (a district); beyond, their number and the .xlsx.
EXECUTORS_LISTED = 100


def _render_monitoring(
    request, municipality, all_plans, plan, year, organisation=None, subordinates=(), scope_form=None
):
    result = monitoring.build_monitoring(plan, year, organisation=organisation, contributors=True) if plan else None
    if scope_form is None:
        scope_form = ScopeForm(
            user=request.user,
            municipality=municipality,
            initial={"organisation": organisation.pk if organisation else None},
        )
    # Organisations the user may pick. The office: the district or any organisation, with the widget of
    # ``orgs.autocomplete`` (a list when few, a search by name when many: a region's 6,000 never reach the
    # page). Anyone else: their organisation and its own, a short list shown only when there is a choice.
    choosable = []
    if not request.user.sees_everything:
        choosable = list(scope_form.fields["organisation"].queryset[: PLAIN_SELECT_LIMIT + 1])
    return render(
        request,
        "plan/dashboard.html",
        {
            "plans": all_plans,
            "plan": plan,
            "year": year,
            "monitoring": result,
            "organisation": organisation,
            "subordinates": subordinates,
            "is_executor": monitoring.is_executor(plan, organisation) if plan and organisation else True,
            "scope_form": scope_form,
            "choosable": choosable,
            "use_widget": request.user.sees_everything or len(choosable) > PLAIN_SELECT_LIMIT,
            "executors_listed": EXECUTORS_LISTED,
            "municipality": municipality,
            "municipality_param": MUNICIPALITY_PARAM,
        },
    )


def _typed_organisation(request, municipality):
    """``(organisation, form)`` for a name typed in the selector without choosing from the suggestions
    (no JavaScript): the one visible organisation it names, else the form with its error."""
    form = ScopeForm(request.GET, user=request.user, municipality=municipality)
    if form.is_valid():
        return form.cleaned_data["organisation"], None
    return None, form


def _render_organisation(request, organisation):
    """An organisation's own figures against the plan of its municipality."""
    municipality = organisation.municipality
    all_plans, plan, year = _selection(request, municipality)
    subordinates = list(organisation.subordinates.filter(is_active=True))
    return _render_monitoring(request, municipality, all_plans, plan, year, organisation, subordinates)


@login_required
def dashboard(request):
    """«Мониторинг плана»: the municipality for its office (any municipality, once chosen, for the regional
    office), the user's own organisation for everyone else."""
    user = request.user
    municipality = _page_municipality(request)
    if request.GET.get("organisation_text", "").strip():
        organisation, form = _typed_organisation(request, municipality)
        if organisation is not None:
            return _render_organisation(request, organisation)
        if user.sees_everything and municipality is not None:
            all_plans, plan, year = _selection(request, municipality)
            return _render_monitoring(request, municipality, all_plans, plan, year, scope_form=form)
    if request.GET.get("organisation"):
        return _render_organisation(request, get_organisation_for_user(request, request.GET["organisation"]))
    if user.sees_everything:
        if municipality is None:
            return _choose_municipality(request)
        all_plans, plan, year = _selection(request, municipality)
        return _render_monitoring(request, municipality, all_plans, plan, year)
    organisation = user.organisation
    if organisation is None:
        raise PermissionDenied("Учётная запись не связана с организацией.")
    return _render_organisation(request, organisation)


@login_required
def organisation_view(request, pk: int):
    """An organisation's own indicators against its targets (the organisation, its unit and the office)."""
    organisation = get_organisation_for_user(
        request, pk, queryset=Organisation.objects.select_related("parent", "municipality")
    )
    return _render_organisation(request, organisation)


# Sort options of the drill-down lists, per kind of record: key → (label, order_by).
BY_ORG = ("Организация", "organisation__short_name")
SORTS = {
    "project": {"date": ("Дата закрытия", "closed_on"), "org": BY_ORG},
    "suggestion": {"date": ("Дата внедрения", "implemented_on"), "org": BY_ORG},
    "employee": {"date": ("Дата окончания обучения", "completed_on"), "org": BY_ORG},
    "modelsite": {"date": ("Дата проверки", "audit_date"), "org": BY_ORG},
    "survey": {"date": ("Дата проведения", "held_on"), "org": BY_ORG},
    "contest": {"date": ("Дата подведения итогов", "held_on"), "org": ("Организатор", "organisation__short_name")},
    "organisation": {"name": ("Наименование", "short_name"), "parent": ("Подчиняется", "parent__short_name")},
}


def _sorted(queryset, kind: str, sort: str):
    options = SORTS.get(kind, {})
    key = sort.lstrip("-")
    if key in options:
        order = options[key][1]
        return queryset.order_by(f"-{order}" if sort.startswith("-") else order, "pk"), sort
    return queryset, ""


@login_required
def records(request, indicator: int, year: int):
    """The records behind one figure: an indicator, a year and optionally one organisation."""
    indicator = get_indicator_for_user(request, indicator)
    plan = indicator.plan
    if year not in plan.years:
        raise Http404("Год вне периода плана.")
    organisation = None
    if request.GET.get("organisation"):
        organisation = get_organisation_for_user(request, request.GET["organisation"])
        if organisation.municipality_id != plan.municipality_id:
            raise Http404("Организация не относится к муниципальному образованию плана.")
    elif not request.user.sees_everything:
        raise PermissionDenied("Записи по округу в целом видит управление экономического развития.")
    definition = indicator.definition
    # The figure and its verdict exactly as the dashboard, the PDF and the .xlsx show them.
    shown = monitoring.figure(indicator, year, organisation)
    since = plan.first_year
    queryset = definition.rows(year, organisation, since=since, municipality=plan.municipality_id)
    kind = queryset.model._meta.model_name
    queryset, sort = _sorted(queryset, kind, request.GET.get("sort", ""))
    page_obj = Paginator(queryset, 50).get_page(request.GET.get("page"))
    evidence_page, evidence_kind = None, ""
    evidence = definition.evidence_rows(year, organisation, since=since, municipality=plan.municipality_id)
    if evidence is not None:
        evidence_kind = evidence.model._meta.model_name
        evidence_page = Paginator(evidence.order_by("organisation__short_name", "pk"), 50).get_page(
            request.GET.get("epage")
        )
    target = next((t for t in indicator.targets.all() if t.year == year), None)
    return render(
        request,
        "plan/records.html",
        {
            "indicator": indicator,
            "definition": definition,
            "plan": plan,
            "year": year,
            "organisation": organisation,
            "value": shown.value,
            "figure": shown,
            "target": target,
            "kind": kind,
            "page_obj": page_obj,
            "evidence_page": evidence_page,
            "evidence_kind": evidence_kind,
            "sort": sort,
            "sorts": SORTS.get(kind, {}),
        },
    )


LAGGING_PAGE_SIZE = 50


@office_read_required
def lagging(request, indicator: int, year: int):
    """Every executor behind a per-organisation target in a year, by name, page by page, with a name filter."""
    indicator = get_indicator_for_user(request, indicator)
    plan = indicator.plan
    target = next((t for t in indicator.targets.all() if t.year == year), None)
    if year not in plan.years or not indicator.per_organisation or indicator.definition.counted is None:
        raise Http404("Для показателя нет целевого значения «каждым исполнителем».")
    executors = monitoring.Executors(plan)
    queryset = Organisation.objects.none()
    goal = monitoring.whole_goal(target) if target is not None else 0
    if goal > 0:
        queryset = indicators.lagging(indicator.definition.counted, year, goal, executors.queryset)
    text = " ".join(request.GET.get("q", "").split())[:100]
    if text:
        queryset = organisation_search(queryset, text).order_by("short_name", "pk")
    page_obj = Paginator(queryset.select_related("parent"), LAGGING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plan/lagging.html",
        {
            "indicator": indicator,
            "definition": indicator.definition,
            "plan": plan,
            "year": year,
            "target": target,
            "executors": executors,
            "page_obj": page_obj,
            "q": text,
        },
    )


# --- Plan periods and targets (the office) ---------------------------------------------


def _office_municipality(request) -> Municipality:
    """The municipality whose plans the office edits: its own (an administrator: the chosen or the default)."""
    municipality = chosen_municipality(request)
    return municipality if municipality is not None else Municipality.objects.default()


@economy_required
def plan_list(request):
    municipality = _office_municipality(request)
    all_plans = (
        Plan.objects.filter(municipality=municipality)
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.only("id", "plan_id")),
            Prefetch(
                "executors",
                queryset=Organisation.objects.filter(is_active=True).only("id", "short_name").order_by("short_name"),
            ),
        )
        .order_by("-first_year")
    )
    return render(request, "plan/plan_list.html", {"plans": all_plans, "municipality": municipality})


@economy_required
def plan_create(request):
    municipality = _office_municipality(request)
    form = PlanForm(request.POST or None, creating=True, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                municipality=municipality,
                name=data["name"],
                decree=data["decree"],
                first_year=data["first_year"],
                last_year=data["last_year"],
                executors=data["executors"],
                copy_from=data["copy_from"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "План создан. Задайте целевые значения по годам.")
            return redirect("plan:targets", pk=plan.pk)
    return render(request, "plan/plan_form.html", {"form": form, "plan": None, "municipality": municipality})


@economy_required
def plan_edit(request, pk: int):
    plan = get_plan_for_user(request, pk)
    form = PlanForm(request.POST or None, instance=plan, municipality=plan.municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_update(
                plan=Plan.objects.get(pk=plan.pk),
                name=data["name"],
                decree=data["decree"],
                first_year=data["first_year"],
                last_year=data["last_year"],
                executors=data["executors"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Сведения о плане сохранены.")
            return redirect("plan:targets", pk=plan.pk)
    return render(request, "plan/plan_form.html", {"form": form, "plan": plan, "municipality": plan.municipality})


@economy_required
def plan_targets(request, pk: int):
    """The indicator × year grid of target values."""
    plan = get_plan_for_user(request, pk)
    indicators = list(
        plan.indicators.order_by("position", "id").prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year"))
        )
    )
    form = TargetsForm(request.POST or None, plan=plan, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.targets_save(plan=plan, cells=form.cells(), scopes=form.scopes())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Целевые значения сохранены: {saved}.")
            return redirect(
                f"{_dashboard_url()}?{urlencode({'plan': plan.pk, MUNICIPALITY_PARAM: plan.municipality.slug})}"
            )
    return render(request, "plan/plan_targets.html", {"plan": plan, "form": form})


def _dashboard_url() -> str:
    return reverse("plan:dashboard")


# --- Annual analytical report (5.3) ------------------------------------------------------


def _report_selection(request):
    """The plan and year of a report: the user's municipality's (the chosen one for the regional office)."""
    municipality = _page_municipality(request)
    if municipality is None:
        raise Http404("Выберите муниципальное образование: отчёт составляется по плану одного из них.")
    _, plan, year = _selection(request, municipality)
    if plan is None:
        raise Http404("Планы не заданы.")
    return plan, year


@office_read_required
def report_pdf(request):
    plan, year = _report_selection(request)
    context = report.build(plan, year)
    return pdf_or_html_response(
        request, "plan/report_pdf.html", context, f"Аналитическая информация о выполнении плана за {year} год.pdf"
    )


@office_read_required
def report_xlsx(request):
    plan, year = _report_selection(request)
    return xlsx_response(AnnualReportExporter(report.build(plan, year)))
