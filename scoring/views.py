"""Views of the significance assessment: thin — check access, fetch, call a service, render."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, QuerySet
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lean_portal.exporters import xlsx_response
from lean_portal.pdf import pdf_or_html_response
from orgs.access import chosen_municipality, economy_required, office_read_required, role_required
from orgs.models import Municipality, Organisation, User
from practices import views as practices_views
from projects.access import get_project_for_user
from projects.models import Project
from scoring import services
from scoring.access import get_assessment_for_user
from scoring.exporters import AssessmentExporter
from scoring.filters import RankingFilter
from scoring.forms import AgreeForm, AssessmentForm, RubricEditor
from scoring.models import Assessment, AssessmentCriterion, RubricVersion, StatusCorrection
from scoring.pdf import score_sheet_context
from scoring.rubric import NOT_LEAN_LABEL, STATUS_LABELS, evaluate
from scoring.selectors import rubric_change_preview

PAGE_SIZE = 25


@login_required
def assess(request, project_pk: int):
    project = get_project_for_user(
        request, project_pk, queryset=Project.objects.select_related("organisation", "sphere")
    )
    refusal = services.assessment_refusal(request.user, project)
    if refusal:
        return render(request, "scoring/refused.html", {"project": project, "reason": refusal}, status=403)
    draft = services.open_draft(project, request.user)
    version = draft.rubric_version if draft else RubricVersion.objects.current(project.organisation.municipality_id)
    rubric = version.to_rubric()
    if request.method == "POST":
        form = AssessmentForm(rubric, request.POST)
        submit = "submit" in request.POST
        if form.is_valid():
            try:
                assessment = services.assessment_save(
                    project=project,
                    user=request.user,
                    choices=form.choices(),
                    justifications=form.justifications(),
                    submit=submit,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if not submit:
                    messages.success(request, "Черновик оценки сохранён.")
                elif assessment.kind == Assessment.Kind.SELF:
                    messages.success(request, "Оценка направлена на согласование в управление экономического развития.")
                else:
                    messages.success(request, "Оценка сохранена и определяет статус проекта.")
                return redirect(assessment)
    else:
        form = AssessmentForm(rubric, initial=AssessmentForm.initial_from(draft, rubric))
    if form.is_bound:
        preview = evaluate(form.choices(), rubric) if form.is_valid() else None
    else:
        preview = draft.evaluate() if draft else evaluate({}, rubric)
    return render(
        request,
        "scoring/assess.html",
        {
            "project": project,
            "project_url": project.get_absolute_url(),
            "form": form,
            "rubric": rubric,
            "version": version,
            "draft": draft,
            "waiting": (
                Assessment.objects.awaiting_agreement().filter(project=project).first()
                if request.user.is_economy
                else None
            ),
            "kind": services.assessment_kind_for(request.user, project),
            "kinds": Assessment.Kind,
            "preview": preview,
            "blocks": form.blocks(preview.scores if preview else None),
            "rubric_json": {
                "cut_off": sorted(rubric.cut_off),
                "federal_from": str(rubric.federal_from),
                "regional_from": str(rubric.regional_from),
                "labels": STATUS_LABELS,
                "not_lean": NOT_LEAN_LABEL,
            },
        },
    )


@login_required
def assessment_detail(request, pk: int):
    assessment = get_assessment_for_user(request, pk)
    can_agree = (
        assessment.kind == Assessment.Kind.SELF
        and assessment.state == Assessment.State.SUBMITTED
        and services.agree_refusal(request.user, assessment) is None
    )
    others = (
        Assessment.objects.filter(project=assessment.project)
        .exclude(pk=assessment.pk)
        .exclude(state=Assessment.State.DRAFT)
        .select_related("assessor_employee")
        .order_by("-assessed_on", "-id")
    )
    return render(
        request,
        "scoring/assessment_detail.html",
        {
            "assessment": assessment,
            "project_url": assessment.project.get_absolute_url(),
            "rows": assessment.score_rows(),
            "can_agree": can_agree,
            "agree_form": AgreeForm(),
            "can_assess": services.assessment_refusal(request.user, assessment.project) is None,
            "others": others,
        },
    )


def _agrees_for_the_office(view):
    """The office (and administrators, whom the service then refuses), or the deputy the admin
    named for the office's own decisions; 403 for everyone else before any lookup."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        user = request.user
        # The deputy named for an office's decisions; which office (the assessment's municipality's)
        # the service checks on the assessment itself (``decides_as_office``).
        deputy = Organisation.objects.filter(is_economy_office=True, decision_deputy=user).exists()
        if not (user.is_economy or user.is_portal_admin or deputy):
            raise PermissionDenied("Эта страница недоступна для вашей роли.")
        return view(request, *args, **kwargs)

    return wrapped


