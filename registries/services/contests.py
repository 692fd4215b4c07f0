"""Writes to contests: nominations, entries, results."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from orgs.models import Organisation
from registries.models import (
    Contest,
    ContestEntry,
    ContestNomination,
    Suggestion,
)
from registries.services.common import assign_fields, require_write

# --- Contests ----------------------------------------------------------------------------------

CONTEST_EDITABLE = ("organisation", "title", "year", "held_on", "description", "level")


def _validate_contest(contest: Contest) -> None:
    if contest.held_on and contest.year and contest.held_on.year != contest.year:
        raise ValidationError({"held_on": "Итоги подводятся в год конкурса."})


def _set_contest_level(contest: Contest) -> None:
    """The regional office's contests are regional (entries from every municipality; not counted in a
    municipality's plan 3.3); a municipal office's are municipal (plan 3.3); another organiser says
    whether its contest is held at the municipal level (for the district's organisations) or in-house
    (the default), never the regional one."""
    if contest.organisation.is_regional:
        contest.level = Contest.Level.REGIONAL
    elif contest.organisation.is_economy_office:
        contest.level = Contest.Level.MUNICIPAL
    elif contest.level == Contest.Level.REGIONAL:
        raise ValidationError({"level": "Региональные конкурсы проводит региональный проектный офис."})


@transaction.atomic
def contest_create(*, user, organisation: Organisation, nominations: list[str] | None = None, **fields) -> Contest:
    require_write(user, organisation)
    contest = Contest(organisation=organisation)
    assign_fields(contest, fields, CONTEST_EDITABLE)
    _set_contest_level(contest)
    _validate_contest(contest)
    contest.full_clean()
    contest.save()
    contest_set_nominations(contest=contest, user=user, titles=nominations or [])
    return contest


@transaction.atomic
def contest_update(*, contest: Contest, user, **fields) -> Contest:
    require_write(user, contest.organisation)
    assign_fields(contest, fields, CONTEST_EDITABLE)
    require_write(user, contest.organisation)
    _set_contest_level(contest)
    _validate_contest(contest)
    contest.full_clean()
    contest.save()
    return contest


@transaction.atomic
def contest_set_nominations(*, contest: Contest, user, titles: list[str]) -> None:
    """Keep the nominations named ``titles`` in that order; a nomination with entries cannot go."""
    require_write(user, contest.organisation)
    titles = list(dict.fromkeys(t.strip() for t in titles if t and t.strip()))
    existing = {n.title: n for n in contest.nominations.all()}
    for title, nomination in existing.items():
        if title not in titles:
            if nomination.entries.exists():
                raise ValidationError(f"В номинации «{title}» есть участники: удалить её нельзя.")
            nomination.delete()
    for position, title in enumerate(titles, start=1):
        nomination = existing.get(title)
        if nomination is None:
            ContestNomination.objects.create(contest=contest, title=title, position=position)
        elif nomination.position != position:
            nomination.position = position
            nomination.save(update_fields=["position"])


@transaction.atomic
def contest_add_entry(
    *, contest: Contest, user, project=None, suggestion: Suggestion | None = None, nomination=None
) -> ContestEntry:
    require_write(user, contest.organisation)
    if (project is None) == (suggestion is None):
        raise ValidationError("Выберите либо проект, либо предложение по улучшению.")
    if nomination is not None and nomination.contest_id != contest.pk:
        raise ValidationError({"nomination": "Номинация относится к другому конкурсу."})
    subject = project if project is not None else suggestion
    if (
        not contest.organisation.is_regional
        and subject.organisation.municipality_id != contest.organisation.municipality_id
    ):
        # Entries from every municipality only in a regional contest.
        raise ValidationError("Участники муниципального конкурса — из своего муниципального образования.")
    duplicate = ContestEntry.objects.filter(contest=contest)
    duplicate = duplicate.filter(project=project) if project is not None else duplicate.filter(suggestion=suggestion)
    if duplicate.exists():
        raise ValidationError("Этот участник уже заявлен на конкурс.")
    entry = ContestEntry(contest=contest, project=project, suggestion=suggestion, nomination=nomination)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def contest_record_result(
    *, entry: ContestEntry, user, score=None, place: int | None = None, is_winner: bool = False, jury_comment: str = ""
) -> ContestEntry:
    """The jury's result for one entry. A winner takes a place; first place is always a winner."""
    require_write(user, entry.contest.organisation)
    errors = {}
    if score is not None and score < 0:
        errors["score"] = "Балл не может быть отрицательным."
    if place is not None and place < 1:
        errors["place"] = "Место — 1 или больше."
    if is_winner and place is None:
        errors["place"] = "Укажите место победителя."
    if errors:
        raise ValidationError(errors)
    entry.score = score
    entry.place = place
    entry.is_winner = is_winner or place == 1
    entry.jury_comment = (jury_comment or "").strip()
    entry.save(update_fields=["score", "place", "is_winner", "jury_comment"])
    return entry


@transaction.atomic
def contest_remove_entry(*, entry: ContestEntry, user) -> None:
    require_write(user, entry.contest.organisation)
    entry.delete()
