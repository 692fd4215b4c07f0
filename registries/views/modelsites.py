"""Model sites and partner audits (plan 3.1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lean_portal.exporters import xlsx_response
from orgs.access import can_write_organisation
from registries.access import get_modelsite_for_user
from registries.exporters.modelsites import ModelSiteExporter
from registries.filters.modelsites import ModelSiteFilter
from registries.forms.modelsites import ModelSiteForm
from registries.models import ModelSite
from registries.services import modelsites as services
from registries.views.common import apply_errors, paginate, user_organisation


def _filtered(request) -> ModelSiteFilter:
    queryset = ModelSite.objects.visible_to(request.user).select_related("organisation", "sphere")
    return ModelSiteFilter(request.GET, queryset=queryset, user=request.user)


@login_required
def modelsite_list(request):
    filterset = _filtered(request)
    context = {"filter": filterset, "can_create": request.user.organisation is not None}
    context.update(paginate(request, filterset.qs))
    return render(request, "registries/modelsite_list.html", context)


@login_required
def modelsite_export(request):
    return xlsx_response(ModelSiteExporter(_filtered(request).qs))


@login_required
def modelsite_create(request):
    organisation = user_organisation(request)
    form = ModelSiteForm(request.POST or None, initial={"sphere": organisation.sphere_id}, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            site = services.modelsite_create(user=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Образец внесён в реестр.")
            return redirect(site)
    return render(request, "registries/modelsite_form.html", {"form": form})


@login_required
def modelsite_edit(request, pk: int):
    site = get_modelsite_for_user(request, pk, write=True)
    form = ModelSiteForm(request.POST or None, instance=site, organisation=site.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.modelsite_update(site=site, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(site)
    return render(request, "registries/modelsite_form.html", {"form": form, "site": site})


@login_required
def modelsite_detail(request, pk: int):
    site = get_modelsite_for_user(request, pk)
    return render(
        request,
        "registries/modelsite_detail.html",
        {"site": site, "can_write": can_write_organisation(request.user, site.organisation)},
    )


@login_required
@require_POST
def modelsite_delete(request, pk: int):
    site = get_modelsite_for_user(request, pk, write=True)
    services.modelsite_delete(site=site, user=request.user)
    messages.success(request, "Запись об образце удалена.")
    return redirect("registries:modelsite-list")
