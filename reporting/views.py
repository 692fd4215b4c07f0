"""Thin views: check access, fetch, call a service, render or redirect."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lean_portal import formstash
from lean_portal.exporters import xlsx_response
from lean_portal.pdf import pdf_or_html_response
from lean_portal.security import year_parameter
from lean_portal.uploads import file_response
from orgs.access import (
    MUNICIPALITY_PARAM,
    can_write_organisation,
    chosen_municipality,
    economy_required,
    office_read_required,
)
from orgs.models import Municipality
from reporting import services
from reporting.access import get_report_for_user, get_selfassessment_for_user
from reporting.deadlines import Rules, outstanding, today
from reporting.exporters import ConsolidatedReportExporter
from reporting.figures import report_figures
from reporting.filters import ReportFilter
from reporting.forms import (
    AcceptForm,
    DeadlineRuleFormSet,
    PeriodForm,
    ReportForm,
    ReturnForm,
    ScanForm,
    SelfAssessmentForm,
)
from reporting.models import DeadlineRule, QuarterlyReport, SelfAssessment
from reporting.periods import Quarter
from reporting.selectors import (
    STATUS_LABELS,
    organisation_for_period_page,
    own_organisation,
    reporting_organisations,
    status_table,
)
from reporting.selfassessment import figure_rows, selfassessment_figures


def _period_from(request) -> Quarter:
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return Quarter(form.cleaned_data["year"], form.cleaned_data["quarter"])
    return Quarter.of(today())


# --- Quarterly reports -----------------------------------------------------------------


@login_required
def report_list(request):
    queryset = QuarterlyReport.objects.visible_to(request.user).select_related("organisation", "submitted_by__employee")
    filterset = ReportFilter(request.GET, queryset=queryset, user=request.user)
    page_obj = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    organisation = request.user.organisation
    can_start = organisation is not None and not organisation.is_economy_office
    return render(
        request,
        "reporting/report_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "current": Quarter.of(today()),
            "can_start": can_start,
        },
    )


@login_required
def report_period(request, year: int, quarter: int):
    """An organisation's report for a quarter: the report itself, or the offer to start it."""
    try:
        period = Quarter(year, quarter)
    except ValueError:
        raise Http404("Нет такого квартала.") from None
    organisation = organisation_for_period_page(request)
    report = QuarterlyReport.objects.filter(organisation=organisation, year=year, quarter=quarter).first()
    if report is not None:
        return redirect(report)
    return render(
        request,
        "reporting/report_not_started.html",
        {
            "organisation": organisation,
            "period": period,
            "due": Rules.load(organisation.municipality_id).report_due(organisation, period),
            "can_start": can_write_organisation(request.user, organisation),
        },
    )


