"""The page checker itself catches what it is for: a heading alone at a page's foot, an empty page."""

import pytest
from weasyprint import HTML

from lean_portal.tests.pdf_pages import check_pages

PAGE = "<style>@page {{ size: A5; margin: 10mm }} p {{ margin: 0 }} h2 {{ margin: 0; {h2} }}</style>"


def render(body: str, h2: str = "") -> tuple[bytes, str]:
    html = PAGE.format(h2=h2) + body
    return HTML(string=html).write_pdf(), html


def test_a_heading_at_the_foot_of_a_page_fails():
    body = '<div style="height: 179mm">Вводный текст</div><h2>Раздел второй, заголовок</h2>'
    body += "<p>Текст раздела.</p>" * 8
    pdf, html = render(body, "break-after: auto")
    with pytest.raises(AssertionError, match="ends with a heading"):
        check_pages(pdf, html)
    # Kept with what follows it, the heading moves to the next page: the check passes.
    pdf, html = render(body, "break-after: avoid")
    check_pages(pdf, html)


def test_a_page_without_content_fails():
    pdf, html = render('<p>Первая страница</p><p>ещё строка</p><h2 style="break-before: page">Одинокий заголовок</h2>')
    with pytest.raises(AssertionError, match="holds no content"):
        check_pages(pdf, html)
