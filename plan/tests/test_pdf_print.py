"""The annual analytical report PDF, page by page: no page holding only a heading, no heading or group row
stranded at a page's foot, rows never split."""

import datetime

import pytest
from django.urls import reverse

from conftest import client_for
from lean_portal.pdf import render_html
from lean_portal.tests.pdf_pages import check_pages
from plan import report
from plan.tests.factories import ProjectFactory
from projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra", [0, 12, 40])
def test_report_pages(client, economy_user, decree_plan, district, extra):
    for n in range(extra):
        ProjectFactory(
            organisation=district.A if n % 2 else district.C,
            state=Project.State.CLOSED,
            closed_on=datetime.date(2023, 1 + n % 12, 1 + n % 28),
            title=f"Проект номер {n}: сокращение сроков предоставления услуги",
            effects="Время ожидания сократилось вдвое; жалоб нет; процесс описан стандартом. " * (1 + n % 3),
            replicates_source="г. Калуга" if n % 5 == 0 else "",
        )
    client_for(client, economy_user)
    response = client.get(reverse("plan:report-pdf"), {"plan": decree_plan.pk, "year": 2023})
    assert response.status_code == 200
    html = render_html("plan/report_pdf.html", report.build(decree_plan, 2023))
    pages = check_pages(response.content, html)
    assert len(pages) >= 2