@require_POST
@_agrees_for_the_office
def agree(request, pk: int):
    assessment = get_assessment_for_user(request, pk)
    form = AgreeForm(request.POST)
    form.is_valid()
    try:
        services.assessment_agree(
            assessment=assessment, user=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Самостоятельная оценка согласована и определяет статус проекта.")
    return redirect(assessment)


@login_required
def score_sheet(request, pk: int):
    assessment = get_assessment_for_user(request, pk)
    filename = f"Оценка значимости — {assessment.project.title[:80]}.pdf"
    return pdf_or_html_response(request, "scoring/score_sheet.html", score_sheet_context(assessment), filename)


def _in_municipality(queryset: QuerySet, municipality) -> QuerySet:
    """The regional office's choice of one municipality (``chosen_municipality``); the office's own
    is already the whole of what ``visible_to`` gives it."""
    if municipality is None:
        return queryset
    return queryset.filter(project__organisation__municipality=municipality)


def _official_queryset(request, municipality):
    criteria = Prefetch("criteria", queryset=AssessmentCriterion.objects.order_by("code"))
    return _in_municipality(
        Assessment.objects.official()
        .visible_to(request.user)
        .select_related("project__organisation", "project__sphere", "assessor_employee", "rubric_version")
        .prefetch_related(criteria),
        municipality,
    )


def _ranking_filter(request, municipality) -> RankingFilter:
    return RankingFilter(request.GET, queryset=_official_queryset(request, municipality), user=request.user)


def _ordered(filterset) -> QuerySet:
    qs = filterset.qs
    if not filterset.form.cleaned_data.get("o"):
        qs = qs.order_by("-total", "project__title", "pk")
    return qs


@login_required
def ranking(request):
    municipality = chosen_municipality(request)
    filterset = _ranking_filter(request, municipality)
    page_obj = Paginator(_ordered(filterset), PAGE_SIZE).get_page(request.GET.get("page"))
    rubric = RubricVersion.objects.current(municipality).to_rubric()
    corrections = []
    if request.user.is_economy or request.user.is_portal_admin:
        # Shown once: until someone of the office acknowledges the statuses a correction changed
        # (its own municipality's: ``visible_to``).
        corrections = list(
            StatusCorrection.objects.unacknowledged()
            .visible_to(request.user)
            .select_related("assessment__project__organisation", "assessment__rubric_version")
        )
    return render(
        request,
        "scoring/ranking.html",
        {
            "rubric": rubric,
            "corrections": corrections,
            "filter": filterset,
            "page_obj": page_obj,
            "criteria": rubric.criteria,
            "pending_count": _in_municipality(
                Assessment.objects.awaiting_agreement().visible_to(request.user), municipality
            ).count(),
            "municipality": municipality,
            "municipalities": Municipality.objects.active() if request.user.sees_region else None,
        },
    )


@login_required
def ranking_export(request):
    municipality = chosen_municipality(request)
    filterset = _ranking_filter(request, municipality)
    criteria = RubricVersion.objects.current(municipality).to_rubric().criteria
    return xlsx_response(AssessmentExporter(_ordered(filterset), criteria))


@login_required
def pending(request):
    """Self-assessments waiting for the economic development office."""
    queryset = _in_municipality(
        Assessment.objects.awaiting_agreement()
        .visible_to(request.user)
        .select_related("project__organisation", "assessor_employee")
        .order_by("submitted_at", "pk"),
        chosen_municipality(request),
    )
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "scoring/pending.html", {"page_obj": page_obj})


# The library of best practices became the regional bank of practices (practices/): its old
# addresses stay, the page as a permanent redirect and «Тиражировать» as a thin alias.


@login_required
def library(request):
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect(reverse("practices:list") + (f"?{query}" if query else ""))


@require_POST
@login_required
def replicate(request, project_pk: int):
    return practices_views.replicate(request, project_pk)


