"""The score sheet PDF, page by page: rows never split across pages, content on every page."""

import pytest
from django.urls import reverse

from lean_portal.pdf import render_html
from lean_portal.tests.pdf_pages import check_pages, page_lines
from scoring import services
from scoring.pdf import score_sheet_context
from scoring.tests.conftest import REGIONAL_7_5

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sentences", [6, 10, 14])
def test_long_justifications_keep_each_row_on_one_page(client, project, economy_user, sentences):
    """Rows up to half a page each (a row taller than a page has to continue on the next)."""
    justifications = {
        code: " ".join(f"Критерий {code}, довод {n}: подтверждено приказом и фотоотчётом." for n in range(sentences))
        + f" Конец обоснования {code}."
        for code in REGIONAL_7_5
    }
    assessment = services.assessment_save(
        project=project, user=economy_user, choices=REGIONAL_7_5, justifications=justifications, submit=True
    )
    client.force_login(economy_user)
    response = client.get(reverse("scoring:sheet", args=[assessment.pk]))
    assert response.status_code == 200
    html = render_html("scoring/score_sheet.html", score_sheet_context(assessment))
    pages = check_pages(response.content, html, running=("Электронная версия",))
    assert len(pages) >= 2
    texts = [" ".join(lines) for lines in page_lines(response.content)]
    for code in REGIONAL_7_5:
        # The row's first and last words are on the same page: the row was not split.
        first = [n for n, text in enumerate(texts) if f"Критерий {code}, довод 0:" in text]
        last = [n for n, text in enumerate(texts) if f"Конец обоснования {code}." in text]
        assert first and first == last, (code, first, last)
