"""The passport PDF, page by page: content on every page, no heading at a page's foot, the draft mark."""

import pytest
from django.urls import reverse

from lean_portal.pdf import render_html
from lean_portal.tests.pdf_pages import check_pages, page_lines
from projects.models import JustificationItem, Project
from projects.pdf import passport_pdf_context
from projects.tests.factories import GoalFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

RUNNING = ("Паспорт в Бережливом портале", "/projects/", "ПРОЕКТ — паспорт не утверждён")


def passport(client, user, project):
    client.force_login(user)
    response = client.get(reverse("projects:pdf", args=[project.pk]))
    assert response.status_code == 200
    return response.content, render_html("projects/passport_pdf.html", passport_pdf_context(project))


@pytest.mark.parametrize("rows", [3, 14, 30])
def test_long_passport_pages_hold_content_and_no_heading_at_a_foot(client, department_user, draft, rows):
    for n in range(rows):
        GoalFactory(project=draft, name=f"Показатель номер {n} с длинным названием для переноса строки", position=n + 2)
        JustificationItem.objects.create(project=draft, position=n + 2, text=f"Пункт обоснования {n}. " * 6)
        TeamMemberFactory(project=draft, role=f"Участник рабочей группы {n}")
    pdf, html = passport(client, department_user, draft)
    check_pages(pdf, html, running=RUNNING)


def test_draft_passport_carries_the_mark_on_every_page_and_no_approval_date(client, department_user, draft):
    for n in range(30):
        JustificationItem.objects.create(project=draft, position=n + 2, text=f"Пункт обоснования {n}. " * 6)
    draft.approval_date = None
    draft.save()
    pdf, _ = passport(client, department_user, draft)
    pages = page_lines(pdf)
    assert len(pages) >= 2
    for lines in pages:
        assert "ПРОЕКТ — паспорт не утверждён" in " ".join(lines)
    text = " ".join(" ".join(lines) for lines in pages)
    assert "ПРОЕКТ — черновик, не утверждён" in text
    assert "«___» __________ ____ г." in text  # the approval date left for the signature


def test_approved_passport_has_no_draft_mark_and_prints_the_date(client, department_user, draft):
    import datetime

    Project.objects.filter(pk=draft.pk).update(state=Project.State.APPROVED, approval_date=datetime.date(2026, 3, 2))
    draft.refresh_from_db()
    pdf, _ = passport(client, department_user, draft)
    text = " ".join(" ".join(lines) for lines in page_lines(pdf))
    assert "ПРОЕКТ" not in text and "«02» марта 2026 г." in text
