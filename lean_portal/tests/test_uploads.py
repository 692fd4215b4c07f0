"""Uploads: signed passport scans (projects), training certificates (registries) and
self-assessment scans (reporting).

For each kind: an oversize file and a disguised executable are refused with a Russian
message and nothing is stored; the accepted file gets a random name (nothing the uploader
chose, nothing guessable) under MEDIA_ROOT, away from the static root and from any URL of
its own; it is served only through the view that checks access — another organisation
gets 404.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from lean_portal.uploads import file_response, upload_path
from projects.models import Project
from projects.tests.factories import FullProjectFactory
from registries.models import Training
from reporting import services as reporting_services
from reporting.models import SelfAssessment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXECUTABLES = {
    "windows": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64,
    "linux": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64,
    "script": b"#!/bin/sh\nrm -rf /\n",
    "html": b"<html><script>alert(1)</script></html>",
}
RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|png|jpg)$")


@dataclass
class Kind:
    """One upload kind: how to post a file, where the record keeps it, who reads it."""

    post: Callable  # (client, upload) -> response
    stored: Callable  # () -> FieldFile or None
    serve_url: Callable  # () -> str
    limit: int
    too_big: str  # the words of the size refusal
    wrong_type: str  # the words of the type refusal
    refused_status: int  # the status of a refused upload (form re-rendered or redirect with a message)


@pytest.fixture
def passport_scan(client, unit, department_user):
    project = FullProjectFactory(
        organisation=unit,
        created_by=department_user,
        state=Project.State.APPROVED,
        approval_date=datetime.date(2024, 2, 1),
    )
    client.force_login(department_user)

    def post(client, upload):
        return client.post(reverse("projects:scan-upload", args=[project.pk]), {"approval_scan": upload}, follow=True)

    def stored():
        project.refresh_from_db()
        return project.approval_scan or None

    return Kind(
        post=post,
        stored=stored,
        serve_url=lambda: reverse("projects:scan", args=[project.pk]),
        limit=10 * 1024 * 1024,
        too_big="больше 10 МБ",
        wrong_type="PDF, JPEG или PNG",
        refused_status=200,
    )


@pytest.fixture
def training_certificate(client, unit, department_user):
    client.force_login(department_user)
    training = {}

    def post(client, upload):
        response = client.post(
            reverse("registries:training-create"),
            {
                "employee": department_user.employee_id,
                "kind": Training.Kind.LEAN_BASICS,
                "provider": "АНО «Центр компетенций Кузбасса»",
                "started_on": "2023-01-10",
                "completed_on": "2023-01-20",
                "hours": "36",
                "certificate": upload,
            },
        )
        training["last"] = Training.objects.order_by("pk").last()
        return response

    def stored():
        record = Training.objects.order_by("pk").last()
        return record.certificate if record and record.certificate else None

    return Kind(
        post=post,
        stored=stored,
        serve_url=lambda: reverse("registries:training-certificate", args=[training["last"].pk]),
        limit=5 * 1024 * 1024,
        too_big="больше 5 МБ",
        wrong_type="PDF, JPEG или PNG",
        refused_status=200,
    )


@pytest.fixture
def selfassessment_scan(client, unit, department_user):
    client.force_login(department_user)
    state = {}

    def fresh():
        year = 2022 + SelfAssessment.objects.count()
        assessment = reporting_services.selfassessment_start(organisation=unit, year=year, user=department_user)
        reporting_services.selfassessment_save(
            assessment=assessment, user=department_user, achievements="Два проекта", problem_areas="Сроки", plans=""
        )
        state["last"] = reporting_services.selfassessment_complete(assessment=assessment, user=department_user)
        return state["last"]

    def post(client, upload):
        assessment = fresh()
        return client.post(reverse("reporting:selfassessment-send", args=[assessment.pk]), {"scan": upload})

    def stored():
        state["last"].refresh_from_db()
        return state["last"].scan or None

    return Kind(
        post=post,
        stored=stored,
        serve_url=lambda: reverse("reporting:selfassessment-scan", args=[state["last"].pk]),
        limit=5 * 1024 * 1024,
        too_big="больше 5 МБ",
        wrong_type="Это не PDF, JPEG или PNG",
        refused_status=400,
    )


KINDS = ["passport_scan", "training_certificate", "selfassessment_scan"]


@pytest.mark.parametrize("kind_name", KINDS)
def test_oversize_file_is_refused(request, client, kind_name):
    kind: Kind = request.getfixturevalue(kind_name)
    upload = SimpleUploadedFile("scan.pdf", PDF + b"0" * kind.limit, content_type="application/pdf")
    response = kind.post(client, upload)
    assert response.status_code == kind.refused_status
    assert kind.too_big in response.content.decode()
    assert kind.stored() is None
    assert not any(Path(django_settings.MEDIA_ROOT).rglob("*.*"))


@pytest.mark.parametrize("kind_name", KINDS)
@pytest.mark.parametrize("payload", sorted(EXECUTABLES))
def test_disguised_executable_is_refused(request, client, kind_name, payload):
    kind: Kind = request.getfixturevalue(kind_name)
    upload = SimpleUploadedFile("подписанный скан.pdf", EXECUTABLES[payload], content_type="application/pdf")
    response = kind.post(client, upload)
    assert response.status_code == kind.refused_status
    assert kind.wrong_type in response.content.decode()
    assert kind.stored() is None
    assert not any(Path(django_settings.MEDIA_ROOT).rglob("*.*"))


@pytest.mark.parametrize("kind_name", KINDS)
def test_accepted_file_gets_a_random_name_and_is_served_only_through_the_access_check(
    request, client, settings, kind_name, department_user, outsider_user, economy_user
):
    kind: Kind = request.getfixturevalue(kind_name)
    names = []
    for _ in range(2):
        kind.post(client, SimpleUploadedFile("Иванов паспорт.pdf", PDF, content_type="application/pdf"))
        stored = kind.stored()
        assert stored is not None
        names.append(stored.name)
        basename = stored.name.rsplit("/", 1)[-1]
        assert RANDOM_NAME.match(basename), stored.name
        # Stored under MEDIA_ROOT, which is neither the static root nor served by a URL of its own.
        path = Path(stored.path).resolve()
        assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
        for url in (f"/{settings.MEDIA_URL.strip('/')}/{stored.name}", f"/{stored.name}"):
            with pytest.raises(Resolver404):
                resolve(url)
    assert names[0] != names[1]

    url = kind.serve_url()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "Иванов" not in response.get("Content-Disposition", "")
    # One serving rule for every kind (lean_portal.uploads.file_response): inline, typed by the
    # format found in the content, never sniffed.
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(economy_user)
    assert client.get(url).status_code == 200
    client.force_login(outsider_user)
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_media_root_is_outside_the_static_root():
    media = Path(django_settings.MEDIA_ROOT).resolve()
    static = Path(django_settings.STATIC_ROOT).resolve()
    assert not media.is_relative_to(static) and not static.is_relative_to(media)
    for entry in django_settings.STATICFILES_DIRS:
        directory = Path(entry[1] if isinstance(entry, (tuple, list)) else entry).resolve()
        assert not directory.is_relative_to(media) and not media.is_relative_to(directory)


# --- Early refusal and replaced scans (issue 16, item 7) ----------------------------------------


def _approved(unit) -> Project:
    return FullProjectFactory(organisation=unit, state=Project.State.APPROVED, approval_date=datetime.date(2024, 2, 1))


class BodyThatMustNotBeRead:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of an oversize request was read")

    readline = read


def test_oversize_body_is_refused_from_content_length_before_it_is_read(client, department_user, unit):
    project = _approved(unit)
    client.force_login(department_user)
    response = client.generic(
        "POST",
        reverse("projects:scan-upload", args=[project.pk]),
        data=b"x",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(60 * 1024 * 1024),
        **{"wsgi.input": BodyThatMustNotBeRead()},
    )
    assert response.status_code == 413
    assert "Файл слишком большой" in response.content.decode()
    project.refresh_from_db()
    assert not project.approval_scan


def test_a_body_within_the_limit_reaches_the_form(client, department_user, unit, settings):
    settings.UPLOAD_MAX_REQUEST_SIZE = 1024 * 1024
    project = _approved(unit)
    client.force_login(department_user)
    url = reverse("projects:scan-upload", args=[project.pk])
    small = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"approval_scan": small}).status_code == 302
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * 1024 * 1024, content_type="application/pdf")
    assert client.post(url, {"approval_scan": big}).status_code == 413


def test_a_replaced_passport_scan_is_deleted(client, department_user, unit, django_capture_on_commit_callbacks):
    project = _approved(unit)
    client.force_login(department_user)
    url = reverse("projects:scan-upload", args=[project.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"approval_scan": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")})
    project.refresh_from_db()
    first = Path(project.approval_scan.path)
    assert first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"approval_scan": SimpleUploadedFile("b.pdf", PDF + b"%2", content_type="application/pdf")})
    project.refresh_from_db()
    assert Path(project.approval_scan.path).exists()
    assert Path(project.approval_scan.path) != first
    assert not first.exists()
    assert b"".join(client.get(reverse("projects:scan", args=[project.pk])).streaming_content).endswith(b"%2")


def test_orphan_uploads_are_deleted_by_the_command(client, department_user, unit, time_machine):
    from io import StringIO

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    project = _approved(unit)
    project.approval_scan.save("kept.pdf", ContentFile(PDF), save=True)
    orphan = default_storage.save("projects/scans/2020/left-behind.pdf", ContentFile(PDF))
    fresh = default_storage.save("certificates/2026/being-uploaded.pdf", ContentFile(PDF))
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=25))
    fresh_path = Path(default_storage.path(fresh))
    os.utime(fresh_path, (time.time(), time.time()))  # written "now", after the clock moved

    out = StringIO()
    call_command("delete_orphan_uploads", "--dry-run", stdout=out)
    assert orphan in out.getvalue() and default_storage.exists(orphan)
    call_command("delete_orphan_uploads", stdout=StringIO())
    assert not default_storage.exists(orphan)
    assert default_storage.exists(project.approval_scan.name)
    assert default_storage.exists(fresh)


class _Stored:
    """A stored file as a FileField hands it over: a name, ``open``, false when empty."""

    def __init__(self, name: str, content: bytes | None):
        self.name, self.content = name, content

    def __bool__(self) -> bool:
        return bool(self.name)

    def open(self, mode: str):
        if self.content is None:
            raise FileNotFoundError(self.name)
        return io.BytesIO(self.content)


def test_a_file_of_no_accepted_format_is_served_as_a_download_of_no_type():
    response = file_response(_Stored("certificates/2024/old.docx", b"PK"), stem="sertifikat-1")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sertifikat-1.docx" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("stored", [_Stored("", b""), _Stored("projects/scans/2024/gone.pdf", None)])
def test_no_file_or_a_lost_file_answers_404(stored):
    with pytest.raises(Http404):
        file_response(stored, stem="pasport-1")


def test_upload_path_is_random_under_the_folder_and_year():
    first, second = upload_path("certificates", "x.PDF", year=2024), upload_path("certificates", "x.PDF", year=2024)
    assert first.startswith("certificates/2024/") and first.endswith(".pdf") and first != second
    assert RANDOM_NAME.match(first.rsplit("/", 1)[-1])
    assert upload_path("projects/scans", "noextension").endswith(".bin")
