"""The regional project office's pages: the comparison of municipalities and their onboarding.

Only the regional office (role REGION) and administrators: ``role_required(User.Role.REGION)``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from lean_portal.exporters import xlsx_response
from orgs.access import role_required
from orgs.models import Municipality, Organisation, User
from region import charts, selectors, services
from region.access import get_municipality_for_user
from region.exporters import ComparisonExporter
from region.forms import OnboardingForm

region_required = role_required(User.Role.REGION)

# The session key holding a new user's temporary password until the municipality's page shows it once.
PASSWORD_SESSION_KEY = "region_onboarding_password"  # noqa: S105 - a session key name
PER_PAGE = 50
USERS_LISTED = 50


def _year(request, years: list[int]) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except (TypeError, ValueError):
        return this_year
    return year if year in years else this_year


def _link_bases() -> dict[str, str]:
    return {
        "plan": reverse("plan:dashboard"),
        "projects": reverse("projects:registry"),
        "effects": reverse("effects:district"),
        # The slug is put in its place below: one reverse per page, not one per municipality.
        "detail": reverse("region:municipality-detail", args=["slug-placeholder"]),
    }


def _links(slug: str, bases: dict[str, str] | None = None) -> dict[str, str]:
    """A municipality's pages the regional office reads, each chosen by ``?municipality=<slug>``, and its
    own page."""
    bases = bases or _link_bases()
    query = urlencode({"municipality": slug})
    links = {name: f"{url}?{query}" for name, url in bases.items() if name != "detail"}
    links["detail"] = bases["detail"].replace("slug-placeholder", slug)
    return links


def _charts(data: selectors.Comparison) -> list[dict]:
    rows = data.rows
    unit_names = tuple(title for _, title, _ in selectors.PROJECT_GROUPS)
    return [
        {
            "id": "chart-plan",
            "title": "Выполнение плана: доля показателей, достигших своего целевого значения",
            "svg": charts.bar_chart(
                "Доля показателей плана, достигших цели",
                [charts.Bar(r.short_name, (r.plan_share,)) for r in rows],
                unit="%",
            ),
        },
        {
            "id": "chart-projects",
            "title": "Проекты по состоянию",
            "svg": charts.bar_chart(
                "Проекты по состоянию",
                [
                    charts.Bar(r.short_name, tuple(r.projects.get(k, 0) for k, _, _ in selectors.PROJECT_GROUPS))
                    for r in rows
                ],
                digits=0,
                legend=unit_names,
            ),
        },
        {
            "id": "chart-suggestions",
            "title": f"Предложения по улучшению, поданные в {data.year} году, на 1 000 сотрудников",
            "svg": charts.bar_chart(
                "ППУ на 1 000 сотрудников", [charts.Bar(r.short_name, (r.suggestions_per_1000,)) for r in rows]
            ),
        },
        {
            "id": "chart-training",
            "title": f"Сотрудники, завершившие обучение в {data.year} году, на 1 000 сотрудников",
            "svg": charts.bar_chart(
                "Обучено на 1 000 сотрудников", [charts.Bar(r.short_name, (r.trained_per_1000,)) for r in rows]
            ),
        },
        {
            "id": "chart-effects",
            "title": f"Подтверждённые эффекты проектов {data.year} года, руб. в год",
            "svg": charts.bar_chart(
                "Подтверждённые эффекты",
                [charts.Bar(r.short_name, (r.effects_money,)) for r in rows],
                unit="руб. в год",
                digits=0,
            ),
        },
    ]


def _sort_headers(current: str) -> list[dict]:
    """Each sortable column: its key, title, the sort its link asks for, and ``aria-sort``."""
    headers = []
    for key, (title, _) in selectors.SORTS.items():
        ascending = current == key
        descending = current == f"-{key}"
        headers.append(
            {
                "key": key,
                "title": title,
                "next": f"-{key}" if ascending else key,
                "aria_sort": "ascending" if ascending else ("descending" if descending else ""),
            }
        )
    return headers


@require_GET
@region_required
def comparison(request):
    """«Сравнение муниципальных образований»: one row per municipality for a year."""
    years = selectors.comparison_years()
    year = _year(request, years)
    data = selectors.comparison(year, request.GET.get("sort", selectors.DEFAULT_SORT))
    bases = _link_bases()
    for row in data.rows:
        row.links = _links(row.slug, bases)
    return render(
        request,
        "region/comparison.html",
        {
            "data": data,
            "charts": _charts(data) if data.rows else [],
            "headers": _sort_headers(data.sort),
            "project_groups": selectors.PROJECT_GROUPS,
            "refresh_minutes": selectors.comparison_cache_seconds() // 60,
        },
    )


@require_GET
@region_required
def comparison_xlsx(request):
    years = selectors.comparison_years()
    data = selectors.comparison(_year(request, years), request.GET.get("sort", selectors.DEFAULT_SORT))
    return xlsx_response(ComparisonExporter(data))


@require_GET
@region_required
def municipality_list(request):
    """Every municipality (active first), with its office and how much it holds."""
    queryset = Municipality.objects.annotate(
        organisations_count=Count("organisations", distinct=True),
        users_count=Count("organisations__employees__user", distinct=True),
    ).order_by("-is_active", "name")
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    offices = {
        office.municipality_id: office
        for office in Organisation.objects.filter(
            is_economy_office=True, municipality__in=[m.pk for m in page.object_list]
        ).only("pk", "short_name", "municipality_id")
    }
    for municipality in page.object_list:
        municipality.office = offices.get(municipality.pk)
    return render(request, "region/municipality_list.html", {"page_obj": page})


@region_required
def municipality_create(request):
    """Onboarding: the municipality, its economy office and its first user, in one form and one transaction."""
    form = OnboardingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.municipality_onboard(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[PASSWORD_SESSION_KEY] = {
                "slug": done.municipality.slug,
                "username": done.user.username,
                "password": done.password,
            }
            messages.success(
                request,
                f"Муниципальное образование «{done.municipality.name}», его управление и пользователь созданы.",
            )
            return redirect("region:municipality-detail", slug=done.municipality.slug)
    return render(request, "region/municipality_form.html", {"form": form})


@require_GET
@region_required
def municipality_detail(request, slug: str):
    municipality = get_municipality_for_user(request, slug)
    office = Organisation.objects.filter(municipality=municipality, is_economy_office=True).first()
    users = list(
        User.objects.filter(employee__organisation__municipality=municipality)
        .select_related("employee__organisation")
        .order_by("employee__last_name", "username")[:USERS_LISTED]
    )
    counts = selectors.municipality_counts(municipality)
    # The new user's temporary password, shown once: taken out of the session as it is shown.
    created = request.session.get(PASSWORD_SESSION_KEY)
    if created and created.get("slug") == municipality.slug:
        del request.session[PASSWORD_SESSION_KEY]
    else:
        created = None
    return render(
        request,
        "region/municipality_detail.html",
        {
            "municipality": municipality,
            "office": office,
            "users": users,
            "users_more": max(counts.users - len(users), 0),
            "counts": counts,
            "created": created,
            "links": _links(municipality.slug),
            "portal_url": request.build_absolute_uri(reverse("home")),
            "login_url": request.build_absolute_uri(reverse("login")),
            "import_url": request.build_absolute_uri(reverse("imports:index")),
            "plans_url": request.build_absolute_uri(reverse("plan:plan-list")),
        },
    )


def _set_active(request, slug: str, active: bool):
    municipality = get_municipality_for_user(request, slug)
    if request.method == "POST":
        try:
            services.municipality_set_active(by=request.user, municipality=municipality, active=active)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            word = "снова участвует в сравнении" if active else "отключено"
            messages.success(request, f"Муниципальное образование «{municipality.name}» {word}.")
        return redirect("region:municipality-detail", slug=municipality.slug)
    return render(
        request,
        "region/municipality_confirm.html",
        {"municipality": municipality, "active": active, "counts": selectors.municipality_counts(municipality)},
    )


@region_required
def municipality_deactivate(request, slug: str):
    """GET: the question; POST: the municipality leaves the comparison and the regional lists."""
    return _set_active(request, slug, False)


@region_required
def municipality_reactivate(request, slug: str):
    return _set_active(request, slug, True)
