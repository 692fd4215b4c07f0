"""Browser: the stage schedule in an English-locale Chromium (issue 17, item 4).

«15.12.2026» typed or pasted is 15 December, never 12 March or nothing; each start is proposed
from the previous end; the days of a stage are shown while editing; every field is labelled by
its stage for screen readers.
"""

import datetime

import pytest

from conftest import login
from projects.models import Project
from projects.stages import all_stage_fields
from projects.tests.factories import FullProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_page(browser, live_server):
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def draft(demo_data):
    from orgs.models import Organisation, User

    user = User.objects.get(username="department")
    unit = Organisation.objects.get(pk=user.organisation_id)
    return FullProjectFactory(
        organisation=unit,
        created_by=user,
        title="Паспорт для проверки сроков",
        rows=False,
        # Stage 1 only: the rest is entered in the browser.
        **{name: None for name in all_stage_fields() if name != "stage1_date"},
    )


def test_dates_typed_in_an_english_locale_browser(english_page, draft):
    page = english_page
    login(page, "department")
    page.goto(f"/projects/{draft.pk}/edit/")
    stage1 = draft.stage1_date
    assert page.get_by_label("Этап 1 «Согласование паспорта проекта»: дата").input_value() == stage1.strftime(
        "%d.%m.%Y"
    )
    start2 = page.get_by_label("Этап 2 «Картирование текущего состояния»: с")
    end2 = page.get_by_label("Этап 2 «Картирование текущего состояния»: по")
    start2.fill(stage1.strftime("%d.%m.%Y"))
    end2.press_sequentially("15.12.2026")
    # The next stage's start is proposed from this end; the stage's length is shown.
    start3 = page.get_by_label("Этап 3 «Анализ проблем и потерь»: с")
    assert start3.input_value() == "15.12.2026"
    days = (datetime.date(2026, 12, 15) - stage1).days + 1
    row2 = page.locator('[data-stage-row="2"] [data-stage-days]')
    assert row2.inner_text().startswith(str(days))
    # A date pasted with slashes is written as дд.мм.гггг.
    end3 = page.get_by_label("Этап 3 «Анализ проблем и потерь»: по")
    end3.focus()
    page.evaluate(
        """() => {
        const data = new DataTransfer();
        data.setData('text/plain', '20/12/2026');
        const paste = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
        document.activeElement.dispatchEvent(paste);
    }"""
    )
    assert end3.input_value() == "20.12.2026"
    assert "Весь проект" in page.locator("[data-stage-total]").inner_text()
    page.get_by_role("button", name="Сохранить черновик").click()
    page.wait_for_url(f"**/projects/{draft.pk}/edit/")
    draft.refresh_from_db()
    assert draft.stage2_end == datetime.date(2026, 12, 15)
    assert draft.stage3_start == datetime.date(2026, 12, 15)
    assert draft.stage3_end == datetime.date(2026, 12, 20)
    assert Project.objects.get(pk=draft.pk).version == 2
