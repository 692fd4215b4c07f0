"""Demo assessments of the demo projects: federal, regional and cut-off results, and one
self-assessment awaiting agreement. Idempotent; creates nothing when the projects demo made
no assessable projects. Runs after ``orgs`` and ``projects`` demos (see ``load_demo``)."""

from __future__ import annotations

from django.db import transaction

from orgs.models import User
from projects.models import Project
from scoring import services
from scoring.models import Assessment

JUSTIFICATIONS = {
    "1": "Цели проекта входят в показатели муниципальной программы и ключевые показатели эффективности организации.",
    "2": "Проблема выявлена по обращениям граждан, поступившим в организацию за последний год.",
    "3": "Результаты оценены заказчиком процесса: акт приёмки результатов, опрос получателей услуги.",
    "4": "В обосновании приведены замеры: время ожидания, число возвратов документов, трудоёмкость операций.",
    "5": "Рассчитана экономия рабочего времени специалистов (человеко-часов в месяц) по результатам хронометража.",
    "6": "Решение описано в стандарте процесса и применимо в организациях того же и другого профиля.",
    "7": "Решены проблемы, влияющие на показатели муниципального и регионального уровней.",
}

FEDERAL = {
    "1": ["1.1", "1.4"],
    "2": ["2.1", "2.2"],
    "3": ["3.1"],
    "4": ["4.1", "4.2"],
    "5": ["5.1"],
    "6": ["6.1"],
    "7": ["7.1"],
}
# 8 points, replicable within the profile: regional and in the library.
REGIONAL = {"1": ["1.3"], "2": ["2.4"], "3": ["3.1"], "4": ["4.2"], "5": ["5.1"], "6": ["6.2"], "7": ["7.2"]}
# No source of problems (2.5): cut off by criterion 2, whatever the rest scores.
CUT_OFF = {"1": ["1.1"], "2": ["2.5"], "3": ["3.2"], "4": ["4.1"], "5": ["5.2"], "6": ["6.3"], "7": ["7.3"]}
# The department's own view of its project: 7.5 points.
SELF = {"1": ["1.1"], "2": ["2.1"], "3": ["3.1"], "4": ["4.2"], "5": ["5.1"], "6": ["6.3"], "7": ["7.2"]}


def _save(project: Project, user: User, choices: dict) -> Assessment | None:
    try:
        return services.assessment_save(
            project=project,
            user=user,
            choices=choices,
            justifications={code: JUSTIFICATIONS[code] for code in choices},
            submit=True,
        )
    except services.AssessmentRefused:
        return None


@transaction.atomic
def load() -> dict[str, int]:
    economy = User.objects.filter(username="economy").select_related("employee").first()
    department = User.objects.filter(username="department").select_related("employee").first()
    candidates = sorted(
        Project.objects.filter(state__in=services.ASSESSABLE_STATES).select_related("organisation"),
        # Implemented projects first: their results can be evaluated (criterion 3).
        key=lambda p: (not p.is_implemented, p.pk),
    )
    if Assessment.objects.exists() or not candidates:
        # Already loaded (or nothing to assess): keep what is there.
        return {"assessments": Assessment.objects.count()}
    if department is not None and department.organisation_id is not None:
        own = next((p for p in candidates if p.organisation_id == department.organisation_id), None)
        if own is not None:
            candidates.remove(own)
            _save(own, department, SELF)
    if economy is not None:
        for project, choices in zip(candidates, (FEDERAL, REGIONAL, CUT_OFF), strict=False):
            _save(project, economy, choices)
    return {"assessments": Assessment.objects.count()}
