"""How an approved passport changed: baseline against current values, and proposals in words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from lean_portal.formats import number, short_date
from orgs.models import Employee
from projects.models import ChangeRequest, Project
from projects.rules import all_stage_fields


@dataclass
class Difference:
    label: str
    baseline: str
    current: str


def _date(value: str | datetime.date | None) -> str:
    if not value:
        return "—"
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return short_date(value)


def _stage_label(field: str) -> str:
    return str(Project._meta.get_field(field).verbose_name)


def baseline_differences(project: Project) -> list[Difference]:
    """What differs between the approved passport (baseline) and the passport now.

    Uses the project's prefetched goals and team: no queries of its own.
    """
    baseline = project.baseline
    if not baseline:
        return []
    result = []
    for f in all_stage_fields():
        old, new = baseline["stages"].get(f), getattr(project, f)
        if _date(old) != _date(new):
            result.append(Difference(_stage_label(f), _date(old), _date(new)))
    goals = {g.pk: g for g in project.goals.all()}
    for old in baseline["goals"]:
        goal = goals.pop(old["id"], None)
        label = f"Цель «{old['name']}», {old['unit']}"
        if goal is None:
            result.append(Difference(label, f"{number(old['current_value'])} → {number(old['target_value'])}", "—"))
            continue
        before = (Decimal(old["current_value"]), Decimal(old["target_value"]))
        if before != (goal.current_value, goal.target_value):
            result.append(
                Difference(
                    label,
                    f"{number(before[0])} → {number(before[1])}",
                    f"{number(goal.current_value)} → {number(goal.target_value)}",
                )
            )
    for goal in goals.values():
        result.append(
            Difference(
                f"Цель «{goal.name}», {goal.unit}", "—", f"{number(goal.current_value)} → {number(goal.target_value)}"
            )
        )
    old_team = {(m["name"], m["role"]) for m in baseline["team"]}
    new_team = {(m.employee.full_name, m.role) for m in project.team.all()}
    if old_team != new_team:
        result.append(
            Difference(
                "Команда",
                "; ".join(f"{n} — {r}" for n, r in sorted(old_team)),
                "; ".join(f"{n} — {r}" for n, r in sorted(new_team)),
            )
        )
    return result


def describe_proposals(project: Project, requests: list[ChangeRequest]) -> dict[int, list[str]]:
    """Each request's proposed changes in words, by request id (one query for new team members)."""
    goals = {g.pk: g for g in project.goals.all()}
    team = {m.pk: m for m in project.team.all()}
    employee_ids = {row["employee"] for r in requests for row in r.proposed.get("team_add", [])}
    employees = {e.pk: e for e in Employee.objects.filter(pk__in=employee_ids)} if employee_ids else {}
    described = {}
    for request in requests:
        lines = []
        for f, value in request.proposed.get("stages", {}).items():
            lines.append(f"{_stage_label(f)}: {_date(getattr(project, f))} → {_date(value)}")
        for goal_id, values in request.proposed.get("goals", {}).items():
            goal = goals.get(int(goal_id))
            name = f"«{goal.name}»" if goal else "(цель удалена)"
            for key, label in (("current_value", "текущий"), ("target_value", "целевой")):
                if key in values:
                    old = number(getattr(goal, key)) if goal else "—"
                    lines.append(f"Цель {name}: {label} показатель {old} → {number(values[key])}")
        for member_id in request.proposed.get("team_remove", []):
            member = team.get(member_id)
            lines.append(f"Исключить из команды: {member.employee.full_name if member else 'участник уже исключён'}")
        for row in request.proposed.get("team_add", []):
            employee = employees.get(row["employee"])
            lines.append(f"Включить в команду: {employee.full_name if employee else '—'} — {row['role']}")
        described[request.pk] = lines
    return described
