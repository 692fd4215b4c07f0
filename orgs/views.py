from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from orgs.access import chosen_municipality, get_organisation_for_user, office_read_required
from orgs.audit import log_personal_data_access
from orgs.filters import OrganisationFilter
from orgs.models import Municipality, Organisation, Sphere
from orgs.spheres import SphereForm, sphere_create


@login_required
def organisation_list(request):
    queryset = Organisation.objects.visible_to(request.user).select_related("sphere", "parent")
    # The regional office may narrow the region to one municipality; the others read their own.
    municipality = chosen_municipality(request) if request.user.sees_region else None
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    filterset = OrganisationFilter(request.GET, queryset=queryset, user=request.user)
    page_obj = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/organisation_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "municipality": municipality,
            "municipalities": Municipality.objects.active() if request.user.sees_region else None,
        },
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


@office_read_required
def sphere_list(request):
    """The spheres of activity: the regional list and the municipality's own, with the form that
    extends the user's list (an office its municipality's, the regional office the regional one)."""
    user = request.user
    municipality = chosen_municipality(request)
    form = SphereForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sphere = sphere_create(user=user, name=form.cleaned_data["name"])
        except ValidationError as error:
            for message in error.message_dict.get("name", error.messages):
                form.add_error("name", message)
        else:
            messages.success(request, f"Сфера «{sphere.name}» добавлена.")
            return redirect("orgs:spheres")
    return render(
        request,
        "orgs/sphere_list.html",
        {
            "regional": Sphere.objects.filter(municipality__isnull=True),
            "own": Sphere.objects.filter(municipality=municipality) if municipality else Sphere.objects.none(),
            "municipality": municipality,
            "municipalities": Municipality.objects.active() if user.sees_region else None,
            "form": form,
        },
    )
