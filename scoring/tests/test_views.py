"""Assessment pages: access for owner / colleague / outsider / office, the form, agreement, PDF."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from scoring.models import Assessment
from scoring.tests.conftest import FEDERAL_10, REGIONAL_7_5, justify

pytestmark = pytest.mark.django_db


def form_data(choices, justifications=None, action="submit") -> dict:
    data = {f"criterion_{code}": codes for code, codes in choices.items()}
    for code, text in (justify(choices) if justifications is None else justifications).items():
        data[f"justification_{code}"] = text
    data[action] = "1"
    return data


class TestAssessPageAccess:
    def test_owner_trained_sees_the_form(self, client, project, department_user):
        client.force_login(department_user)
        response = client.get(reverse("scoring:assess", args=[project.pk]))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Влияет на достижение национальных целей развития Российской Федерации" in content
        assert 'type="checkbox" name="criterion_1"' in content
        assert 'type="radio" name="criterion_6"' in content
        assert "Направить на согласование" in content
        assert "scoring/assess.js" in content

    def test_colleague_untrained_is_refused_with_explanation(self, client, project, colleague_user):
        client.force_login(colleague_user)
        response = client.get(reverse("scoring:assess", args=[project.pk]))
        assert response.status_code == 403
        assert "прошедшими обязательное обучение основам бережливого производства" in response.content.decode()

    def test_colleague_cannot_post_either(self, client, project, colleague_user):
        client.force_login(colleague_user)
        response = client.post(reverse("scoring:assess", args=[project.pk]), form_data(REGIONAL_7_5))
        assert response.status_code == 403
        assert not Assessment.objects.exists()

    def test_outsider_gets_404(self, client, project, outsider_user):
        client.force_login(outsider_user)
        assert client.get(reverse("scoring:assess", args=[project.pk])).status_code == 404

    def test_office_sees_the_form_for_any_project(self, client, other_project, economy_user):
        client.force_login(economy_user)
        response = client.get(reverse("scoring:assess", args=[other_project.pk]))
        assert response.status_code == 200
        assert "Сохранить оценку" in response.content.decode()

    def test_office_is_told_of_a_waiting_self_assessment(self, client, project, department_user, economy_user, assess):
        waiting = assess(project, department_user)
        client.force_login(economy_user)
        content = client.get(reverse("scoring:assess", args=[project.pk])).content.decode()
        assert "Организация направила на согласование самостоятельную оценку: 7,5 балла" in content
        assert reverse("scoring:detail", args=[waiting.pk]) in content

    def test_unit_staff_refused_on_subordinate_project(self, client, school_project, department_user):
        client.force_login(department_user)
        response = client.get(reverse("scoring:assess", args=[school_project.pk]))
        assert response.status_code == 403
        assert "Проекты других организаций оценивает управление" in response.content.decode()

    def test_anonymous_is_sent_to_login(self, client, project):
        response = client.get(reverse("scoring:assess", args=[project.pk]))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


class TestAssessPost:
    def test_office_assessment_saves_and_shows_regional(self, client, project, economy_user):
        client.force_login(economy_user)
        response = client.post(reverse("scoring:assess", args=[project.pk]), form_data(REGIONAL_7_5), follow=True)
        content = response.content.decode()
        assessment = Assessment.objects.get()
        assert response.redirect_chain[-1][0] == reverse("scoring:detail", args=[assessment.pk])
        assert assessment.total == Decimal("7.5")
        assert "7,5" in content
        assert "региональный бережливый проект" in content
        assert "Действует" in content

    def test_the_client_s_score_is_never_trusted(self, client, project, economy_user):
        client.force_login(economy_user)
        data = form_data(REGIONAL_7_5) | {"total": "10", "status": "federal"}
        client.post(reverse("scoring:assess", args=[project.pk]), data)
        assert Assessment.objects.get().total == Decimal("7.5")

    def test_missing_justification_is_shown_on_the_field_and_input_kept(self, client, project, economy_user):
        client.force_login(economy_user)
        justifications = justify(REGIONAL_7_5)
        justifications["3"] = ""
        response = client.post(reverse("scoring:assess", args=[project.pk]), form_data(REGIONAL_7_5, justifications))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Обоснуйте оценку по критерию 3" in content
        assert "Подтверждено документами по критерию 5." in content
        assert re.search(r'value="3\.1"[^>]*checked', content)
        assert not re.search(r'value="3\.2"[^>]*checked', content)
        assert not Assessment.objects.exists()

    def test_exclusive_indicator_with_others_is_an_error_on_the_criterion(self, client, project, economy_user):
        client.force_login(economy_user)
        data = form_data({**REGIONAL_7_5, "2": ["2.1", "2.5"]})
        response = client.post(reverse("scoring:assess", args=[project.pk]), data)
        assert "не выбирается вместе с другими показателями" in response.content.decode()
        assert not Assessment.objects.exists()

    def test_unknown_indicator_is_refused(self, client, project, economy_user):
        client.force_login(economy_user)
        response = client.post(reverse("scoring:assess", args=[project.pk]), form_data({"6": ["6.9"]}))
        assert response.status_code == 200
        assert not Assessment.objects.exists()

    def test_self_assessment_awaits_agreement(self, client, project, department_user):
        client.force_login(department_user)
        response = client.post(reverse("scoring:assess", args=[project.pk]), form_data(FEDERAL_10), follow=True)
        content = response.content.decode()
        assert "Ожидает согласования управлением экономического развития" in content
        assert "значимый федеральный бережливый проект" in content
        assert Assessment.objects.get().state == Assessment.State.SUBMITTED

    def test_draft_is_saved_then_continued(self, client, project, department_user):
        client.force_login(department_user)
        client.post(reverse("scoring:assess", args=[project.pk]), form_data({"1": ["1.2"]}, {}, action="draft"))
        draft = Assessment.objects.get()
        assert draft.state == Assessment.State.DRAFT
        content = client.get(reverse("scoring:assess", args=[project.pk])).content.decode()
        assert "Продолжается черновик" in content


class TestDetailAccess:
    @pytest.fixture
    def official(self, project, economy_user, assess):
        return assess(project, economy_user)

    @pytest.mark.parametrize("who", ["department_user", "colleague_user", "economy_user", "director_user"])
    def test_readers_see_it(self, client, official, who, request):
        client.force_login(request.getfixturevalue(who))
        response = client.get(reverse("scoring:detail", args=[official.pk]))
        assert response.status_code == 200
        assert "Подтверждено документами по критерию 7." in response.content.decode()

    def test_colleague_downloads_the_sheet(self, client, official, colleague_user):
        client.force_login(colleague_user)
        response = client.get(reverse("scoring:sheet", args=[official.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"

    def test_outsider_gets_404(self, client, official, outsider_user):
        client.force_login(outsider_user)
        assert client.get(reverse("scoring:detail", args=[official.pk])).status_code == 404
        assert client.get(reverse("scoring:sheet", args=[official.pk])).status_code == 404

    def test_a_draft_is_hidden_from_the_other_side(self, client, project, department_user, economy_user, assess):
        draft = assess(project, department_user, submit=False)
        client.force_login(economy_user)
        assert client.get(reverse("scoring:detail", args=[draft.pk])).status_code == 404
        client.force_login(department_user)
        assert client.get(reverse("scoring:detail", args=[draft.pk])).status_code == 200


class TestAgreeView:
    @pytest.fixture
    def waiting(self, project, department_user, assess):
        return assess(project, department_user)

    def test_office_sees_the_button_and_agrees(self, client, waiting, economy_user):
        client.force_login(economy_user)
        assert "Согласовать" in client.get(reverse("scoring:detail", args=[waiting.pk])).content.decode()
        response = client.post(reverse("scoring:agree", args=[waiting.pk]), {"comment": "Сведения подтверждены."})
        assert response.status_code == 302
        waiting.refresh_from_db()
        assert waiting.state == Assessment.State.AGREED
        assert waiting.decision_comment == "Сведения подтверждены."

    def test_organisation_cannot_agree_its_own(self, client, waiting, department_user):
        client.force_login(department_user)
        assert "Согласовать" not in client.get(reverse("scoring:detail", args=[waiting.pk])).content.decode()
        assert client.post(reverse("scoring:agree", args=[waiting.pk])).status_code == 403
        waiting.refresh_from_db()
        assert waiting.state == Assessment.State.SUBMITTED

    def test_get_is_not_allowed(self, client, waiting, economy_user):
        client.force_login(economy_user)
        assert client.get(reverse("scoring:agree", args=[waiting.pk])).status_code == 405

    def test_agreeing_twice_explains(self, client, waiting, economy_user):
        client.force_login(economy_user)
        client.post(reverse("scoring:agree", args=[waiting.pk]))
        response = client.post(reverse("scoring:agree", args=[waiting.pk]), follow=True)
        assert "Согласовать можно только самостоятельную оценку" in response.content.decode()

    def test_pending_list_is_role_scoped(self, client, waiting, colleague_user, outsider_user):
        client.force_login(colleague_user)
        assert waiting.project.title in client.get(reverse("scoring:pending")).content.decode()
        client.force_login(outsider_user)
        content = client.get(reverse("scoring:pending")).content.decode()
        assert waiting.project.title not in content
        assert "Самостоятельных оценок, ожидающих согласования, нет." in content

    def test_pending_list(self, client, waiting, economy_user):
        client.force_login(economy_user)
        content = client.get(reverse("scoring:pending")).content.decode()
        assert waiting.project.title in content


class TestScoreSheet:
    def test_pdf_contains_criteria_total_and_status_in_cyrillic(self, client, project, economy_user, assess):
        assessment = assess(project, economy_user)
        client.force_login(economy_user)
        response = client.get(reverse("scoring:sheet", args=[assessment.pk]))
        assert response["Content-Type"] == "application/pdf"
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        text = " ".join(text.split())
        assert "Лист оценки значимости бережливого проекта" in text
        assert "Электронная запись в первый класс" in text
        assert "Влияние на достижение минимум одного целевого показателя" in text
        assert "Уровень решаемых проблем" in text
        assert "Общий балл 7,5" in text
        assert "Статус: региональный бережливый проект" in text
        assert "Подтверждено документами по критерию 1." in text
        assert economy_user.employee.short_name in text

    def test_cut_off_sheet_names_the_criterion(self, client, project, economy_user, assess):
        assessment = assess(project, economy_user, choices={**REGIONAL_7_5, "1": ["1.6"]})
        client.force_login(economy_user)
        response = client.get(reverse("scoring:sheet", args=[assessment.pk]))
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
        assert "не может быть признан бережливым: 0 баллов по критерию 1" in text
