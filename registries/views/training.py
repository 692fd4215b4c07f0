"""Training records: external lean basics, internal courses, mentoring, the office process factory."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lean_portal.exporters import xlsx_response
from lean_portal.uploads import file_response
from orgs.access import can_write_organisation, economy_required
from orgs.audit import log_personal_data_access
from orgs.models import Organisation
from registries.access import get_training_for_user
from registries.exporters.training import TrainingExporter
from registries.filters.training import TrainingFilter
from registries.forms.training import TrainingForm
from registries.models import Training
from registries.services import training as services
from registries.views.common import apply_errors, log_employee_pickers, paginate, user_organisation


def _filtered(request) -> TrainingFilter:
    queryset = Training.objects.visible_to(request.user).select_related("employee__organisation", "mentor")
    return TrainingFilter(request.GET, queryset=queryset, user=request.user)


@login_required
def training_list(request):
    filterset = _filtered(request)
    context = {"filter": filterset, "can_create": request.user.organisation is not None}
    context.update(paginate(request, filterset.qs))
    if request.user.is_economy:
        context["unconfirmed_count"] = _unconfirmed().visible_to(request.user).count()
    log_personal_data_access(request, "Реестр обучения сотрудников", records=len(context["page_obj"].object_list))
    return render(request, "registries/training_list.html", context)


def _unconfirmed():
    """Completed lean-basics training with neither a certificate scan nor the office's confirmation."""
    return Training.objects.unconfirmed().filter(kind=Training.Kind.LEAN_BASICS, completed_on__isnull=False)


@economy_required
def training_unconfirmed(request):
    """The office's one list of completed training without a certificate scan or its confirmation (plan 2.1,
    the right to assess of 4.2): each record is confirmed here, with who and when."""
    # The office's own municipality's (``visible_to``), never its neighbours'.
    queryset = (
        _unconfirmed()
        .visible_to(request.user)
        .select_related("employee__organisation", "created_by")
        .order_by("-completed_on", "-id")
    )
    context = paginate(request, queryset)
    log_personal_data_access(
        request, "Неподтверждённое обучение сотрудников", records=len(context["page_obj"].object_list)
    )
    return render(request, "registries/training_unconfirmed.html", context)


@require_POST
@economy_required
def training_confirm(request, pk: int):
    training = get_training_for_user(request, pk)
    try:
        services.training_confirm(training=training, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        what = f"{training.employee.full_name}, {training.get_kind_display()}"
        messages.success(request, f"Обучение подтверждено: {what}.")
    if request.POST.get("next") == "detail":
        return redirect(training)
    return redirect("registries:training-unconfirmed")


@login_required
def training_export(request):
    queryset = _filtered(request).qs
    log_personal_data_access(request, "Реестр обучения сотрудников (Excel)", export=True, records=queryset.count())
    return xlsx_response(TrainingExporter(queryset))


def _form(request, organisation, instance=None) -> TrainingForm:
    return TrainingForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        organisation=organisation,
        mentor_organisations=Organisation.objects.visible_to(request.user),
    )


@login_required
def training_create(request):
    organisation = user_organisation(request)
    form = _form(request, organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["certificate"] = data.get("certificate") or ""
        try:
            training = services.training_create(user=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Запись об обучении добавлена.")
            return redirect(training)
    log_employee_pickers(request, form, "employee", "mentor", what="Выбор сотрудника и наставника в форме обучения")
    return render(request, "registries/training_form.html", {"form": form})


@login_required
def training_edit(request, pk: int):
    training = get_training_for_user(request, pk, write=True)
    form = _form(request, training.employee.organisation, instance=training)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("certificate"):
            data["certificate"] = ""  # none uploaded, or «очистить» ticked
        try:
            services.training_update(training=training, user=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(training)
    log_employee_pickers(request, form, "employee", "mentor", what=f"Выбор сотрудника в форме обучения № {training.pk}")
    return render(request, "registries/training_form.html", {"form": form, "training": training})


@login_required
def training_detail(request, pk: int):
    training = get_training_for_user(request, pk)
    log_personal_data_access(
        request, f"Обучение сотрудника (запись № {training.pk})", records=2 if training.mentor_id else 1
    )
    return render(
        request,
        "registries/training_detail.html",
        {
            "training": training,
            "can_write": can_write_organisation(request.user, training.employee.organisation),
        },
    )


@login_required
@require_POST
def training_delete(request, pk: int):
    training = get_training_for_user(request, pk, write=True)
    services.training_delete(training=training, user=request.user)
    messages.success(request, "Запись об обучении удалена.")
    return redirect("registries:training-list")


@login_required
def training_certificate(request, pk: int):
    """The certificate scan, only to those who may read the training record."""
    training = get_training_for_user(request, pk)
    return file_response(training.certificate, stem=f"sertifikat-{training.pk}")
