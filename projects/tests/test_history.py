import pytest
from django.urls import reverse

from projects.history import project_history
from projects.services import passport_accept, passport_return, passport_submit

pytestmark = pytest.mark.django_db


def test_history_lists_passport_rows_and_state_changes(client, draft, department_user, economy_user):
    client.force_login(department_user)
    draft.title = "Новое название"
    draft.save()
    goal = draft.goals.get()
    goal.target_value = 2
    goal.save()
    passport_submit(project=draft, user=department_user)
    passport_return(project=draft, user=economy_user, comment="Доработать")
    passport_submit(project=draft, user=department_user)
    passport_accept(project=draft, user=economy_user)
    entries = project_history(draft)
    changes = [(e.subject, c.label, c.old, c.new) for e in entries for c in e.changes]
    assert ("Паспорт", "название бережливого проекта", "Сокращение", "Новое название") in [
        (subject, label, old.split()[0], new) for subject, label, old, new in changes
    ]
    assert ("Цель: Срок выдачи справки", "целевой показатель", "1", "2") in changes
    states = [(c.old, c.new) for e in entries for c in e.changes if c.label == "состояние"]
    assert ("Черновик", "На рассмотрении") in states
    assert ("На рассмотрении", "Возвращён на доработку") in states
    assert ("На рассмотрении", "Принят, ожидает утверждения") in states
    response = client.get(reverse("projects:history", args=[draft.pk]))
    html = response.content.decode()
    assert "Принят, ожидает утверждения" in html and "Новое название" in html


def test_history_records_the_user_through_the_request(client, draft, department_user):
    client.force_login(department_user)
    client.post(reverse("projects:transition", args=[draft.pk, "submitted"]), {"comment": ""})
    entries = project_history(draft)
    state_entry = next(e for e in entries if any(c.label == "состояние" for c in e.changes))
    assert state_entry.who == department_user.display_name


def test_history_shows_participants_changes(draft, other_org, school):
    draft.participants.set([other_org])
    draft.participants.set([other_org, school])
    draft.participants.clear()
    changes = [
        (c.old, c.new) for e in project_history(draft) for c in e.changes if c.label == "участвующие организации"
    ]
    assert ("—", other_org.short_name) in changes
    both = ", ".join(sorted([other_org.short_name, school.short_name]))
    assert (other_org.short_name, both) in changes
    assert (both, "—") in changes
