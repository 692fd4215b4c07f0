"""Demo quarterly reports: several past quarters accepted, one returned, the current quarter's draft.

Builds on the earlier apps' demo data (organisations by short name, accounts by
username); goal actuals are entered for whatever demo projects exist. Idempotent:
a report that exists is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from orgs.models import Municipality, Organisation, User
from reporting import services
from reporting.deadlines import Rules, today
from reporting.figures import build_figures
from reporting.models import QuarterlyReport, ReportTransition, SelfAssessment
from reporting.periods import Quarter

ORGANISATIONS = ["Управление образования", "МБОУ «Драченинская СОШ»", "Управление культуры", "МБУК «ЦКС»"]
PAST_QUARTERS = 4
# (organisation, quarters back) of the one report the office returned.
RETURNED = ("Управление культуры", 1)

PROGRESS = [
    "Проведено картирование текущего состояния процесса, выявлены потери ожидания и лишние перемещения.",
    "Разработан и защищён перед заказчиком план мероприятий; начато внедрение улучшений.",
    "Внедрены стандартные операционные процедуры, проводится мониторинг результатов.",
    "Результаты закреплены, проводится мониторинг стабильности.",
]


def _actual(goal: dict, step: int, steps: int) -> Decimal:
    current, target = Decimal(goal["current"]), Decimal(goal["target"])
    return (current + (target - current) * Decimal(step) / Decimal(steps + 1)).quantize(Decimal("0.01"))


def _fill(report: QuarterlyReport, user, step: int) -> None:
    figures = build_figures(report)
    entries = {
        p["id"]: {"progress": PROGRESS[min(step, len(PROGRESS)) - 1], "problems": "", "help_needed": ""}
        for p in figures["projects"]
    }
    actuals = {g["id"]: _actual(g, step, PAST_QUARTERS) for p in figures["projects"] for g in p["goals"]}
    comment = (
        ""
        if figures["projects"]
        else "Бережливые проекты в квартале не реализовывались; готовим паспорт нового проекта."
    )
    services.report_save(report=report, user=user, general_comment=comment, entries=entries, actuals=actuals)


def _backdate(report: QuarterlyReport, due: datetime.date) -> None:
    """Put the submission a few days before the deadline, as it would have happened."""
    submitted = timezone.make_aware(datetime.datetime.combine(due - datetime.timedelta(days=3), datetime.time(10)))
    decided = submitted + datetime.timedelta(days=2)
    QuarterlyReport.objects.filter(pk=report.pk).update(
        submitted_at=submitted, decided_at=decided if report.decided_at else None
    )
    for transition in ReportTransition.objects.filter(report=report):
        moment = decided if transition.to_state in ("accepted", "returned") else submitted
        if transition.to_state == "draft":
            moment = submitted - datetime.timedelta(days=5)
        ReportTransition.objects.filter(pk=transition.pk).update(at=moment)


@transaction.atomic
def load() -> dict[str, int]:
    orgs = {
        o.short_name: o
        for o in Organisation.objects.filter(municipality__slug=Municipality.DEFAULT_SLUG, short_name__in=ORGANISATIONS)
    }
    economy = User.objects.filter(username="economy").first()
    writer = User.objects.filter(username="admin").first()
    department = User.objects.filter(username="department").first()
    if economy is None or writer is None:
        return {"reports": QuarterlyReport.objects.count()}
    rules = Rules.load()
    current = Quarter.of(today())
    for back in range(PAST_QUARTERS, 0, -1):
        period = current.shift(-back)
        for name in ORGANISATIONS:
            organisation = orgs.get(name)
            if (
                organisation is None
                or QuarterlyReport.objects.filter(
                    organisation=organisation, year=period.year, quarter=period.quarter
                ).exists()
            ):
                continue
            report = services.report_start(organisation=organisation, period=period, user=writer)
            _fill(report, writer, PAST_QUARTERS - back + 1)
            services.report_submit(report=report, user=writer)
            if (name, back) == RETURNED:
                services.report_return(
                    report=report,
                    user=economy,
                    comment="Не указаны проблемы и необходимая помощь по проекту; уточните фактические значения целей.",
                )
            else:
                services.report_accept(report=report, user=economy, comment="Отчёт принят.")
            report.refresh_from_db()
            _backdate(report, rules.report_due(organisation, period))
    unit = orgs.get("Управление образования")
    if unit is not None and department is not None:
        services.report_start(organisation=unit, period=current, user=department)
    _self_assessments(orgs, writer, current.year)
    return {"reports": QuarterlyReport.objects.count(), "self_assessments": SelfAssessment.objects.count()}


# A minimal valid PDF standing in for the signed scan.
DEMO_SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _self_assessments(orgs: dict, writer, year: int) -> None:
    """Last year's self-assessments sent with a scan; this year's in progress for the school."""
    texts = {
        "achievements": "Реализованы бережливые проекты, внедрены предложения по улучшению, сотрудники прошли обучение.",
        "problem_areas": "Недостаточно времени у сотрудников на проектную работу; не все процессы описаны.",
        "plans": "Открыть новый проект, обучить ещё двух сотрудников основам бережливого управления.",
    }
    for name in ("Управление образования", "Управление культуры"):
        organisation = orgs.get(name)
        if organisation is None or SelfAssessment.objects.filter(organisation=organisation, year=year - 1).exists():
            continue
        assessment = services.selfassessment_start(organisation=organisation, year=year - 1, user=writer)
        services.selfassessment_save(assessment=assessment, user=writer, **texts)
        services.selfassessment_complete(assessment=assessment, user=writer)
        services.selfassessment_send(
            assessment=assessment, user=writer, scan=SimpleUploadedFile("samoocenka.pdf", DEMO_SCAN, "application/pdf")
        )
    school = orgs.get("МБОУ «Драченинская СОШ»")
    if school is not None and not SelfAssessment.objects.filter(organisation=school, year=year).exists():
        assessment = services.selfassessment_start(organisation=school, year=year, user=writer)
        services.selfassessment_save(
            assessment=assessment, user=writer, achievements=texts["achievements"], problem_areas="", plans=""
        )
