"""Views of lean projects: registry, passport form, project page, life cycle, history, PDF, Excel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lean_portal import formstash
from lean_portal.exporters import xlsx_response
from lean_portal.formats import short_date
from lean_portal.panels import collect_project_sections
from lean_portal.pdf import pdf_or_html_response
from lean_portal.uploads import file_response
from orgs.access import (
    can_write_organisation,
    chosen_municipality,
    heads_organisation,
    refuse_regional_writes,
    writes_municipal_records,
)
from orgs.audit import log_personal_data_access
from orgs.models import Municipality
from projects import services
from projects.access import get_project_for_user
from projects.changes import baseline_differences, describe_proposals
from projects.exporters import ProjectRegistryExporter
from projects.filters import ProjectFilter
from projects.forms import (
    ApproveForm,
    ChangeRequestForm,
    CloseForm,
    DecisionForm,
    ProjectForm,
    ScanForm,
    StabilityForm,
    StageForm,
    TransitionForm,
    passport_formsets,
)
from projects.history import project_history
from projects.models import ChangeRequest, Project, TeamMember, Transition
from projects.pdf import passport_pdf_context
from projects.selectors import (
    DeferredJoinPaginator,
    registry_queryset,
    seconded_staff,
    similar_projects,
    state_counts,
)

REGISTRY_PAGE_SIZE = 25
# A passport not yet accepted is not a solution others may repeat.


def _filtered_registry(request) -> ProjectFilter:
    queryset = registry_queryset(request.user)
    # The regional office may narrow the region to one municipality; a municipality's users read
    # their own already (``visible_to``).
    municipality = chosen_municipality(request) if request.user.sees_region else None
    if municipality is not None:
        queryset = queryset.filter(organisation__municipality=municipality)
    return ProjectFilter(request.GET, queryset=queryset, user=request.user)


def _is_filtered(filterset: ProjectFilter) -> bool:
    """True when a condition narrows the rows (sorting does not)."""
    data = filterset.form.cleaned_data
    return any(value not in (None, "", [], ()) for name, value in data.items() if name != "o")


def _filters_in_use(filterset: ProjectFilter) -> int:
    """How many conditions narrow the rows (for the phone's «Фильтры (N)» button)."""
    if not filterset.is_valid():
        return 0
    return sum(value not in (None, "", [], ()) for name, value in filterset.form.cleaned_data.items() if name != "o")


@login_required
def registry(request):
    today = timezone.localdate()
    filterset = _filtered_registry(request)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    # Deep pages: the offset is paid on ids only, the page's 25 rows are then loaded in full.
    paginator = DeferredJoinPaginator(
        queryset,
        REGISTRY_PAGE_SIZE,
        rows=lambda ids: registry_queryset(request.user, today).filter(pk__in=ids),
        count_with_page=filterset.is_valid() and bool(filterset.form.cleaned_data.get("q", "").strip()),
    )
    # The office's (and the regional office's) counts by state: of what ``visible_to`` gives them,
    # their own municipality (or the one the regional office chose), never across its border.
    counts = state_counts(filterset.queryset) if request.user.sees_everything else None
    if counts is not None and filterset.is_valid() and not _is_filtered(filterset):
        paginator.count = sum(n for _, _, n in counts)  # the same rows: no second count
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "projects/registry.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "state_counts": counts,
            "municipality": chosen_municipality(request) if request.user.sees_region else None,
            "municipalities": Municipality.objects.active() if request.user.sees_region else None,
            "today": today,
            "can_create": writes_municipal_records(request.user),
            "filters_in_use": (in_use := _filters_in_use(filterset)),
            "filters_open": bool(in_use or filterset.form.errors),
        },
        # A bad filter value: the page with the message on the field at fault, answered 400.
        status=200 if filterset.is_valid() else 400,
    )


@login_required
def export(request):
    filterset = _filtered_registry(request)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    log_personal_data_access(
        request, "Реестр бережливых проектов (Excel, руководители проектов)", export=True, records=queryset.count()
    )
    return xlsx_response(ProjectRegistryExporter(queryset))