@require_POST
@login_required
def report_start(request):
    organisation = own_organisation(request.user)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите год и квартал отчёта.")
        return redirect("reporting:list")
    period = Quarter(form.cleaned_data["year"], form.cleaned_data["quarter"])
    try:
        report = services.report_start(organisation=organisation, period=period, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:list")
    return redirect(report)


@formstash.restorable
@login_required
def report_detail(request, pk: int):
    report = get_report_for_user(request, pk)
    can_edit = report.is_editable and can_write_organisation(request.user, report.organisation)
    form = None
    stale = None
    saved = None
    if request.method == "POST":
        if not can_write_organisation(request.user, report.organisation):
            raise PermissionDenied("Изменять отчёт может только сама организация.")
        if not report.is_editable:
            messages.error(request, f"Отчёт в состоянии «{report.get_state_display()}»: изменять его нельзя.")
            return redirect(report)
        form = ReportForm(request.POST, figures=report_figures(report), version=report.version)
        if form.is_valid():
            try:
                saved = services.report_save(
                    report=report,
                    user=request.user,
                    general_comment=form.cleaned_data["general_comment"],
                    entries=form.entries(),
                    actuals=form.actuals(),
                    version=form.cleaned_data["version"],
                )
            except services.StaleReport as error:
                form.add_error(None, error)
                stale = form.stored_differences()
                # A second save after comparing is a deliberate choice over the stored version.
                form.data = form.data.copy()
                form.data["version"] = str(error.current)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Saving raised the version: a form shown again (the submission failed) carries the
                # new one, or its next save would be refused as a conflict the user caused.
                form.data = form.data.copy()
                form.data["version"] = str(saved.version)
                formstash.discard(request)
                if request.POST.get("action") != "submit":
                    messages.success(request, "Черновик отчёта сохранён.")
                    return redirect(report)
                try:
                    services.report_submit(report=report, user=request.user)
                except ValidationError as error:
                    form.add_error(None, error)
                    messages.warning(request, "Введённое сохранено, но отчёт не направлен: исправьте отмеченные поля.")
                else:
                    messages.success(request, "Отчёт направлен в управление экономического развития.")
                    return redirect(report)
    figures = report_figures(report)
    if can_edit and form is None:
        # What a save attempt sent and could not save (an ended session, an error) is offered again.
        restored = formstash.take(request)
        if restored is not None:
            messages.info(
                request, "Восстановлено введённое вами, но ещё не сохранённое в отчёте: проверьте и сохраните."
            )
        form = ReportForm(restored, figures=figures, version=report.version)
    elif request.method == "POST" and saved is None:  # not saved: kept server-side until it is
        formstash.stash(request, request.POST)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "figures": figures,
            "form": form,
            "projects": form.projects() if form is not None else figures["projects"],
            "can_edit": can_edit,
            "stale": stale,
            "can_review": services.may_review(request.user, report),
            "return_form": ReturnForm(),
            "accept_form": AcceptForm(),
            "due": Rules.load(report.organisation.municipality_id).report_due(report.organisation, report.period),
            "transitions": report.transitions.select_related("user__employee"),
            "today": today(),
        },
    )


