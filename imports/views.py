"""Import of registers from Excel: the template, the upload, the report, the confirmation, the result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from imports import services
from imports.access import get_batch_for_user
from imports.engine import RESULT_LINKS, Report
from imports.forms import UploadForm
from imports.models import KEEP_DAYS, ImportBatch
from imports.sheets import SHEETS, sheets_for
from imports.workbooks import ImportTemplate
from lean_portal.exporters import xlsx_response

RECENT = 10

# Where the result page links each created record.
RESULT_URLS = {
    "organisations": "orgs:detail",
    "projects": "projects:detail",
    "suggestions": "registries:suggestion-detail",
    "training": "registries:training-detail",
}


def _importer_required(request) -> None:
    if not services.may_import(request.user):
        raise PermissionDenied("Загружать файлы может сотрудник организации или управление экономического развития.")


@login_required
def index(request):
    _importer_required(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_batch_upload(user=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error.messages[0])
        else:
            services.start(batch, "check")
            return redirect(batch)
    recent = ImportBatch.objects.filter(uploaded_by=request.user).only(
        "pk", "file_name", "state", "created_at", "updated_at"
    )[:RECENT]
    return render(
        request,
        "imports/index.html",
        {"form": form, "sheets": sheets_for(request.user), "recent": recent, "keep_days": KEEP_DAYS},
    )


@login_required
@require_GET
def template(request):
    _importer_required(request)
    return xlsx_response(ImportTemplate(request.user))


@login_required
@require_GET
def registers(request):
    _importer_required(request)
    return xlsx_response(ImportTemplate(request.user, with_records=True))


def _links(result: Report) -> list[dict]:
    groups = []
    titles = {spec.key: spec.title for spec in SHEETS}
    for key, rows in result.created.items():
        url_name = RESULT_URLS.get(key)
        groups.append(
            {
                "title": titles.get(key, key),
                "rows": [
                    {"label": label, "url": reverse(url_name, args=[pk]) if url_name else ""} for pk, label in rows
                ],
            }
        )
    return groups


@login_required
def detail(request, pk: int):
    batch = get_batch_for_user(request.user, pk)
    imported = batch.state == ImportBatch.State.IMPORTED
    summary = Report.from_json(batch.result if imported else batch.report)
    context = {
        "batch": batch,
        "summary": summary,
        "errors": summary.errors,
        "warnings": summary.warnings,
        "totals": {what: summary.total(what) for what in ("create", "update", "unchanged")},
        "links": _links(summary) if imported else [],
        "link_limit": RESULT_LINKS,
    }
    return render(request, "imports/detail.html", context)


@login_required
@require_GET
def status(request, pk: int):
    batch = get_batch_for_user(request.user, pk)
    return JsonResponse(
        {
            "state": batch.state,
            "running": batch.is_running,
            "done": batch.progress_done,
            "total": batch.progress_total,
            "percent": batch.percent,
        }
    )


@login_required
@require_POST
def confirm(request, pk: int):
    batch = get_batch_for_user(request.user, pk)
    try:
        batch = services.import_batch_confirm(batch=batch, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(batch)
    services.start(batch, "apply")
    return redirect(batch)
