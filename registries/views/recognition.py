"""Recognition of active staff (5.2.3): the basis for the reward the regulation asks for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lean_portal.exporters import xlsx_response
from registries.exporters import RecognitionExporter
from registries.selectors import current_year, recognition, year_choices


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", current_year()))
    except ValueError:
        return current_year()
    return year if year in year_choices() else current_year()


@login_required
def recognition_view(request):
    years = year_choices()
    year = _year(request)
    return render(
        request,
        "registries/recognition.html",
        {"year": year, "years": years, "organisations": recognition(request.user, year)},
    )


@login_required
def recognition_export(request):
    year = _year(request)
    return xlsx_response(RecognitionExporter(recognition(request.user, year), year))