def _passport_form(request, project: Project, organisation):
    submitting = request.method == "POST" and "submit" in request.POST
    # What a save attempt sent and could not save (errors, a conflict, an ended session) is offered again.
    restored = formstash.take(request) if request.method == "GET" else None
    if restored is not None:
        messages.info(
            request,
            "Восстановлено введённое вами, но ещё не сохранённое в паспорте: проверьте и сохраните.",
        )
    data = request.POST if request.method == "POST" else restored
    form = ProjectForm(data, instance=project, organisation=organisation, require_complete=submitting)
    formsets = passport_formsets(data=data, project=project, organisation=organisation, require_rows=submitting)
    stale = None
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        try:
            saved = services.passport_save(
                form=form, formsets=list(formsets.values()), user=request.user, version=form.cleaned_data["version"]
            )
        except services.StalePassport as exc:
            form.add_error(None, exc)
            stale = _stored_differences(form, Project.objects.get(pk=project.pk))
            # A second save after comparing is a deliberate choice over the stored version.
            form.data = form.data.copy()
            form.data["version"] = str(exc.current)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            formstash.discard(request)
            if not submitting:
                messages.success(request, "Черновик паспорта сохранён.")
                return redirect("projects:edit", saved.pk)
            try:
                services.passport_submit(project=saved, user=request.user)
            except ValidationError as exc:
                # The draft is saved; what stops the submission is shown on the form again.
                messages.error(request, "Черновик сохранён, но не направлен: " + " ".join(exc.messages))
                return redirect("projects:edit", saved.pk)
            messages.success(request, "Паспорт направлен на рассмотрение в управление экономического развития.")
            return redirect(saved.get_absolute_url())
    if request.method == "POST":  # not saved: kept server-side until it is
        formstash.stash(request, request.POST)
    # The form shows only the chosen lead and team (others are found through people_lookup, logged there).
    shown = len(formsets["team"].initial_forms) + (1 if project.lead_id else 0)
    if shown:
        log_personal_data_access(request, f"Руководитель и команда в паспорте № {project.pk}", records=shown)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "formsets": formsets, "project": project, "stale": stale},
    )


def _shown(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "all"):  # the participants
        return ", ".join(sorted(str(v) for v in value.all()))
    if isinstance(value, (list, tuple)) or type(value).__name__ == "QuerySet":
        return ", ".join(sorted(str(v) for v in value))
    if hasattr(value, "isoformat"):
        return short_date(value)
    return str(value)


def _stored_differences(form: ProjectForm, stored: Project) -> list[dict]:
    """The passport's fields as stored now where they differ from what this user typed."""
    rows = []
    for name in form.Meta.fields:
        typed = form.cleaned_data.get(name)
        current = getattr(stored, name)
        if name == "kind":
            current, typed = stored.get_kind_display(), dict(Project.Kind.choices).get(typed, typed)
        shown_current, shown_typed = _shown(current), _shown(typed)
        if shown_current.strip() != shown_typed.strip():
            rows.append({"label": form.fields[name].label, "stored": shown_current, "typed": shown_typed})
    return rows


@login_required
def similar(request):
    """Projects resembling a title/process being typed (HTML fragment for the passport form)."""
    exclude = request.GET.get("exclude", "")
    found = similar_projects(
        user=request.user,
        title=request.GET.get("title", "")[:500],
        process=request.GET.get("process", "")[:500],
        exclude_pk=int(exclude) if exclude.isascii() and exclude.isdigit() else None,
    )
    return render(request, "projects/includes/similar.html", {"similar": found})


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@formstash.restorable
@login_required
def create(request):
    refuse_regional_writes(request.user)
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied("Паспорта создают сотрудники организаций.")
    project = Project(organisation=organisation)
    if request.method == "GET":
        for name, value in services.passport_defaults(organisation).items():
            setattr(project, name, value)
    return _passport_form(request, project, organisation)