@require_POST
@economy_required
def report_return(request, pk: int):
    report = get_report_for_user(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.report_return(report=report, user=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Отчёт возвращён организации на доработку.")
            return redirect(report)
    else:
        messages.error(request, "Укажите, что нужно исправить в отчёте.")
    return redirect(report)


@require_POST
@economy_required
def report_accept(request, pk: int):
    report = get_report_for_user(request, pk)
    form = AcceptForm(request.POST)
    form.is_valid()
    try:
        services.report_accept(report=report, user=request.user, comment=form.cleaned_data.get("comment", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Отчёт принят.")
    return redirect(report)


STATUS_PAGE_SIZE = 100


def _query(**params) -> str:
    return urlencode({key: value for key, value in params.items() if value not in ("", None)})


def _summary_municipality(request) -> Municipality | None:
    """The municipality an office summary reads: the office's own; the one the regional office (or an
    administrator) chose, or the only one of the region (None: a choice is asked for)."""
    municipality = chosen_municipality(request)
    if municipality is None and request.user.sees_region:
        only = list(Municipality.objects.active()[:2])
        municipality = only[0] if len(only) == 1 else None
    return municipality


def _choose_municipality(request, title: str):
    return render(
        request,
        "reporting/choose_municipality.html",
        {"title": title, "municipalities": Municipality.objects.active().only("name", "slug")},
    )


@office_read_required
def report_status(request):
    municipality = _summary_municipality(request)
    if municipality is None:
        return _choose_municipality(request, "Сводка по организациям")
    day = today()
    period = _period_from(request)
    sort = request.GET.get("o", "organisation")
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    table = status_table(period, day, sort, status=status, q=q, municipality=municipality)
    # A region has thousands of organisations: the counts cover them all, the table a page at a time
    # (sorted, filtered and paged in SQL).
    paginator = Paginator(table.organisations, STATUS_PAGE_SIZE)
    if table.matching is not None:
        paginator.count = table.matching  # known from the counts: no second COUNT query
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = table.rows(page_obj.object_list)
    status = status if status in STATUS_LABELS else ""
    # The regional office's links keep the municipality it chose.
    chosen = municipality.slug if request.user.sees_region else ""
    kept = {"o": sort, "status": status, "q": q, MUNICIPALITY_PARAM: chosen}
    return render(
        request,
        "reporting/status.html",
        {
            "period": period,
            "rows": page_obj,
            "page_obj": page_obj,
            "sort": sort,
            "status": status,
            "q": q,
            # Query strings of the links: each keeps the other choices (and drops the page).
            "sort_query": _query(
                year=period.year, quarter=period.quarter, status=status, q=q, **{MUNICIPALITY_PARAM: chosen}
            ),
            "status_query": _query(
                year=period.year, quarter=period.quarter, o=sort, q=q, **{MUNICIPALITY_PARAM: chosen}
            ),
            "municipality": municipality,
            "municipality_query": _query(**{MUNICIPALITY_PARAM: chosen}),
            "previous_query": _query(year=period.previous().year, quarter=period.previous().quarter, **kept),
            "next_query": _query(year=period.next().year, quarter=period.next().quarter, **kept),
            "total": sum(table.counts.values()),
            "counts": [(label, style, table.counts[key]) for key, (label, style, _) in STATUS_LABELS.items()],
            "status_links": [
                (key, label, style, table.counts[key]) for key, (label, style, _) in STATUS_LABELS.items()
            ],
            "previous": period.previous(),
            "next": period.next(),
        },
    )


@office_read_required
def report_export(request):
    municipality = _summary_municipality(request)
    if municipality is None:
        raise Http404("Выберите муниципальное образование: сводка составляется по одному из них.")
    return xlsx_response(ConsolidatedReportExporter(_period_from(request), municipality=municipality))


@login_required
def deadline_list(request):
    day = today()
    organisations = reporting_organisations(request.user)
    if request.user.sees_region:
        # The regional office reads one municipality's deadlines at a time when it chose one.
        municipality = chosen_municipality(request)
        if municipality is not None:
            organisations = organisations.filter(municipality=municipality)
    organisations = list(organisations.select_related("sphere"))
    items = outstanding(organisations, day)
    page_obj = Paginator(items, 50).get_page(request.GET.get("page"))
    for item in page_obj:
        item.overdue = item.is_overdue(day)
        item.when_text = item.when(day)
    return render(
        request,
        "reporting/deadlines.html",
        {
            "page_obj": page_obj,
            "many": len(organisations) > 1,
        },
    )


# --- Self-assessment -------------------------------------------------------------------


@login_required
def selfassessment_list(request):
    queryset = SelfAssessment.objects.visible_to(request.user).select_related("organisation")
    year = year_parameter(request)
    if year is not None:
        queryset = queryset.filter(year=year)
    order = {"organisation": "organisation__short_name", "year": "year", "state": "state"}
    sort = request.GET.get("o", "-year")
    field = order.get(sort.lstrip("-"), "year")
    queryset = queryset.order_by(f"-{field}" if sort.startswith("-") else field, "organisation__short_name")
    page_obj = Paginator(queryset, 30).get_page(request.GET.get("page"))
    organisation = request.user.organisation
    day = today()
    rules = Rules.load()
    return render(
        request,
        "reporting/selfassessment_list.html",
        {
            "page_obj": page_obj,
            "year": year,
            "current_year": day.year,
            "can_start": organisation is not None and not organisation.is_economy_office,
            "done_by": rules.selfassessment_done_by(organisation, day.year),
            "send_by": rules.selfassessment_send_by(organisation, day.year),
        },
    )


@require_POST
@login_required
def selfassessment_start(request):
    organisation = own_organisation(request.user)
    year = request.POST.get("year", "")
    if not (year.isascii() and year.isdigit()) or not 2022 <= int(year) <= today().year + 1:
        messages.error(request, "Укажите год самооценки.")
        return redirect("reporting:selfassessment-list")
    assessment = services.selfassessment_start(organisation=organisation, year=int(year), user=request.user)
    return redirect(assessment)


@login_required
def selfassessment_detail(request, pk: int):
    assessment = get_selfassessment_for_user(request, pk)
    can_write = can_write_organisation(request.user, assessment.organisation)
    form = SelfAssessmentForm(instance=assessment) if assessment.is_editable and can_write else None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Изменять самооценку может только сама организация.")
        if not assessment.is_editable:
            messages.error(request, "Самооценка уже проведена: её текст изменить нельзя.")
            return redirect(assessment)
        form = SelfAssessmentForm(request.POST, instance=assessment)
        if form.is_valid():
            try:
                services.selfassessment_save(assessment=assessment, user=request.user, **form.cleaned_data)
                if request.POST.get("action") == "complete":
                    services.selfassessment_complete(assessment=assessment, user=request.user)
                    messages.success(
                        request, "Самооценка проведена. Распечатайте её, подпишите у руководителя и приложите скан."
                    )
                else:
                    messages.success(request, "Самооценка сохранена.")
                return redirect(assessment)
            except ValidationError as error:
                form.add_error(None, error)
    rules = Rules.load()
    figures = assessment.figures or selfassessment_figures(assessment.organisation_id, assessment.year)
    return render(
        request,
        "reporting/selfassessment_detail.html",
        {
            "assessment": assessment,
            "form": form,
            "scan_form": ScanForm() if can_write and assessment.state == SelfAssessment.State.COMPLETED else None,
            "figure_rows": figure_rows(figures),
            "done_by": rules.selfassessment_done_by(assessment.organisation, assessment.year),
            "send_by": rules.selfassessment_send_by(assessment.organisation, assessment.year),
        },
    )


@require_POST
@login_required
def selfassessment_send(request, pk: int):
    assessment = get_selfassessment_for_user(request, pk, write=True)
    scan_form = ScanForm(request.POST, request.FILES)
    if scan_form.is_valid():
        try:
            services.selfassessment_send(assessment=assessment, user=request.user, scan=scan_form.cleaned_data["scan"])
        except ValidationError as error:
            scan_form.add_error(None, error)
        else:
            messages.success(request, "Самооценка направлена в управление экономического развития.")
            return redirect(assessment)
    rules = Rules.load()
    figures = assessment.figures or selfassessment_figures(assessment.organisation_id, assessment.year)
    return render(
        request,
        "reporting/selfassessment_detail.html",
        {
            "assessment": assessment,
            "form": None,
            "scan_form": scan_form,
            "figure_rows": figure_rows(figures),
            "done_by": rules.selfassessment_done_by(assessment.organisation, assessment.year),
            "send_by": rules.selfassessment_send_by(assessment.organisation, assessment.year),
        },
        status=400,
    )


@login_required
def selfassessment_pdf(request, pk: int):
    """The self-assessment to print and sign by the head (6.3), then upload as a scan."""
    assessment = get_selfassessment_for_user(request, pk)
    figures = assessment.figures or selfassessment_figures(assessment.organisation_id, assessment.year)
    organisation = assessment.organisation
    context = {
        "assessment": assessment,
        "organisation": organisation,
        "head": organisation.head,
        "figure_rows": figure_rows(figures),
        "completed_on": assessment.completed_at,
    }
    filename = f"samoocenka-{assessment.year}-{organisation.pk}.pdf"
    return pdf_or_html_response(request, "reporting/selfassessment_pdf.html", context, filename)


@login_required
def selfassessment_scan(request, pk: int):
    """The signed scan, only to those who may read the self-assessment."""
    assessment = get_selfassessment_for_user(request, pk)
    return file_response(assessment.scan, stem=f"samoocenka-{assessment.year}-{assessment.organisation_id}")


@economy_required
def deadline_rules(request):
    """The office edits its municipality's deadline rules (an administrator: the chosen or the default
    municipality's; also available in the admin)."""
    municipality = chosen_municipality(request) or Municipality.objects.default()
    queryset = DeadlineRule.objects.filter(municipality=municipality).select_related("organisation")
    formset = DeadlineRuleFormSet(request.POST or None, queryset=queryset, form_kwargs={"municipality": municipality})
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            for rule in formset.save(commit=False):
                rule.municipality = municipality
                rule.save()
            for rule in formset.deleted_objects:
                rule.delete()
        messages.success(request, "Правила сроков сохранены.")
        return redirect("reporting:deadline-rules")
    return render(request, "reporting/deadline_rules.html", {"formset": formset, "municipality": municipality})
