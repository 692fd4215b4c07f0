"""Culture self-diagnostics (5.2.1): yearly questionnaires, compared year over year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from orgs.access import can_write_organisation, get_organisation_for_user
from orgs.models import Organisation
from registries.access import get_diagnostic_for_user
from registries.filters.diagnostics import DiagnosticFilter
from registries.forms.diagnostics import DiagnosticForm, StatementForm
from registries.models import CultureDiagnostic, DiagnosticStatement
from registries.selectors.diagnostics import diagnostics_table
from registries.services import diagnostics as services
from registries.views.common import apply_errors, paginate, user_organisation


@login_required
def diagnostics_list(request):
    queryset = CultureDiagnostic.objects.visible_to(request.user).select_related("organisation")
    filterset = DiagnosticFilter(request.GET, queryset=queryset, user=request.user)
    context = {
        "filter": filterset,
        "can_create": request.user.organisation is not None,
        "can_edit_statements": services.statement_editor(request.user),
    }
    context.update(paginate(request, filterset.qs))
    return render(request, "registries/diagnostics_list.html", context)


def _statements(organisation, diagnostic=None):
    """The questionnaire in the organisation's municipality (regional statements and its own)."""
    statements = DiagnosticStatement.objects.of_municipality(organisation.municipality_id).filter(is_active=True)
    if diagnostic is not None:
        statements = statements | DiagnosticStatement.objects.filter(ratings__diagnostic=diagnostic)
    return statements.distinct().order_by("position", "id")


def _save(request, form, organisation, diagnostic=None):
    fields = {name: form.cleaned_data[name] for name in DiagnosticForm.Meta.fields}
    return services.diagnostic_save(
        user=request.user, organisation=organisation, diagnostic=diagnostic, ratings=form.ratings(), **fields
    )


@login_required
def diagnostics_create(request):
    organisation = user_organisation(request)
    form = DiagnosticForm(request.POST or None, statements=_statements(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            diagnostic = _save(request, form, organisation)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Самодиагностика внесена.")
            return redirect(diagnostic)
    if not form.statements:
        messages.warning(request, "Перечень утверждений пуст: его ведёт управление экономического развития.")
    return render(request, "registries/diagnostics_form.html", {"form": form, "organisation": organisation})


@login_required
def diagnostics_edit(request, pk: int):
    diagnostic = get_diagnostic_for_user(request, pk, write=True)
    form = DiagnosticForm(
        request.POST or None, instance=diagnostic, statements=_statements(diagnostic.organisation, diagnostic)
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form, diagnostic.organisation, diagnostic)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(diagnostic)
    return render(
        request,
        "registries/diagnostics_form.html",
        {"form": form, "organisation": diagnostic.organisation, "diagnostic": diagnostic},
    )


@login_required
def diagnostics_detail(request, pk: int):
    diagnostic = get_diagnostic_for_user(request, pk)
    return render(
        request,
        "registries/diagnostics_detail.html",
        {
            "diagnostic": diagnostic,
            "ratings": diagnostic.ratings.select_related("statement"),
            "can_write": can_write_organisation(request.user, diagnostic.organisation),
        },
    )


@login_required
@require_POST
def diagnostics_delete(request, pk: int):
    diagnostic = get_diagnostic_for_user(request, pk, write=True)
    services.diagnostic_delete(diagnostic=diagnostic, user=request.user)
    messages.success(request, "Самодиагностика удалена.")
    return redirect("registries:diagnostics-list")


@login_required
def diagnostics_compare(request, org_pk: int):
    """An organisation's results year over year: statements × years."""
    organisation = get_organisation_for_user(request, org_pk, queryset=Organisation.objects.all())
    return render(
        request,
        "registries/diagnostics_compare.html",
        {"organisation": organisation, "table": diagnostics_table(organisation)},
    )


@login_required
def statement_list(request):
    """The office keeps the questionnaire: add, reorder, retire statements."""
    if not services.statement_editor(request.user):
        raise PermissionDenied("Перечень утверждений ведёт управление экономического развития.")
    form = StatementForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        services.statement_save(user=request.user, **form.cleaned_data)
        messages.success(request, "Утверждение добавлено.")
        return redirect("registries:statement-list")
    return render(
        request,
        "registries/statement_list.html",
        {
            "form": form,
            "statements": (
                DiagnosticStatement.objects.all()
                if request.user.is_portal_admin
                else DiagnosticStatement.objects.of_municipality(services.statement_scope(request.user))
            ),
            "editable": set(services.editable_statements(request.user).values_list("pk", flat=True)),
        },
    )


@login_required
def statement_edit(request, pk: int):
    if not services.statement_editor(request.user):
        raise PermissionDenied("Перечень утверждений ведёт управление экономического развития.")
    statement = services.editable_statements(request.user).filter(pk=pk).first()
    if statement is None:
        raise Http404("Утверждение не найдено.")
    form = StatementForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        services.statement_save(user=request.user, statement=statement, **form.cleaned_data)
        messages.success(request, "Утверждение сохранено.")
        return redirect("registries:statement-list")
    return render(request, "registries/statement_form.html", {"form": form, "statement": statement})
