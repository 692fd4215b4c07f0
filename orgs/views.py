from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from orgs.access import get_organisation_for_user
from orgs.audit import log_personal_data_access
from orgs.filters import OrganisationFilter
from orgs.models import Organisation


@login_required
def organisation_list(request):
    queryset = Organisation.objects.visible_to(request.user).select_related("sphere", "parent")
    filterset = OrganisationFilter(request.GET, queryset=queryset)
    page_obj = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/organisation_list.html",
        {"filter": filterset, "page_obj": page_obj},
    )


@login_required
def organisation_detail(request, pk: int):
    organisation = get_organisation_for_user(
        request, pk, queryset=Organisation.objects.select_related("sphere", "parent", "head")
    )
    subordinates = organisation.subordinates.select_related("sphere").order_by("short_name")
    employees = list(organisation.employees.filter(is_active=True).order_by("last_name", "first_name"))
    log_personal_data_access(request, f"Сотрудники: {organisation.short_name}", records=len(employees))
    return render(
        request,
        "orgs/organisation_detail.html",
        {"organisation": organisation, "subordinates": subordinates, "employees": employees},
    )
