"""Recognition of active staff (5.2.3): the basis for the reward the regulation asks for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lean_portal.exporters import xlsx_response
from lean_portal.panels import cached_while_unchanged, watch_models
from orgs.audit import log_personal_data_access
from registries.exporters import RecognitionExporter
from registries.selectors import current_year, recognition, recognition_organisations, year_choices
from registries.views.common import paginate

# Organisations per page: at region scale the office would otherwise get every organisation's
# people on one page.
ORGANISATIONS_PER_PAGE = 50
# Which organisations have someone active is kept in the shared cache until one of these changes.
RECOGNITION_DEPEND_ON = (
    "registries.Suggestion",
    "projects.Project",
    "registries.Training",
    "orgs.Employee",
    "orgs.Organisation",
)
watch_models(*RECOGNITION_DEPEND_ON)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", current_year()))
    except ValueError:
        return current_year()
    return year if year in year_choices() else current_year()


def _people(organisations) -> int:
    return sum(len(people) for _, people in organisations)


@login_required
def recognition_view(request):
    years = year_choices()
    year = _year(request)
    user = request.user
    scope = "all" if user.sees_everything else f"org{user.organisation_id}"
    active_ids = cached_while_unchanged(
        f"recognition-organisations:{year}:{scope}",
        RECOGNITION_DEPEND_ON,
        lambda: list(recognition_organisations(user, year).values_list("pk", flat=True)),
    )
    pages = paginate(request, active_ids, ORGANISATIONS_PER_PAGE)
    organisations = recognition(user, year, organisations=list(pages["page_obj"]))
    log_personal_data_access(request, f"Поощрение активных сотрудников за {year} год", records=_people(organisations))
    return render(
        request,
        "registries/recognition.html",
        {"year": year, "years": years, "organisations": organisations, **pages},
    )


@login_required
def recognition_export(request):
    year = _year(request)
    organisations = recognition(request.user, year)
    log_personal_data_access(
        request, f"Поощрение активных сотрудников за {year} год (Excel)", export=True, records=_people(organisations)
    )
    return xlsx_response(RecognitionExporter(organisations, year))
