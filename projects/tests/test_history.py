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


def test_history_reads_like_a_person_wrote_it(client, draft, department_user, economy_user, director_user):
    """Local time to the minute, dates as dates, people by name, files and baselines in words."""
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from projects.services import passport_approve

    passport_submit(project=draft, user=department_user)
    passport_accept(project=draft, user=economy_user)
    scan = SimpleUploadedFile("podpisannyi-pasport.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    project = passport_approve(project=draft, user=director_user, scan=scan)
    project.refresh_from_db()
    # The baseline changes (an approved change request): its history lists what changed.
    baseline = dict(project.baseline, stages=dict(project.baseline["stages"], stage9_date="2030-01-15"))
    baseline["goals"] = [dict(g, target_value="0.50") for g in baseline["goals"]]
    project.baseline = baseline
    project.approval_scan.save("drugoi-skan.pdf", SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n"), save=False)
    project.save()

    changes = {c.label: c for e in project_history(project) for c in e.changes}
    approved_at = timezone.localtime(project.approved_at).strftime("%d.%m.%Y %H:%M")
    assert changes["утверждён"].new == approved_at
    assert changes["утвердил"].new == director_user.display_name
    assert changes["дата утверждения"].new == project.approval_date.strftime("%d.%m.%Y")
    all_changes = [c for e in project_history(project) for c in e.changes]
    scan_notes = [c.note for c in all_changes if c.label == project._meta.get_field("approval_scan").verbose_name]
    assert scan_notes == ["файл заменён", "файл загружен"]
    baseline_notes = [c.note for c in all_changes if c.label == project._meta.get_field("baseline").verbose_name]
    goal = project.goals.get()
    assert ": 01.12.2024 → 15.01.2030" in baseline_notes[0] or "→ 15.01.2030" in baseline_notes[0]
    assert f"цель «{goal.name}», {goal.unit}: " in baseline_notes[0] and "⇒" in baseline_notes[0]
    assert baseline_notes[1].startswith("зафиксированы при утверждении: сроки этапов, целей — 1")

    client.force_login(department_user)
    html = client.get(reverse("projects:history", args=[project.pk])).content.decode()
    assert "+00:00" not in html and "{&#x27;stages" not in html and "{'stages" not in html
    assert "podpisannyi" not in html and "drugoi-skan" not in html
    assert "файл заменён" in html and approved_at in html
    # Every «when» to the minute, no seconds.
    assert re.findall(r'<td class="text-nowrap">(\d\d\.\d\d\.\d{4} \d\d:\d\d)</td>', html)
    assert not re.search(r'<td class="text-nowrap">\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d</td>', html)
