"""The load-test data generator: a district on the test database, its counts, its derived values, its determinism."""

from __future__ import annotations

import dataclasses
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
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticDevice

import reporting.views
from bench.floor import floor
from bench.loadgen import KUZBASS, SCALES, fingerprint, generate
from bench.management.commands.generate_load import Command as GenerateLoad
from effects.models import COUNTED_STATES, Effect, project_district_figures
from orgs.models import Municipality, Organisation, User
from plan.models import Plan, Target
from projects.models import Project
from registries.models import Contest, ContestEntry, Suggestion, SurveyAnswer, Training
from reporting.exporters import ConsolidatedReportExporter
from reporting.models import DeadlineRule, QuarterlyReport, ReportProject
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
    reporting_orgs = Organisation.objects.filter(
        is_active=True, is_economy_office=False, municipality__slug=Municipality.DEFAULT_SLUG
    ).count()
    assert len(first.context["rows"]) == 10
    assert first.context["rows"].paginator.count == reporting_orgs
    assert sum(count for _, _, count in first.context["counts"]) == reporting_orgs
    assert {r.organisation.pk for r in first.context["rows"]}.isdisjoint(
        r.organisation.pk for r in second.context["rows"]
    )
    assert "page=2" in first.content.decode()


@pytest.mark.django_db
def test_municipalities_each_with_an_office_a_plan_and_rules_records_decided_at_home():
    """A small region: three municipalities of Kuzbass, the volume shared out by population, each with its
    economy office and its account, a plan with targets and deadline rules; the regional office above."""
    scale = dataclasses.replace(SCALES["district"], municipalities=3)
    counts = generate(scale, 4, today=TODAY)
    places = KUZBASS[:3]
    municipalities = list(Municipality.objects.filter(slug__in=[p.slug for p in places]))
    assert counts["муниципальные образования"] == len(municipalities) == 3
    by_slug = {m.slug: m for m in municipalities}
    assert places[0].slug == Municipality.DEFAULT_SLUG
    for place in places:
        municipality = by_slug[place.slug]
        assert municipality.name == place.name
        office = Organisation.objects.get(municipality=municipality, is_economy_office=True)
        account = User.objects.get(role=User.Role.ECONOMY, employee__organisation=office)
        assert account.check_password("bench") and StaticDevice.objects.get(user=account).confirmed
        plan = Plan.objects.get(municipality=municipality, first_year=2025, last_year=2027)
        assert place.genitive in plan.name
        assert plan.indicators.count() == 10
        assert Target.objects.filter(indicator__plan=plan).count() == 30
        assert "Ленинск-Кузнецк" not in " ".join(plan.indicators.values_list("wording", flat=True)) or (
            municipality.is_default
        )
        rules = DeadlineRule.objects.filter(municipality=municipality, organisation=None)
        assert set(rules.values_list("kind", flat=True)) == set(DeadlineRule.Kind.values)
        assert Organisation.objects.filter(municipality=municipality, kind=Organisation.Kind.STRUCTURAL_UNIT).count()
        assert Project.objects.filter(organisation__municipality=municipality).exists()
    # Bigger cities bigger: Kemerovo and Novokuznetsk against the rural district, by institutions and projects.
    institutions = {
        slug: Organisation.objects.filter(municipality=by_slug[slug], kind=Organisation.Kind.INSTITUTION).count()
        for slug in by_slug
    }
    assert sum(institutions.values()) == 3 * scale.units * scale.institutions_per_unit
    assert institutions["kemerovo"] > institutions["novokuznetsk"] > institutions["leninsk-kuznetsky"]
    elsewhere = Project.objects.exclude(organisation=User.objects.get(username="bench-staff").organisation)
    assert (
        elsewhere.filter(organisation__municipality__slug="kemerovo").count()
        > 5 * elsewhere.filter(organisation__municipality__slug="leninsk-kuznetsky").count()
    )
    # The regional office: no municipality, its account of role REGION with a second factor.
    regional = Organisation.objects.get(kind=Organisation.Kind.REGIONAL)
    assert regional.municipality_id is None
    region = User.objects.get(username="bench-region")
    assert region.role == User.Role.REGION and region.organisation == regional
    assert StaticDevice.objects.get(user=region).confirmed
    assert not Organisation.objects.filter(municipality=None).exclude(pk=regional.pk).exists()
    # The benchmark's accounts: the old ones in the default municipality, the far ones in the biggest other.
    for username in ("bench-economy", "bench-director", "bench-staff"):
        assert User.objects.get(username=username).municipality_id == by_slug["leninsk-kuznetsky"].pk
    for username in ("bench-far-economy", "bench-far-staff"):
        assert User.objects.get(username=username).municipality_id == by_slug["kemerovo"].pk
    assert User.objects.get(username="bench-economy-novokuznetsk").is_economy
    # Every decision is taken by the office of the record's own municipality.
    home = F("project__organisation__municipality")
    assert Assessment.objects.exists()
    assert not Assessment.objects.exclude(assessor__employee__organisation__municipality=home).exists()
    assert (
        not QuarterlyReport.objects.filter(decided_by__isnull=False)
        .exclude(decided_by__employee__organisation__municipality=F("organisation__municipality"))
        .exists()
    )
    verified = Effect.objects.filter(verified_by__isnull=False)
    assert verified.exists()
    assert not verified.exclude(verified_by__employee__organisation__municipality=home).exists()
    # The contest is the default municipality's, with its records only.
    entries = ContestEntry.objects.all()
    assert not entries.exclude(
        Q(project__organisation__municipality__slug="leninsk-kuznetsky")
        | Q(suggestion__organisation__municipality__slug="leninsk-kuznetsky")
    ).exists()


def test_the_region_scale_is_kuzbass():
    assert SCALES["region"].municipalities == len(KUZBASS) == 34
    assert len({p.slug for p in KUZBASS}) == len({p.name for p in KUZBASS}) == 34
    assert KUZBASS[0].slug == Municipality.DEFAULT_SLUG
    assert KUZBASS[1].genitive == "Кемеровского городского округа"
    assert KUZBASS[13].prepositional == "Таштагольском муниципальном районе"
    with pytest.raises(ValueError, match="municipalities"):
        generate(dataclasses.replace(SCALES["district"], municipalities=35))
