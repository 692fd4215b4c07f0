"""The practice's passport PDF, really rendered: the card's content, the lead, nobody else."""

import pytest
from django.urls import reverse

from conftest import client_for
from lean_portal.tests.pdf_pages import page_lines

from .conftest import APPROVER, TEAM_MEMBER

pytestmark = pytest.mark.django_db


def test_practice_passport_for_a_reader_of_another_municipality(client, far_user, practice):
    response = client_for(client, far_user).get(reverse("practices:pdf", args=[practice.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = " ".join(" ".join(lines) for lines in page_lines(response.content))
    for shown in ("Паспорт практики", practice.title, "Лидерова Анна", "Очереди у дверей школы", "Время ожидания",
                  "Сэкономлено время родителей", "Практика в банке практик региона"):  # fmt: skip
        assert shown in text, shown
    for hidden in (TEAM_MEMBER, APPROVER.split()[0], "secret@example.org"):
        assert hidden not in text
