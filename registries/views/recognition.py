"""Recognition of active staff (5.2.3): the basis for the reward the regulation asks for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lean_portal.exporters import xlsx_response
from lean_portal.security import year_parameter
from orgs.audit import log_personal_data_access
from registries.exporters.recognition import RecognitionExporter
from registries.selectors.common import current_year, year_choices
from registries.selectors.recognition import recognition, recognition_organisations
from registries.views.common import paginate

# Organisations per page: at region scale the office would otherwise get every organisation's
# people on one page.
ORGANISATIONS_PER_PAGE = 50


def _year(request) -> int:
    year = year_parameter(request)  # not a year at all: 400
    return year if year in year_choices() else current_year()


def _people(organisations) -> int:
    return sum(len(people) for _, people in organisations)


@login_required
def recognition_view(request):
    years = year_choices()
    year = _year(request)
    user = request.user
    active_ids = list(recognition_organisations(user, year).values_list("pk", flat=True))
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
