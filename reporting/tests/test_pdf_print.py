"""The self-assessment PDF, page by page: content on every page, no heading at a page's foot, the date once."""

import pytest
from django.urls import reverse

from conftest import client_for
from lean_portal.tests.pdf_pages import check_pages, page_lines
from reporting import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("paragraphs", [1, 8, 16, 24])
def test_selfassessment_pages(client, unit, department_user, admin_user_portal, paragraphs):
    assessment = services.selfassessment_start(organisation=unit, year=2026, user=department_user)
    sentence = "внедрили стандарт, обучили сотрудников, сократили сроки. "
    text = "\n".join(f"Абзац {n}: " + sentence * 3 for n in range(paragraphs))
    services.selfassessment_save(
        assessment=assessment, user=department_user, achievements=text, problem_areas=text, plans=text
    )
    assessment = services.selfassessment_complete(assessment=assessment, user=department_user)
    url = reverse("reporting:selfassessment-pdf", args=[assessment.pk])
    pdf = client_for(client, department_user).get(url).content
    html = client_for(client, admin_user_portal).get(url, {"html": 1}).content.decode()
    check_pages(pdf, html)
    whole = " ".join(" ".join(lines) for lines in page_lines(pdf))
    assert "г.." not in whole
    assert "Самооценка проведена «" in whole
