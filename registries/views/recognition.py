"""Recognition of active staff (5.2.3): the basis for the reward the regulation asks for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from registries.selectors import current_year, recognition, year_choices


@login_required
def recognition_view(request):
    years = year_choices()
    try:
        year = int(request.GET.get("year", current_year()))
    except ValueError:
        year = current_year()
    if year not in years:
        year = current_year()
    return render(
        request,
        "registries/recognition.html",
        {"year": year, "years": years, "organisations": recognition(request.user, year)},
    )
