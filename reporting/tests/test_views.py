"""Report pages: access for owner / reader / outsider / office, typed input kept, lists and the status table."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import client_for
from orgs.tests.factories import OrganisationFactory
from reporting import services
from reporting.figures import build_figures
from reporting.models import DeadlineRule, QuarterlyReport
from reporting.tests.factories import ProjectFactory, ReportFactory

pytestmark = pytest.mark.django_db


def post_data(report, value="25", progress="Ход реализации", action="save"):
    figures = build_figures(report)
    data = {"general_comment": "Комментарий", "action": action}
    for p in figures["projects"]:
        data[f"p{p['id']}-progress"] = progress
        data[f"p{p['id']}-problems"] = ""
        data[f"p{p['id']}-help_needed"] = ""
        for g in p["goals"]:
            data[f"g{g['id']}"] = value
    return data


# --- Detail: access ------------------------------------------------------------------


def test_owner_sees_prefilled_report(client, department_user, report, project):
    response = client_for(client, department_user).get(report.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Электронная запись в первый класс" in content
    assert "Время подачи заявления" in content
    assert 'name="g' in content
    assert "Направить в управление" in content


def test_colleague_of_the_same_organisation_may_fill_it(client, colleague_user, report, project):
    response = client_for(client, colleague_user).post(report.get_absolute_url(), post_data(report))
    assert response.status_code == 302
    assert report.actuals.count() == 2


def test_parent_unit_reads_subordinates_report_but_cannot_write(client, department_user, school_report):
    client_for(client, department_user)
    response = client.get(school_report.get_absolute_url())
    assert response.status_code == 200
    assert "Направить в управление" not in response.content.decode()
    assert client.post(school_report.get_absolute_url(), {"general_comment": "x"}).status_code == 403


def test_outsider_gets_404(client, outsider_user, report):
    client_for(client, outsider_user)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.post(report.get_absolute_url(), {"general_comment": "x"}).status_code == 404


def test_subordinate_cannot_see_parent_units_report(client, school_user, report):
    assert client_for(client, school_user).get(report.get_absolute_url()).status_code == 404


def test_office_reads_any_report_without_editing(client, economy_user, report, project):
    client_for(client, economy_user)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    assert 'name="g' not in response.content.decode()
    assert client.post(report.get_absolute_url(), {"general_comment": "x"}).status_code == 403


def test_anonymous_is_sent_to_login(client, report):
    response = client.get(report.get_absolute_url())
    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- Detail: entering and submitting ------------------------------------------------------


def test_bad_number_is_explained_on_its_field_and_nothing_typed_is_lost(client, department_user, report, project):
    data = post_data(report, value="двадцать", progress="Мой подробный текст")
    response = client_for(client, department_user).post(report.get_absolute_url(), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Введите число, например 12,5." in content
    assert "Мой подробный текст" in content
    assert 'value="двадцать"' in content
    assert report.actuals.count() == 0


def test_submit_with_missing_values_saves_what_was_typed_and_marks_the_fields(client, department_user, report, project):
    data = post_data(report, value="", progress="Черновой текст", action="submit")
    response = client_for(client, department_user).post(report.get_absolute_url(), data)
    assert response.status_code == 200
    content = response.content.decode()
    # At each of the two fields, and again in the error summary at the top, with a link to the field.
    assert content.count("Укажите фактическое значение, достигнутое в квартале.") == 4
    assert content.count('data-testid="error-summary"') == 1
    assert 'aria-invalid="true"' in content
    assert "Черновой текст" in content
    report.refresh_from_db()
    assert report.state == QuarterlyReport.State.DRAFT
    assert build_figures(report)["projects"][0]["progress"] == "Черновой текст"


def test_submit_accepts_russian_decimal_comma(client, department_user, report, project):
    response = client_for(client, department_user).post(
        report.get_absolute_url(), post_data(report, value="12,5", action="submit")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == QuarterlyReport.State.SUBMITTED
    assert report.snapshot["projects"][0]["goals"][0]["actual"] == "12.50"


def test_post_to_submitted_report_changes_nothing(client, department_user, report, project):
    client_for(client, department_user).post(report.get_absolute_url(), post_data(report, action="submit"))
    response = client.post(report.get_absolute_url(), post_data(report, value="99"))
    assert response.status_code == 302
    assert report.actuals.first().value == Decimal("25")


# --- Review ---------------------------------------------------------------------------


@pytest.fixture
def submitted_report(report, project, department_user):
    data = post_data(report)
    services.report_save(
        report=report,
        user=department_user,
        general_comment="",
        entries={int(k[1:].split("-")[0]): {"progress": "Ход"} for k in data if k.endswith("-progress")},
        actuals={int(k[1:]): Decimal("25") for k in data if k.startswith("g") and k[1:].isdigit()},
    )
    return services.report_submit(report=report, user=department_user)


def test_office_returns_with_comment(client, economy_user, submitted_report):
    client_for(client, economy_user)
    url = reverse("reporting:return", args=[submitted_report.pk])
    client.post(url, {"comment": ""})
    submitted_report.refresh_from_db()
    assert submitted_report.state == QuarterlyReport.State.SUBMITTED
    response = client.post(url, {"comment": "Уточните проблемы."}, follow=True)
    assert "Отчёт возвращён организации на доработку." in response.content.decode()
    submitted_report.refresh_from_db()
    assert submitted_report.state == QuarterlyReport.State.RETURNED


def test_office_accepts(client, economy_user, submitted_report):
    client_for(client, economy_user).post(reverse("reporting:accept", args=[submitted_report.pk]))
    submitted_report.refresh_from_db()
    assert submitted_report.state == QuarterlyReport.State.ACCEPTED


@pytest.mark.parametrize("name", ["reporting:accept", "reporting:return"])
def test_organisation_cannot_review(client, department_user, director_user, submitted_report, name):
    for user in (department_user, director_user):
        response = client_for(client, user).post(reverse(name, args=[submitted_report.pk]), {"comment": "x"})
        assert response.status_code == 403
    submitted_report.refresh_from_db()
    assert submitted_report.state == QuarterlyReport.State.SUBMITTED


def test_accepting_a_draft_is_refused_with_a_message(client, economy_user, report):
    response = client_for(client, economy_user).post(reverse("reporting:accept", args=[report.pk]), follow=True)
    assert "Принять можно только направленный отчёт" in response.content.decode()
    report.refresh_from_db()
    assert report.state == QuarterlyReport.State.DRAFT


# --- Starting a report -------------------------------------------------------------------


def test_period_page_offers_start_then_start_creates_draft(client, department_user, unit, frozen_today):
    client_for(client, department_user)
    response = client.get(reverse("reporting:period", args=[2026, 4]))
    assert response.status_code == 200
    assert "Отчёт ещё не начат. Срок представления — 01.01.2027." in response.content.decode()
    response = client.post(reverse("reporting:start"), {"year": 2026, "quarter": 4})
    report = QuarterlyReport.objects.get(organisation=unit, year=2026, quarter=4)
    assert response["Location"] == report.get_absolute_url()
    assert client.get(reverse("reporting:period", args=[2026, 4]))["Location"] == report.get_absolute_url()


def test_period_page_of_an_invisible_organisation_is_404(client, department_user, other_org):
    url = reverse("reporting:period", args=[2026, 4]) + f"?organisation={other_org.pk}"
    assert client_for(client, department_user).get(url).status_code == 404


def test_office_cannot_start_a_report_for_itself(client, economy_user):
    response = client_for(client, economy_user).post(reverse("reporting:start"), {"year": 2026, "quarter": 4})
    assert response.status_code == 403


# --- List ------------------------------------------------------------------------------


def test_list_shows_own_and_subordinates_reports_only(client, department_user, unit, school, other_org):
    own = ReportFactory(organisation=unit, year=2026, quarter=3)
    sub = ReportFactory(organisation=school, year=2026, quarter=3)
    foreign = ReportFactory(organisation=other_org, year=2026, quarter=3)
    response = client_for(client, department_user).get(reverse("reporting:list"))
    ids = {r.pk for r in response.context["page_obj"]}
    assert ids == {own.pk, sub.pk}
    assert foreign.pk not in ids


def test_school_sees_only_its_own(client, school_user, unit, school):
    ReportFactory(organisation=unit, year=2026, quarter=3)
    sub = ReportFactory(organisation=school, year=2026, quarter=3)
    response = client_for(client, school_user).get(reverse("reporting:list"))
    assert [r.pk for r in response.context["page_obj"]] == [sub.pk]


def test_office_list_filters_sorts_and_keeps_queries_flat(client, economy_user, django_assert_max_num_queries):
    from orgs.tests.factories import UserFactory

    for n in range(40):
        org = OrganisationFactory()
        submitter = UserFactory(employee__organisation=org)
        ReportFactory(
            organisation=org,
            year=2026,
            quarter=3,
            state="submitted" if n % 2 else "draft",
            submitted_by=submitter if n % 2 else None,
            submitted_at="2026-09-28T10:00:00+07:00" if n % 2 else None,
        )
        ReportFactory(organisation=org, year=2026, quarter=2)
    client_for(client, economy_user)
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("reporting:list"), {"year": 2026, "quarter": 3, "state": "submitted", "o": "organisation"}
        )
    page = response.context["page_obj"]
    assert page.paginator.count == 20
    names = [r.organisation.short_name for r in page]
    assert names == sorted(names)
    assert all(r.state == "submitted" and r.quarter == 3 for r in page)


def test_empty_list_explains(client, department_user):
    response = client_for(client, department_user).get(reverse("reporting:list"))
    assert "Отчётов не найдено" in response.content.decode()


# --- Office status table -------------------------------------------------------------------


def test_status_table_is_for_the_office_only(client, department_user, director_user):
    for user in (department_user, director_user):
        assert client_for(client, user).get(reverse("reporting:status")).status_code == 403


def test_status_table_all_organisations_and_states(client, economy_user, frozen_today, django_assert_max_num_queries):
    states = ["accepted", "submitted", "returned", "draft", None]
    orgs = []
    for n in range(50):
        org = OrganisationFactory(short_name=f"Организация {n:02d}")
        orgs.append(org)
        state = states[n % len(states)]
        if state:
            ReportFactory(organisation=org, year=2026, quarter=3, state=state)
    client_for(client, economy_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("reporting:status"), {"year": 2026, "quarter": 3, "o": "status"})
    rows = response.context["rows"]
    assert len(rows) == 50  # the office itself does not report
    by_name = {r.organisation.short_name: r.status for r in rows}
    assert by_name["Организация 00"] == "accepted"
    assert by_name["Организация 01"] == "submitted"
    # Q3's deadline (1 October) has passed: drafts and missing reports are overdue; returned ones stay returned.
    assert by_name["Организация 02"] == "returned"
    assert by_name["Организация 03"] == "overdue"
    assert by_name["Организация 04"] == "overdue"
    assert [r.status for r in rows][:10] == ["accepted"] * 10
    content = response.content.decode()
    assert reverse("reporting:detail", args=[rows[0].report.pk]) in content
    missing = next(r for r in rows if r.report is None)
    period_url = reverse("reporting:period", args=[2026, 3]) + f"?organisation={missing.organisation.pk}"
    assert period_url in content
    response = client.get(period_url)
    assert "Отчёт ещё не начат. Срок представления — 01.10.2026." in response.content.decode()
    assert "Начать отчёт" not in response.content.decode()


def test_status_current_quarter_is_not_yet_overdue(client, economy_user, frozen_today):
    org = OrganisationFactory(short_name="Без отчёта")
    draft_org = OrganisationFactory(short_name="С черновиком")
    ReportFactory(organisation=draft_org, year=2026, quarter=4)
    response = client_for(client, economy_user).get(reverse("reporting:status"), {"o": "-organisation"})
    rows = response.context["rows"]
    assert response.context["period"].label == "IV квартал 2026 г."
    assert [(r.organisation.short_name, r.status) for r in rows] == [
        ("С черновиком", "draft"),
        ("Без отчёта", "not_started"),
    ]
    assert org.pk


# --- Deadlines page and rules -----------------------------------------------------------------


def test_deadlines_page_lists_own_overdue_and_upcoming(client, department_user, unit, frozen_today):
    ProjectFactory(
        organisation=unit,
        title="Просроченный проект",
        stage7_end=datetime.date(2026, 8, 1),
        stage9_date=datetime.date(2026, 9, 1),
    )
    response = client_for(client, department_user).get(reverse("reporting:deadlines"))
    content = response.content.decode()
    assert "Квартальный отчёт о реализации бережливых проектов за III квартал 2026 г." in content
    assert "Квартальный отчёт о реализации бережливых проектов за IV квартал 2026 г." in content
    assert "Проект «Просроченный проект»: этап 7 «Внедрение улучшений» не завершён в срок" in content
    assert "Самооценка эффективности за 2026 г." in content


def test_deadline_rules_page_for_office_only(client, economy_user, department_user):
    assert client_for(client, department_user).get(reverse("reporting:deadline-rules")).status_code == 403
    client_for(client, economy_user)
    response = client.get(reverse("reporting:deadline-rules"))
    assert response.status_code == 200
    formset = response.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(formset.initial_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset.forms):
        instance = form.instance
        if instance.pk is None:
            continue
        data.update(
            {
                f"form-{i}-id": instance.pk,
                f"form-{i}-kind": instance.kind,
                f"form-{i}-organisation": "",
                f"form-{i}-day": 10 if instance.kind == "quarterly_report" else instance.day,
                f"form-{i}-month": instance.month or "",
                f"form-{i}-months_after": instance.months_after,
                f"form-{i}-remind_days_before": instance.remind_days_before,
            }
        )
    assert client.post(reverse("reporting:deadline-rules"), data).status_code == 302
    assert DeadlineRule.objects.get(kind="quarterly_report", organisation=None).day == 10


def test_deadline_rules_duplicate_general_rule_is_explained(client, economy_user):
    client_for(client, economy_user)
    rules = list(DeadlineRule.objects.all())
    data = {
        "form-TOTAL_FORMS": str(len(rules) + 1),
        "form-INITIAL_FORMS": str(len(rules)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, rule in enumerate(rules):
        data.update(
            {
                f"form-{i}-id": rule.pk,
                f"form-{i}-kind": rule.kind,
                f"form-{i}-day": rule.day,
                f"form-{i}-month": rule.month or "",
                f"form-{i}-months_after": rule.months_after,
                f"form-{i}-remind_days_before": rule.remind_days_before,
            }
        )
    n = len(rules)
    data.update(
        {
            f"form-{n}-kind": "quarterly_report",
            f"form-{n}-day": 3,
            f"form-{n}-months_after": 1,
            f"form-{n}-remind_days_before": 5,
        }
    )
    response = client.post(reverse("reporting:deadline-rules"), data)
    assert response.status_code == 200
    assert "Общее правило для этого срока уже есть" in response.content.decode()


def test_office_deadlines_cover_all_organisations_with_constant_queries(
    client, economy_user, frozen_today, django_assert_max_num_queries
):
    for n in range(30):
        org = OrganisationFactory(short_name=f"Орг {n:02d}")
        ProjectFactory(organisation=org)
    client_for(client, economy_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reporting:deadlines"))
    assert response.context["page_obj"].paginator.count == 30 * 6
    assert response.context["many"] is True


def test_lists_require_login(client):
    for name in ("reporting:list", "reporting:deadlines", "reporting:selfassessment-list", "reporting:status"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/login/" in response["Location"]