@formstash.restorable
@login_required
def edit(request, pk: int):
    project = get_project_for_user(request, pk, write=True)
    if not project.is_editable:
        messages.warning(
            request,
            f"Паспорт в состоянии «{project.get_state_display()}» не редактируется: "
            "изменять можно черновик и паспорт, возвращённый на доработку.",
        )
        return redirect(project.get_absolute_url())
    return _passport_form(request, project, project.organisation)


def _log_team_access(request, project: Project, what: str, *, export: bool = False) -> None:
    """The passport lists its lead and team by name and role: personal data (152-ФЗ)."""
    people = project.team.count() + (1 if project.lead_id else 0)  # the prefetched rows when there are
    if people:
        log_personal_data_access(request, f"{what} № {project.pk}", export=export, records=people)


def _detail_queryset():
    return Project.objects.select_related(
        "organisation",
        "organisation__head",
        "customer_organisation__head",
        "sphere",
        "lead",
        "replicates__organisation",
        "approved_by__employee",
    ).prefetch_related(
        "participants",
        Prefetch("team", queryset=TeamMember.objects.select_related("employee__organisation")),
        "justification",
        "goals",
        Prefetch("transitions", queryset=Transition.objects.select_related("user__employee")),
        "replications__organisation",
        Prefetch(
            "change_requests",
            queryset=ChangeRequest.objects.select_related("created_by__employee", "decided_by__employee"),
        ),
    )


def timeline_rows(project: Project, today) -> tuple[list[dict], float | None]:
    """The ten stages on one scale (percent of the passport's whole span) and today's place on it."""
    actual = project.actual_stage
    planned = project.planned_stage(today)
    stages = project.stages()
    dated = [s for s in stages if s.start and s.end]
    first = min((s.start for s in dated), default=None)
    last = max((s.end for s in dated), default=None)
    span = max((last - first).days, 1) if first else 1
    rows = []
    for stage in stages:
        row = {
            "stage": stage,
            "overdue": stage.is_overdue(today, actual),
            "done": stage.number < actual,
            "planned_now": stage.number == planned,
        }
        if first and stage.start and stage.end:
            row["left"] = round((stage.start - first).days / span * 100, 2)
            row["width"] = round(max((stage.end - stage.start).days, 1) / span * 100, 2)
        rows.append(row)
    today_position = round((today - first).days / span * 100, 2) if first and first <= today <= last else None
    return rows, today_position


@login_required
def detail(request, pk: int):
    project = get_project_for_user(request, pk, queryset=_detail_queryset())
    _log_team_access(request, project, "Команда проекта")
    today = timezone.localdate()
    timeline, today_position = timeline_rows(project, today)
    actions = services.allowed_transitions(request.user, project)
    can_write = can_write_organisation(request.user, project.organisation)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "timeline": timeline,
            "today_position": today_position,
            "today": today,
            "actions": actions,
            "can_edit": project.is_editable and can_write,
            "can_delete": can_write and project.state == Project.State.DRAFT and not project.transitions.all(),
            "can_write": can_write,
            "comments": [t for t in project.transitions.all() if t.comment],
            "sections": collect_project_sections(request, project),
            "stage_form": StageForm(initial={"current_stage": project.current_stage or 2}),
            "failed_goals": project.stability_failed_goals(),
            "can_attach_scan": project.approved_at is not None
            and (
                services.has_role_for(request.user, project, services.HEAD)
                or services.has_role_for(request.user, project, services.ORG_STAFF)
            ),
            **_change_context(request.user, project),
        },
    )


def _change_context(user, project: Project) -> dict:
    requests = list(project.change_requests.all())
    decisions = {}
    for change in requests:
        change.project = project  # the page's project, with its customer: no query per request
        if change.state == ChangeRequest.State.SUBMITTED and services.may_decide_change(user, change, services.ECONOMY):
            decisions[change.pk] = [("agree", "Согласовать"), ("reject", "Отклонить")]
        elif change.state == ChangeRequest.State.AGREED and services.may_decide_change(user, change, services.HEAD):
            decisions[change.pk] = [("approve", "Утвердить изменение"), ("reject", "Отклонить")]
    can_propose = (
        project.state in services.CHANGEABLE_STATES
        and services.has_role_for(user, project, services.ORG_STAFF)
        and not any(r.is_open for r in requests)
    )
    described = describe_proposals(project, requests) if requests else {}
    return {
        "change_requests": [(r, described[r.pk], decisions.get(r.pk)) for r in requests],
        "baseline_differences": baseline_differences(project),
        "can_propose_change": can_propose,
    }