# --- Rubric versions (a municipality's office; the regional office for the regional default) ----

rubric_office_required = role_required(User.Role.ECONOMY, User.Role.REGION)


def readable_rubric_versions(user) -> QuerySet:
    """A municipality's office reads the regional versions and its own; the regional office and
    administrators read every municipality's."""
    if user.sees_region:
        return RubricVersion.objects.all()
    return RubricVersion.objects.readable_in(user.municipality_id)


def get_rubric_version(request, pk: int) -> RubricVersion:
    """A rubric version within the user's reach (the view checks the role); 404 otherwise."""
    version = (
        readable_rubric_versions(request.user)
        .select_related("created_by__employee", "municipality")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404("Редакция методики не найдена.")
    return version


@office_read_required
def rubric_list(request):
    municipality = chosen_municipality(request)
    if request.user.sees_region:
        versions = RubricVersion.objects.readable_in(municipality)
    else:
        versions = readable_rubric_versions(request.user)
    versions = versions.select_related("created_by__employee", "municipality").annotate(
        assessment_count=Count("assessments")
    )
    return render(
        request,
        "scoring/rubric_list.html",
        {
            "versions": versions.order_by("-number", F("municipality").asc(nulls_first=True)),
            "in_force": RubricVersion.objects.current(municipality),
            "municipality": municipality,
            "municipalities": Municipality.objects.active() if request.user.sees_region else None,
        },
    )


@office_read_required
def rubric_detail(request, pk: int):
    version = get_rubric_version(request, pk)
    return render(
        request,
        "scoring/rubric_detail.html",
        {"version": version, "rubric": version.to_rubric(), "assessment_count": version.assessments.count()},
    )


def _editor_for(request, current: RubricVersion) -> RubricEditor:
    """The editor as the POST asks: one more blank row, or the data as typed."""
    if "add_criterion" in request.POST:
        return RubricEditor.with_extra_row(request.POST)
    if "add_indicator" in request.POST:
        try:
            criterion_index = int(request.POST["add_indicator"])
        except ValueError:
            criterion_index = None
        if criterion_index is not None and 0 <= criterion_index < 1000:
            return RubricEditor.with_extra_row(request.POST, indicators_of=criterion_index)
    return RubricEditor(request.POST)


@rubric_office_required
def rubric_create(request):
    """A new rubric version of the user's scope, starting from the one in force there: a
    municipality's office starts from the regional default (or its own current version), the
    regional office edits the regional default. Edit, preview the changes, save."""
    municipality = services.rubric_scope_for(request.user)
    current = RubricVersion.objects.current(municipality)
    preview = None
    if request.method == "POST":
        editor = _editor_for(request, current)
        adding = "add_criterion" in request.POST or "add_indicator" in request.POST
        if not adding and editor.is_valid():
            if editor.rubric == current.to_rubric():
                editor.non_field_errors.append(
                    f"Редакция не отличается от действующей редакции {current.number}: измените критерии, "
                    "показатели, баллы, отсекающие критерии или границы статусов."
                )
            elif "save" in request.POST:
                data = editor.version_form.cleaned_data
                version = services.rubric_version_create(
                    rubric=editor.rubric,
                    title=data["title"],
                    basis=data["basis"],
                    valid_from=data["valid_from"],
                    make_current=data["make_current"],
                    user=request.user,
                )
                messages.success(
                    request,
                    f"Редакция {version.number} методики оценки сохранена"
                    + (" и введена в действие." if version.is_current else "."),
                )
                return redirect("scoring:rubric-detail", pk=version.pk)
            else:
                preview = rubric_change_preview(editor.rubric, municipality=municipality)
    else:
        editor = RubricEditor(
            rubric=current.to_rubric(),
            initial={"title": current.title, "valid_from": timezone.localdate(), "make_current": True},
        )
    return render(
        request,
        "scoring/rubric_form.html",
        {"editor": editor, "current": current, "preview": preview, "municipality": municipality},
    )


@require_POST
@economy_required
def corrections_acknowledge(request):
    try:
        up_to = int(request.POST.get("up_to", ""))
    except ValueError:
        up_to = None
    services.status_corrections_acknowledge(user=request.user, up_to=up_to)
    messages.success(request, "Изменения статусов отмечены как просмотренные.")
    return redirect("scoring:ranking")
