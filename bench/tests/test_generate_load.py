"""The load-test data generator: a district on the test database, its counts, its derived values, its determinism."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticDevice

import reporting.views
from bench.floor import floor
from bench.loadgen import SCALES, fingerprint, generate
from bench.management.commands.generate_load import Command as GenerateLoad
from effects.models import COUNTED_STATES, Effect, project_district_figures
from orgs.models import Organisation, User
from projects.models import Project
from registries.models import Contest, ContestEntry, Suggestion, SurveyAnswer, Training
from reporting.exporters import ConsolidatedReportExporter
from reporting.models import QuarterlyReport, ReportProject
from reporting.periods import Quarter
from scoring.models import Assessment

TODAY = datetime.date(2026, 11, 26)


def _generate(seed: int) -> tuple[dict, str]:
    with transaction.atomic():
        counts = generate("district", seed, today=TODAY)
        digest = fingerprint()
        transaction.set_rollback(True)
    return counts, digest


@pytest.mark.django_db
def test_district_counts_and_derived_values():
    scale = SCALES["district"]
    counts = generate("district", 5, today=TODAY)
    assert Project.objects.count() == scale.projects == counts["проекты"]
    assert Suggestion.objects.count() == scale.suggestions
    assert Training.objects.count() == scale.trainings
    assert SurveyAnswer.objects.count() == scale.surveys * scale.questions * scale.responses_per_survey
    assert Organisation.objects.filter(kind=Organisation.Kind.INSTITUTION, parent__isnull=False).count() == (
        scale.municipalities * scale.units * scale.institutions_per_unit
    )
    # Projects in every state, with stage dates.
    assert set(Project.objects.values_list("state", flat=True)) == set(Project.State.values)
    assert not Project.objects.filter(stage1_date__isnull=True).exists()
    assert not Project.objects.filter(
        state__in=[Project.State.CLOSED, Project.State.MONITORING], closed_on=None
    ).exists()
    # Effects of approved projects only; actual values on implemented ones, at every step of verification.
    assert counts["эффекты"] == Effect.objects.count() > 0
    assert not Effect.objects.exclude(project__state__in=COUNTED_STATES).exists()
    # bulk_create skips Effect.save: the generator stores the project's figures itself.
    for effect in Effect.objects.select_related("project")[:200]:
        stored = {"district_year": effect.district_year, "organisation_id": effect.organisation_id}
        stored["sphere_id"] = effect.sphere_id
        assert stored == project_district_figures(effect.project)
        assert effect.district_year is not None
    assert set(Effect.objects.exclude(actual_value=None).values_list("status", flat=True)) == {
        Effect.Status.CONFIRMED,
        Effect.Status.RETURNED,
        Effect.Status.SUBMITTED,
    }
    # Assessments for half the projects, each with the result evaluate gives for its stored choices.
    assert Assessment.objects.count() == scale.projects // 2
    for assessment in Assessment.objects.select_related("rubric_version").prefetch_related("criteria__indicators")[:40]:
        result = assessment.evaluate()
        assert (assessment.total, assessment.is_lean, assessment.status) == (
            result.total,
            result.is_lean,
            result.status or "",
        )
    # About four report lines per project, and the consolidated export reads the frozen snapshots.
    assert ReportProject.objects.count() >= 3 * scale.projects
    last = Quarter.of(TODAY).previous()
    received = QuarterlyReport.objects.received().filter(year=last.year, quarter=last.quarter)
    assert received.exists()
    rows = list(ConsolidatedReportExporter(last).project_rows())
    assert len(rows) >= received.count()
    # The lean-basics date is derived from the training records.
    trained = Training.objects.filter(kind=Training.Kind.LEAN_BASICS, completed_on__isnull=False).first()
    assert trained.employee.lean_basics_completed_on <= trained.completed_on
    # The office's contest of the last year (the benchmark's contest page): its projects closed that year,
    # each in the nomination of its sphere, one winner at most per nomination.
    contest = Contest.objects.get()
    assert (contest.year, contest.level, contest.organisation.is_economy_office) == (2025, "municipal", True)
    entries = ContestEntry.objects.filter(contest=contest)
    assert counts["конкурсы (участники)"] == entries.count() > 0
    assert entries.filter(project__isnull=False).count() <= scale.contest_projects
    for entry in entries.filter(project__isnull=False).select_related("project__sphere", "nomination"):
        assert entry.project.closed_on.year == 2025 and entry.nomination.title == entry.project.sphere.name
    for entry in entries.filter(suggestion__isnull=False).select_related("suggestion"):
        assert entry.suggestion.implemented_on.year == 2025
    winners = entries.filter(is_winner=True)
    assert winners.count() == winners.values("nomination").distinct().count() > 0
    # The benchmark's accounts can log in.
    assert User.objects.get(username="bench-economy").check_password("bench")
    # The office's second factor: the recovery-code device bench/run.py adds a code to per log-in.
    assert StaticDevice.objects.get(user__username="bench-economy").confirmed


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data():
    counts_a, first = _generate(11)
    counts_b, again = _generate(11)
    _, other = _generate(12)
    assert counts_a == counts_b
    assert first == again
    assert first != other


@pytest.mark.django_db
def test_refuses_twice_and_without_permission(settings):
    # The command object itself: the bench app is not installed in the suite (see below).
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="DJANGO_DEMO_DATA=1"):
        call_command(GenerateLoad(), "--scale", "district")
    settings.DEMO_DATA_ALLOWED = True
    call_command(GenerateLoad(), "--scale", "district", "--seed", "2", stdout=io.StringIO())
    with pytest.raises(CommandError, match="уже созданы"):
        call_command(GenerateLoad(), "--scale", "district")


def test_bench_app_is_not_installed_by_default(client):
    assert not apps.is_installed("bench")
    with pytest.raises(NoReverseMatch):
        reverse("bench-floor")
    assert client.get("/bench/floor/").status_code == 404
    with pytest.raises(CommandError, match="Unknown command"):
        call_command("generate_load", "--scale", "district")
    assert "lean_portal.W002" not in {message.id for message in run_checks(include_deployment_checks=True)}


def test_django_bench_installs_the_app_its_command_and_the_floor_view_and_deploy_check_warns():
    script = (
        "import django; django.setup()\n"
        "from django.core.checks import run_checks\n"
        "from django.core.management import get_commands\n"
        "from django.urls import reverse\n"
        "print(get_commands()['generate_load'], reverse('bench-floor'))\n"
        "print(sorted(m.id for m in run_checks(include_deployment_checks=True)))\n"
    )
    env = {**os.environ, "DJANGO_BENCH": "1", "DJANGO_SETTINGS_MODULE": "lean_portal.settings"}
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    first, checks = result.stdout.splitlines()[-2:]
    assert first == "bench /bench/floor/"
    assert "lean_portal.W002" in checks


@pytest.mark.django_db
def test_floor_view_answers_a_logged_in_user_only(rf, department_user):
    request = rf.get("/bench/floor/")
    request.user = department_user
    response = floor(request)
    assert response.status_code == 200
    assert department_user.get_username() in response.content.decode()
    request.user = AnonymousUser()
    assert floor(request).status_code == 302


@pytest.mark.django_db
def test_status_table_pages_a_region_but_counts_all(client, monkeypatch, time_machine):
    """At region scale the organisations × quarter table is paged; the status counts still cover every row."""
    time_machine.move_to(datetime.datetime(2026, 11, 26, 12, 0))
    generate("district", 3, today=TODAY)
    monkeypatch.setattr(reporting.views, "STATUS_PAGE_SIZE", 10)
    client.force_login(User.objects.get(username="bench-economy"))
    first = client.get("/reports/status/", {"year": 2026, "quarter": 3})
    second = client.get("/reports/status/", {"year": 2026, "quarter": 3, "page": 2})
    reporting_orgs = Organisation.objects.filter(is_active=True, is_economy_office=False).count()
    assert len(first.context["rows"]) == 10
    assert first.context["rows"].paginator.count == reporting_orgs
    assert sum(count for _, _, count in first.context["counts"]) == reporting_orgs
    assert {r.organisation.pk for r in first.context["rows"]}.isdisjoint(
        r.organisation.pk for r in second.context["rows"]
    )
    assert "page=2" in first.content.decode()