@login_required
def change_request_create(request, pk: int):
    project = get_project_for_user(request, pk, write=True)
    if project.state not in services.CHANGEABLE_STATES:
        messages.warning(request, "Изменения через запрос вносятся в утверждённый или реализуемый проект.")
        return redirect(project.get_absolute_url())
    form = ChangeRequestForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_request_create(
                project=project,
                user=request.user,
                summary=form.cleaned_data["summary"],
                reason=form.cleaned_data["reason"],
                proposed=form.proposed(),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Запрос на изменение направлен на согласование.")
            return redirect(project.get_absolute_url())
    return render(request, "projects/change_request_form.html", {"project": project, "form": form})


@login_required
@require_POST
def change_request_decide(request, pk: int):
    # Read through the project's reach: the office, the organisation and the customer's head.
    change = (
        ChangeRequest.objects.select_related("project__organisation", "project__customer_organisation")
        .filter(pk=pk, project__in=Project.objects.reachable_by(request.user))
        .first()
    )
    if change is None:
        raise Http404("Запись не найдена или недоступна.")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Выберите решение.")
        return redirect(change.project.get_absolute_url())
    action = {
        "agree": services.change_request_agree,
        "approve": services.change_request_approve,
        "reject": services.change_request_reject,
    }[form.cleaned_data["decision"]]
    try:
        action(change_request=change, user=request.user, comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Запрос на изменение: {change.get_state_display().lower()}.")
    return redirect(change.project.get_absolute_url())


@login_required
def transition(request, pk: int, to_state: str):
    project = get_project_for_user(request, pk)
    if to_state not in Project.State.values:
        raise Http404("Нет такого состояния.")
    form_class = {Project.State.APPROVED: ApproveForm, Project.State.CLOSED: CloseForm}.get(to_state, TransitionForm)
    label = services.ACTION_LABELS.get((project.state, to_state), "")
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            extra = {}
            if to_state == Project.State.APPROVED:
                extra["scan"] = form.cleaned_data.get("approval_scan")
            if to_state == Project.State.CLOSED:
                extra["closed_on"] = form.cleaned_data["closed_on"]
            try:
                services.project_transition(
                    project=project, user=request.user, to_state=to_state, comment=form.cleaned_data["comment"], **extra
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, f"Готово: «{Project.State(to_state).label}».")
                return redirect(project.get_absolute_url())
    else:
        form = form_class(initial={"closed_on": timezone.localdate()} if to_state == Project.State.CLOSED else None)
    return render(
        request,
        "projects/transition_form.html",
        {
            "project": project,
            "form": form,
            "label": label or f"Перевести в состояние «{Project.State(to_state).label}»",
            "to_state": to_state,
            "comment_required": (project.state, to_state) in services.COMMENT_REQUIRED,
        },
    )


@login_required
@require_POST
def record_stage(request, pk: int):
    project = get_project_for_user(request, pk, write=True)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.project_record_stage(project=project, user=request.user, stage=form.cleaned_data["current_stage"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Текущий этап отмечен.")
    else:
        messages.error(request, "Выберите этап из списка.")
    return redirect(project.get_absolute_url())


@login_required
def stability(request, pk: int):
    project = get_project_for_user(request, pk, write=True)
    if project.state != Project.State.MONITORING:
        messages.warning(request, "Стабильность результатов проверяют у проекта на мониторинге стабильности.")
        return redirect(project.get_absolute_url())
    goals = project.goals.all()
    form = StabilityForm(
        request.POST or None,
        goals=goals,
        initial={"checked_on": project.stability_checked_on or timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_record_stability(
                project=project, user=request.user, checked_on=form.cleaned_data["checked_on"], values=form.values()
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Показатели на дату проверки стабильности записаны.")
            return redirect(project.get_absolute_url())
    return render(request, "projects/stability_form.html", {"project": project, "form": form})


@login_required
@require_POST
def replicate(request, pk: int):
    source = get_project_for_user(request, pk)
    if not source.is_published:
        raise Http404("Тиражировать можно только утверждённые проекты.")
    refuse_regional_writes(request.user)
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied("Тиражируют проекты сотрудники организаций.")
    project = services.project_replicate(source=source, organisation=organisation, user=request.user)
    messages.success(request, "Создан черновик паспорта, тиражирующего проект. Дополните команду и сроки.")
    return redirect("projects:edit", project.pk)


@login_required
@require_POST
def delete(request, pk: int):
    project = get_project_for_user(request, pk, write=True)
    try:
        services.project_delete_draft(project=project, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(project.get_absolute_url())
    messages.success(request, f"Черновик «{project.title}» удалён.")
    return redirect("projects:registry")


@login_required
def history(request, pk: int):
    project = get_project_for_user(request, pk)
    return render(request, "projects/history.html", {"project": project, "entries": project_history(project)})


@login_required
def pdf(request, pk: int):
    project = get_project_for_user(request, pk, queryset=_detail_queryset())
    _log_team_access(request, project, "Паспорт проекта (PDF): команда", export=True)
    context = passport_pdf_context(project)
    return pdf_or_html_response(request, "projects/passport_pdf.html", context, f"Паспорт проекта {project.pk}.pdf")


@login_required
@require_POST
def scan_upload(request, pk: int):
    """Attach the signed passport's scan after approval (the head or the organisation's staff)."""
    project = get_project_for_user(request, pk)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("approval_scan", ["Выберите файл скана."])))
        return redirect(project.get_absolute_url())
    try:
        services.passport_attach_scan(project=project, user=request.user, scan=form.cleaned_data["approval_scan"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Скан подписанного паспорта загружен.")
    return redirect(project.get_absolute_url())


@login_required
def scan(request, pk: int):
    project = get_project_for_user(request, pk)
    return file_response(project.approval_scan, stem=f"pasport-{project.pk}")


# --- The organisation's staff on other organisations' projects ------------------------------


def _headed_organisation(request):
    organisation = request.user.organisation
    if organisation is None or not heads_organisation(request.user, organisation):
        raise PermissionDenied("Эту страницу видит руководитель организации.")
    return organisation


@login_required
def seconded(request):
    """The head sees the organisation's employees put on other organisations' projects."""
    organisation = _headed_organisation(request)
    members, led = seconded_staff(organisation)
    members, led = list(members), list(led)
    if members or led:
        log_personal_data_access(
            request, "Сотрудники организации в проектах других организаций", records=len(members) + len(led)
        )
    return render(request, "projects/seconded.html", {"organisation": organisation, "members": members, "led": led})


@require_POST
@login_required
def seconded_withdraw(request):
    organisation = _headed_organisation(request)
    members, led = seconded_staff(organisation)
    member_id, project_id = request.POST.get("member", ""), request.POST.get("lead", "")
    if not member_id and not project_id:
        messages.error(request, "Выберите сотрудника, которого нужно отозвать.")
        return redirect("projects:seconded")
    try:
        if member_id:
            member = members.get(pk=int(member_id))
            services.team_member_withdraw(member=member, user=request.user)
            done = f"{member.employee.full_name} отозван(а) из команды проекта «{member.project.title}»."
        else:
            project = led.get(pk=int(project_id))
            services.lead_withdraw(project=project, user=request.user)
            done = f"{project.lead.full_name} больше не руководит проектом «{project.title}»."
    except (ValueError, TeamMember.DoesNotExist, Project.DoesNotExist):
        raise Http404("Такого сотрудника в проектах других организаций нет.") from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("projects:seconded")
