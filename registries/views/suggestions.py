"""Improvement suggestions (ППУ): quick filing, decisions, «Открыть проект», counts, Excel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lean_portal.exporters import xlsx_response
from orgs.access import can_write_organisation
from orgs.audit import log_personal_data_access
from registries.access import get_suggestion_for_user
from registries.exporters.suggestions import SuggestionExporter
from registries.filters.suggestions import SuggestionFilter
from registries.forms.suggestions import (
    SuggestionAcceptForm,
    SuggestionForm,
    SuggestionImplementForm,
    SuggestionRejectForm,
)
from registries.models import Suggestion
from registries.selectors.suggestions import suggestion_counts
from registries.services import suggestions as services
from registries.views.common import apply_errors, log_employee_pickers, paginate, user_organisation

COUNTS_PAGE_SIZE = 100


def _filtered(request) -> SuggestionFilter:
    queryset = (
        Suggestion.objects.visible_to(request.user)
        .select_related("organisation", "project")
        .prefetch_related("authors")
    )
    return SuggestionFilter(request.GET, queryset=queryset, user=request.user)


@login_required
def suggestion_list(request):
    filterset = _filtered(request)
    context = {"filter": filterset, "can_create": request.user.organisation is not None}
    # No DISTINCT: every filter matches a suggestion once (the author through EXISTS or one
    # author's row), and DISTINCT over 120,000 rows cost half a second at region scale.
    context.update(paginate(request, filterset.qs))
    log_personal_data_access(
        request, "Реестр предложений по улучшению (авторы)", records=len(context["page_obj"].object_list)
    )
    return render(request, "registries/suggestion_list.html", context)


@login_required
def suggestion_export(request):
    queryset = _filtered(request).qs
    log_personal_data_access(
        request, "Реестр предложений по улучшению (Excel, авторы)", export=True, records=queryset.count()
    )
    return xlsx_response(SuggestionExporter(queryset))


@login_required
def suggestion_counts_view(request):
    years, rows = suggestion_counts(Suggestion.objects.visible_to(request.user))
    # The totals cover every organisation; the table is paged (the office's region table has a
    # row per organisation: too much to render on one page).
    totals = [(sum(r.cells[i][0] for r in rows), sum(r.cells[i][1] for r in rows)) for i in range(len(years))]
    pages = paginate(request, rows, COUNTS_PAGE_SIZE)
    return render(
        request,
        "registries/suggestion_counts.html",
        {"years": years, "rows": pages["page_obj"].object_list, "totals": totals, **pages},
    )


@login_required
def suggestion_create(request):
    organisation = user_organisation(request)
    form = SuggestionForm(request.POST or None, organisation=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            suggestion = services.suggestion_create(organisation=organisation, user=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Предложение по улучшению подано.")
            return redirect(suggestion)
    log_employee_pickers(request, form, "authors", what="Выбор авторов в форме предложения")
    return render(request, "registries/suggestion_form.html", {"form": form, "organisation": organisation})


@login_required
def suggestion_edit(request, pk: int):
    suggestion = get_suggestion_for_user(request, pk, write=True)
    if suggestion.is_decided:
        messages.error(request, "Решение по предложению уже принято: изменить его текст нельзя.")
        return redirect(suggestion)
    form = SuggestionForm(
        request.POST or None,
        instance=suggestion,
        organisation=suggestion.organisation,
        user=request.user,
        initial={"authors": list(suggestion.authors.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.suggestion_update(suggestion=suggestion, user=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(suggestion)
    log_employee_pickers(request, form, "authors", what=f"Выбор авторов в форме предложения № {suggestion.pk}")
    return render(
        request,
        "registries/suggestion_form.html",
        {"form": form, "organisation": suggestion.organisation, "suggestion": suggestion},
    )


@login_required
def suggestion_detail(request, pk: int):
    suggestion = get_suggestion_for_user(request, pk)
    can_write = can_write_organisation(request.user, suggestion.organisation)
    authors = list(suggestion.authors.all())
    log_personal_data_access(request, f"Авторы предложения № {suggestion.pk}", records=len(authors))
    return render(
        request,
        "registries/suggestion_detail.html",
        {
            "suggestion": suggestion,
            "authors": authors,
            "transitions": suggestion.transitions.select_related("user__employee"),
            "can_write": can_write,
            "can_decide": services.suggestion_decision_refusal(request.user, suggestion) is None,
            "accept_form": SuggestionAcceptForm(),
            "implement_form": SuggestionImplementForm(),
            "reject_form": SuggestionRejectForm(),
        },
    )


# Accepting and rejecting are decisions (the head or the parent unit, never an author);
# recording the implementation is the organisation's own.
DECISIONS = {"accept", "reject"}
TRANSITIONS = {
    "accept": (SuggestionAcceptForm, services.suggestion_accept, "Предложение принято к внедрению."),
    "implement": (SuggestionImplementForm, services.suggestion_implement, "Предложение отмечено внедрённым."),
    "reject": (SuggestionRejectForm, services.suggestion_reject, "Предложение отклонено."),
}


@login_required
@require_POST
def suggestion_transition(request, pk: int, action: str):
    decision = action in DECISIONS
    suggestion = get_suggestion_for_user(request, pk, write=not decision)
    if decision:
        refusal = services.suggestion_decision_refusal(request.user, suggestion)
        if refusal:
            raise PermissionDenied(refusal)
    form_class, service, done = TRANSITIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(suggestion=suggestion, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(suggestion)
    forms = {
        "accept_form": SuggestionAcceptForm(),
        "implement_form": SuggestionImplementForm(),
        "reject_form": SuggestionRejectForm(),
    }
    forms[f"{action}_form"] = form
    suggestion.refresh_from_db()
    return render(
        request,
        "registries/suggestion_detail.html",
        {
            "suggestion": suggestion,
            "authors": suggestion.authors.all(),
            "transitions": suggestion.transitions.select_related("user__employee"),
            "can_write": can_write_organisation(request.user, suggestion.organisation),
            "can_decide": services.suggestion_decision_refusal(request.user, suggestion) is None,
            "open_action": action,
            **forms,
        },
        status=400,
    )


@login_required
@require_POST
def suggestion_open_project(request, pk: int):
    suggestion = get_suggestion_for_user(request, pk, write=True)
    try:
        project = services.suggestion_open_project(suggestion=suggestion, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(suggestion)
    messages.success(request, "Открыт черновик паспорта бережливого проекта по предложению. Дополните его.")
    return redirect(project)
