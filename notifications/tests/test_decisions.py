"""Every decision tells the people who filed the record: in the portal, and by e-mail unless
they chose «Только портал». Who gets it, what it says (in Russian), the comment, the link."""

from __future__ import annotations

import datetime

import pytest

from notifications.models import Notification, Preference
from projects import services as project_services
from projects.models import ChangeRequest
from projects.tests.factories import FullProjectFactory
from registries.services.suggestions import suggestion_accept, suggestion_implement, suggestion_reject
from registries.tests.factories import SuggestionFactory
from reporting import services as report_services
from reporting.tests.factories import ReportFactory
from scoring import services as scoring_services
from scoring.tests.conftest import REGIONAL_7_5, justify
from scoring.tests.factories import ProjectFactory as ApprovedProjectFactory

pytestmark = pytest.mark.django_db
E = Notification.Event


def received(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("id"))


def events(user) -> list[str]:
    return [n.event for n in received(user)]


def mail_to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address]]


@pytest.fixture
def passport(unit, department_user, colleague_user):
    """A complete draft of the unit filed by the department; the colleague leads the project."""
    return FullProjectFactory(
        organisation=unit, created_by=department_user, lead=colleague_user.employee, title="Запись в первый класс"
    )


def test_returned_passport_tells_author_and_lead_with_the_comment(
    passport,
    department_user,
    colleague_user,
    economy_user,
    outsider_user,
    with_emails,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        project_services.passport_submit(project=passport, user=department_user)
    assert Notification.objects.count() == 0  # a submission is not a decision
    with django_capture_on_commit_callbacks(execute=True):
        project_services.passport_return(project=passport, user=economy_user, comment="Уточните границы процесса")

    [note] = received(department_user)
    assert note.event == E.PASSPORT_RETURNED
    assert note.subject == "Паспорт проекта «Запись в первый класс» возвращён на доработку"
    assert "Исправьте паспорт по замечаниям" in note.text
    assert "Решение принял(а): " + economy_user.display_name in note.text
    assert note.comment == "Уточните границы процесса"
    assert note.url == passport.get_absolute_url()
    assert events(colleague_user) == [E.PASSPORT_RETURNED]  # the project's lead
    assert received(economy_user) == [] and received(outsider_user) == []

    [mail] = mail_to(mailoutbox, "department@example.ru")
    assert mail.subject == "Бережливый портал: Паспорт проекта «Запись в первый класс» возвращён на доработку"
    assert "Комментарий:\nУточните границы процесса" in mail.body
    assert f"https://lean.example.ru{passport.get_absolute_url()}" in mail.body
    assert "https://lean.example.ru/notifications/settings/" in mail.body
    assert mail_to(mailoutbox, "colleague.card@example.ru")  # the employee card's address
    assert len(mailoutbox) == 2
    assert Notification.objects.get(recipient=department_user).emailed_to == "department@example.ru"


def test_accepted_passport_also_tells_the_head_who_approves_next(
    passport, department_user, economy_user, director_user, with_emails, mailoutbox, django_capture_on_commit_callbacks
):
    project_services.passport_submit(project=passport, user=department_user)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.passport_accept(project=passport, user=economy_user, comment="Замечаний нет")
    [note] = received(director_user)
    assert note.event == E.PASSPORT_ACCEPTED
    assert note.subject == "Паспорт проекта «Запись в первый класс» принят управлением экономического развития"
    assert "ожидает утверждения руководителем" in note.text
    assert events(department_user) == [E.PASSPORT_ACCEPTED]
    assert note.comment == "Замечаний нет"


def test_approved_passport_tells_the_filers_not_the_head(
    passport, department_user, economy_user, director_user, with_emails, mailoutbox, django_capture_on_commit_callbacks
):
    project_services.passport_submit(project=passport, user=department_user)
    project_services.passport_accept(project=passport, user=economy_user)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.passport_approve(project=passport, user=director_user, comment="Утверждаю")
    assert events(department_user) == [E.PASSPORT_ACCEPTED, E.PASSPORT_APPROVED]
    assert received(department_user)[-1].subject == "Паспорт проекта «Запись в первый класс» утверждён руководителем"
    assert events(director_user) == [E.PASSPORT_ACCEPTED]  # the approval itself is not sent to its author
    assert [m.subject for m in mail_to(mailoutbox, "department@example.ru")] == [
        "Бережливый портал: Паспорт проекта «Запись в первый класс» утверждён руководителем"
    ]


def test_portal_only_gets_no_email(
    passport, department_user, economy_user, with_emails, mailoutbox, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=department_user, channel=Preference.Channel.PORTAL_ONLY)
    project_services.passport_submit(project=passport, user=department_user)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.passport_return(project=passport, user=economy_user, comment="Исправьте цели")
    assert events(department_user) == [E.PASSPORT_RETURNED]
    assert mail_to(mailoutbox, "department@example.ru") == []
    assert mail_to(mailoutbox, "colleague.card@example.ru")  # the lead kept the default


def test_a_refused_decision_notifies_nobody(passport, department_user, economy_user):
    project_services.passport_submit(project=passport, user=department_user)
    with pytest.raises(Exception, match="Укажите, что нужно доработать"):
        project_services.passport_return(project=passport, user=economy_user, comment="")
    assert Notification.objects.count() == 0


# --- Quarterly reports ---------------------------------------------------------------------


@pytest.fixture
def submitted_report(unit, department_user, colleague_user):
    report = ReportFactory(organisation=unit, year=2026, quarter=3, created_by=colleague_user)
    report_services.report_save(
        report=report, user=colleague_user, general_comment="Проектов в квартале не было.", entries={}, actuals={}
    )
    return report_services.report_submit(report=report, user=department_user)


def test_returned_report_tells_who_started_and_who_submitted_it(
    submitted_report,
    department_user,
    colleague_user,
    economy_user,
    with_emails,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_return(report=submitted_report, user=economy_user, comment="Опишите причины")
    for user in (department_user, colleague_user):
        [note] = received(user)
        assert note.event == E.REPORT_RETURNED
        assert note.subject == "Квартальный отчёт за III квартал 2026 г. возвращён на доработку"
        assert note.comment == "Опишите причины"
        assert note.url == submitted_report.get_absolute_url()
    assert received(economy_user) == []
    [mail] = mail_to(mailoutbox, "department@example.ru")
    assert (
        "Опишите причины" in mail.body and f"https://lean.example.ru{submitted_report.get_absolute_url()}" in mail.body
    )


def test_accepted_report(submitted_report, department_user, economy_user, django_capture_on_commit_callbacks):
    report_services.report_accept(report=submitted_report, user=economy_user, comment="Принято без замечаний")
    [note] = received(department_user)
    assert note.event == E.REPORT_ACCEPTED
    assert note.subject == "Квартальный отчёт за III квартал 2026 г. принят управлением экономического развития"
    assert note.comment == "Принято без замечаний"


# --- Significance assessment ------------------------------------------------------------------


def _self_assess(project, user):
    return scoring_services.assessment_save(
        project=project, user=user, choices=REGIONAL_7_5, justifications=justify(REGIONAL_7_5), submit=True
    )


def test_agreed_self_assessment_tells_the_assessor(
    unit, department_user, economy_user, with_emails, mailoutbox, django_capture_on_commit_callbacks
):
    project = ApprovedProjectFactory(organisation=unit, title="Очередь в столовой")
    assessment = _self_assess(project, department_user)
    assert Notification.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        scoring_services.assessment_agree(assessment=assessment, user=economy_user, comment="Согласовано")
    [note] = received(department_user)
    assert note.event == E.ASSESSMENT_AGREED
    assert (
        note.subject == "Оценка значимости проекта «Очередь в столовой» согласована управлением экономического развития"
    )
    assert "Итоговый балл вашей оценки: 7,5." in note.text
    assert note.comment == "Согласовано"
    assert note.url == assessment.get_absolute_url()
    assert received(economy_user) == []
    assert mail_to(mailoutbox, "department@example.ru")


def test_self_assessment_replaced_by_the_office_tells_the_assessor(unit, department_user, economy_user):
    project = ApprovedProjectFactory(organisation=unit, title="Очередь в столовой")
    _self_assess(project, department_user)
    _self_assess(project, economy_user)  # the office's own assessment replaces the waiting one
    [note] = received(department_user)
    assert note.event == E.ASSESSMENT_REPLACED
    assert note.subject == "Оценка значимости проекта «Очередь в столовой» не согласована"
    assert "её заменила оценка управления экономического развития" in note.text
    assert note.comment == "Управление экономического развития провело собственную оценку."


def test_a_newer_self_assessment_replacing_an_older_one_tells_nobody(unit, department_user):
    project = ApprovedProjectFactory(organisation=unit)
    _self_assess(project, department_user)
    _self_assess(project, department_user)
    assert Notification.objects.count() == 0


# --- Change requests ----------------------------------------------------------------------------


@pytest.fixture
def change_request(passport, department_user, economy_user, director_user):
    project_services.passport_submit(project=passport, user=department_user)
    project_services.passport_accept(project=passport, user=economy_user)
    project_services.passport_approve(project=passport, user=director_user)
    Notification.objects.all().delete()
    return project_services.change_request_create(
        project=passport,
        user=department_user,
        summary="Сдвиг этапа 10",
        reason="Задержка поставки",
        proposed={"stages": {"stage10_date": "2025-07-01"}},
    )


def test_change_request_agreed_then_approved(change_request, department_user, economy_user, director_user):
    project_services.change_request_agree(change_request=change_request, user=economy_user, comment="Обосновано")
    [agreed] = received(department_user)
    assert agreed.event == E.CHANGE_AGREED
    assert agreed.subject == (
        "Запрос на изменение проекта «Запись в первый класс» согласован управлением экономического развития"
    )
    assert "(«Сдвиг этапа 10»)" in agreed.text
    assert agreed.comment == "Обосновано"
    [to_head] = received(director_user)
    assert "ожидает утверждения руководителем" in to_head.text
    project_services.change_request_approve(change_request=change_request, user=director_user, comment="Да")
    assert events(department_user) == [E.CHANGE_AGREED, E.CHANGE_APPROVED]
    assert received(department_user)[-1].subject == "Запрос на изменение проекта «Запись в первый класс» утверждён"
    assert events(director_user) == [E.CHANGE_AGREED]


def test_change_request_rejected(change_request, department_user, economy_user):
    project_services.change_request_reject(change_request=change_request, user=economy_user, comment="Нет оснований")
    [note] = received(department_user)
    assert note.event == E.CHANGE_REJECTED
    assert note.subject == "Запрос на изменение проекта «Запись в первый класс» отклонён"
    assert note.comment == "Нет оснований"
    assert ChangeRequest.objects.get().state == ChangeRequest.State.REJECTED


# --- Suggestions -----------------------------------------------------------------------------------


def test_suggestion_decisions_tell_its_authors_and_who_entered_it(
    unit, department_user, colleague_user, director_user, outsider_user
):
    suggestion = SuggestionFactory(
        organisation=unit, title="Один журнал", authors=[colleague_user.employee], created_by=department_user
    )
    suggestion_accept(suggestion=suggestion, user=director_user, comment="Внедряем")
    for user in (colleague_user, department_user):
        [note] = received(user)
        assert note.event == E.SUGGESTION_ACCEPTED
        assert note.subject == "Предложение по улучшению «Один журнал» принято к внедрению"
        assert note.comment == "Внедряем"
        assert note.url == suggestion.get_absolute_url()
    assert received(director_user) == [] and received(outsider_user) == []


def test_rejected_suggestion_carries_the_reason(unit, director_user, colleague_user):
    suggestion = SuggestionFactory(organisation=unit, title="Один журнал", authors=[colleague_user.employee])
    suggestion_reject(suggestion=suggestion, user=director_user, reason="Дублирует проект")
    [note] = received(colleague_user)
    assert note.event == E.SUGGESTION_REJECTED
    assert note.subject == "Предложение по улучшению «Один журнал» отклонено"
    assert note.comment == "Дублирует проект"
    assert received(director_user) == []  # the decision's author is not told of it


def test_implemented_suggestion(unit, department_user, colleague_user, director_user):
    suggestion = SuggestionFactory(organisation=unit, title="Один журнал", authors=[colleague_user.employee])
    suggestion_accept(suggestion=suggestion, user=director_user)
    suggestion_implement(
        suggestion=suggestion,
        user=department_user,
        implemented_on=datetime.date(2024, 3, 1),
        achieved_effect="Запись за 2 минуты",
        comment="Внедрено с 1 марта",
    )
    assert events(colleague_user) == [E.SUGGESTION_ACCEPTED, E.SUGGESTION_IMPLEMENTED]
    note = received(colleague_user)[-1]
    assert note.subject == "Предложение по улучшению «Один журнал» внедрено"
    assert note.text.startswith("Предложение по улучшению «Один журнал» (Управление образования) внедрено.")
    assert note.comment == "Внедрено с 1 марта"


def test_accepted_passport_of_an_institution_tells_the_customers_head(
    school, unit, school_user, economy_user, director_user, with_emails, django_capture_on_commit_callbacks
):
    """The head of the customer organisation approves, not the head of the institution that runs
    the project: he is the one told that the passport waits for him."""
    project = FullProjectFactory(
        organisation=school, customer_organisation=unit, created_by=school_user, lead=school_user.employee
    )
    project_services.passport_submit(project=project, user=school_user)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.passport_accept(project=project, user=economy_user)
    [note] = received(director_user)
    assert note.event == E.PASSPORT_ACCEPTED
    assert "ожидает утверждения руководителем организации-заказчика" in note.text
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"school", "director"}
