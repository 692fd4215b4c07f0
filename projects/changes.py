"""How an approved passport changed: baseline against current values, and proposals in words."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

from lean_portal.formats import number, short_date
from orgs.models import Employee
from projects.models import ChangeRequest, Project
from projects.stages import all_stage_fields


@dataclass(frozen=True)
class BaselinePart:
    """A part of the approved passport kept by another app (the effects' planned values): stored in
    the baseline under ``key`` at approval, proposed in a change request under the same key,
    checked, described and applied when the head approves the request."""

    key: str
    snapshot: Callable[[Project], list | dict]
    check: Callable[[Project, dict], None]
    apply: Callable[[Project, dict], None]
    describe: Callable[[Project, dict], list[str]]


BASELINE_PARTS: dict[str, BaselinePart] = {}
_OWN_KEYS = {"stages", "goals", "team", "team_add", "team_remove"}


def register_baseline_part(part: BaselinePart) -> None:
    """Called from an app's ``AppConfig.ready()``; a clash fails loudly at start-up."""
    if part.key in _OWN_KEYS or BASELINE_PARTS.get(part.key, part) is not part:
        raise ImproperlyConfigured(f"Baseline part {part.key!r} is already taken.")
    BASELINE_PARTS[part.key] = part


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
        for key, part in BASELINE_PARTS.items():
            if request.proposed.get(key):
                lines += part.describe(project, request.proposed[key])
        described[request.pk] = lines
    return described


def _goal_text(goal: dict) -> str:
    return f"{number(goal['current_value'])} → {number(goal['target_value'])}"


def baseline_changes(old: dict | None, new: dict | None) -> list[str]:
    """What changed between two baselines (the approved values), in words — for the history page."""
    if not new:
        return ["утверждённые значения сняты"]
    if not old:
        goals, team = len(new.get("goals", [])), len(new.get("team", []))
        return [f"зафиксированы при утверждении: сроки этапов, целей — {goals}, участников команды — {team}"]
    lines = []
    old_stages, new_stages = old.get("stages", {}), new.get("stages", {})
    for f in all_stage_fields():
        before, after = _date(old_stages.get(f)), _date(new_stages.get(f))
        if before != after:
            lines.append(f"{_stage_label(f)}: {before} → {after}")
    old_goals = {g["id"]: g for g in old.get("goals", [])}
    for goal in new.get("goals", []):
        before = old_goals.pop(goal["id"], None)
        label = f"цель «{goal['name']}», {goal['unit']}"
        if before is None:
            lines.append(f"добавлена {label}: {_goal_text(goal)}")
        elif _goal_text(before) != _goal_text(goal) or before["name"] != goal["name"]:
            lines.append(f"{label}: {_goal_text(before)} ⇒ {_goal_text(goal)}")
    lines += [f"исключена цель «{g['name']}», {g['unit']}" for g in old_goals.values()]
    old_team = {(m["name"], m["role"]) for m in old.get("team", [])}
    new_team = {(m["name"], m["role"]) for m in new.get("team", [])}
    lines += [f"в команду включён: {n} — {r}" for n, r in sorted(new_team - old_team)]
    lines += [f"из команды исключён: {n} — {r}" for n, r in sorted(old_team - new_team)]
    return lines or ["без изменений"]
