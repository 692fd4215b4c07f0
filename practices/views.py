"""The regional bank of practices and its open data: thin views over ``selectors`` and ``services``."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from lean_portal.exporters import csv_response
from lean_portal.pdf import pdf_or_html_response, qr_data_uri
from orgs.access import can_read_organisation
from practices import opendata, services
from practices.api import base_url, open_data_headers
from practices.exporters import PracticesExporter, StructureExporter, records
from practices.filters import PracticeFilter
from practices.selectors import (
    PracticePaginator,
    get_practice,
    last_change,
    practice_cards,
    practices,
    replications_of,
    sortable_practices,
)
from practices.serializers import replication_indicators, replication_score
from registries.selectors.contests import winning_project_ids

PAGE_SIZE = 20


def _practice_or_404(pk: int):
    assessment = get_practice(pk)
    if assessment is None:
        raise Http404("Практика не найдена: проект не признан тиражируемой практикой.")
    return assessment


@login_required
def practice_list(request):
    filterset = PracticeFilter(request.GET, queryset=sortable_practices())
    page_obj = PracticePaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "practices/list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "winners": winning_project_ids(project_ids=[a.project_id for a in page_obj]),
            "searched": any(request.GET.get(name) for name in ("q", "sphere", "process", "status", "municipality")),
        },
    )


@login_required
def practice_detail(request, pk: int):
    assessment = _practice_or_404(pk)
    project = assessment.project
    replications = replications_of(project)
    return render(
        request,
        "practices/detail.html",
        {
            "a": assessment,
            "project": project,
            "replicability": replication_indicators(assessment),
            "replication_score": replication_score(assessment),
            "replications": replications,
            "readable": {r.pk for r in replications if can_read_organisation(request.user, r.organisation)},
            "reads_project": can_read_organisation(request.user, project.organisation),
            "refusal": services.replication_refusal(request.user, project),
            "winner": project.pk in winning_project_ids(project_ids=[project.pk]),
        },
    )


@login_required
def practice_pdf(request, pk: int):
    """The passport of the practice for any reader of the bank: without the team, the approver and
    anyone else's name, only the lead's (as the card)."""
    assessment = _practice_or_404(pk)
    project = assessment.project
    url = base_url() + reverse("practices:detail", args=[project.pk])
    context = {
        "a": assessment,
        "project": project,
        "replicability": replication_indicators(assessment),
        "url": url,
        "qr": qr_data_uri(url),
    }
    return pdf_or_html_response(request, "practices/passport_pdf.html", context, f"Практика {project.pk}.pdf")


@login_required
def replicate(request, pk: int):
    """GET: what «Тиражировать» will do; POST: the draft in the user's organisation."""
    assessment = _practice_or_404(pk)
    source = assessment.project
    reason = services.replication_refusal(request.user, source)
    if reason is not None and services.refusal_is_forbidden(reason):
        return render(request, "practices/refused.html", {"project": source, "reason": reason}, status=403)
    if request.method == "POST":
        try:
            project = services.practice_replicate(source=source, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("practices:detail", source.pk)
        messages.success(
            request,
            f"Создан черновик паспорта «{project.title}», тиражирующий практику {source.organisation.short_name}. "
            "Дополните команду и сроки.",
        )
        return redirect(project)
    organisation = request.user.organisation
    earlier = list(source.replications.filter(organisation=organisation).order_by("created_at"))
    return render(
        request,
        "practices/replicate.html",
        {"a": assessment, "project": source, "reason": reason, "organisation": organisation, "earlier": earlier},
    )


# --- Open data (public) ---------------------------------------------------------------------------


def _links() -> dict[str, str]:
    url = base_url()
    return {
        name.replace("-", "_"): url + reverse(f"practices:{name}")
        for name in ("opendata", "opendata-csv", "opendata-json", "opendata-structure", "opendata-schema", "api-list")
    }


@require_safe
def opendata_passport(request):
    return render(
        request,
        "practices/opendata.html",
        {
            "opendata": opendata,
            "fields": opendata.FIELDS,
            "links": _links(),
            "updated": last_change(),
            "count": practices().count(),
        },
    )


@require_safe
def opendata_csv(request):
    exporter = PracticesExporter(records(practice_cards().order_by("project_id"), base_url=base_url()))
    return open_data_headers(csv_response(exporter, "data.csv"))


@require_safe
def opendata_json(request):
    """The array of every practice, streamed record by record."""

    def chunks():
        yield "["
        for index, record in enumerate(records(practice_cards().order_by("project_id"), base_url=base_url())):
            yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
        yield "\n]\n"

    response = StreamingHttpResponse((chunk.encode() for chunk in chunks()), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="data.json"'
    return open_data_headers(response)


@require_safe
def opendata_structure(request):
    return open_data_headers(csv_response(StructureExporter(), "structure.csv"))


@require_safe
def opendata_schema(request):
    schema = opendata.json_schema(_links()["opendata_schema"])
    return open_data_headers(
        JsonResponse(
            schema, json_dumps_params={"ensure_ascii": False, "indent": 2}, content_type="application/schema+json"
        )
    )
