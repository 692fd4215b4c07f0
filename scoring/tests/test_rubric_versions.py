"""The office creates rubric versions in the portal: editor, validation, preview, history;
the correction of version 1 and the notice of the statuses it changed."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from scoring import services
from scoring.corrections import MISREAD_CUT_OFF, correct_version_1
from scoring.models import Assessment, RubricVersion, StatusCorrection
from scoring.rubric import DEFAULT_RUBRIC, Rubric, rubric_to_data
from scoring.tests.conftest import REGIONAL_7_5
from scoring.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("scoring:rubric-create")
# 1 + 1 + 0 (3.3) + 1 + 1 + 0.5 + 1 = 5.5: regional, with no evaluation of results.
NOT_EVALUATED = {**REGIONAL_7_5, "3": ["3.3"]}


def points(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def editor_data(rubric: Rubric = DEFAULT_RUBRIC, action: str = "preview", **fields) -> dict:
    """The POST the editor's page sends for ``rubric`` (checkboxes only when ticked)."""
    data = {
        "title": "Порядок проведения оценки значимости (редакция 2)",
        "basis": "Распоряжение администрации от 01.12.2026 № 100",
        "valid_from": "2026-12-01",
        "federal_from": points(rubric.federal_from),
        "regional_from": points(rubric.regional_from),
        "make_current": "on",
        "criteria-TOTAL_FORMS": str(len(rubric.criteria)),
        "criteria-INITIAL_FORMS": str(len(rubric.criteria)),
        action: "1",
    }
    for n, criterion in enumerate(rubric.criteria):
        prefix = f"criteria-{n}"
        data[f"{prefix}-code"] = criterion.code
        data[f"{prefix}-name"] = criterion.name
        if criterion.multiple:
            data[f"{prefix}-multiple"] = "on"
        if criterion.code in rubric.cut_off:
            data[f"{prefix}-cut_off"] = "on"
        data[f"{prefix}-indicators-TOTAL_FORMS"] = str(len(criterion.indicators))
        data[f"{prefix}-indicators-INITIAL_FORMS"] = str(len(criterion.indicators))
        for m, indicator in enumerate(criterion.indicators):
            iprefix = f"{prefix}-indicators-{m}"
            data[f"{iprefix}-code"] = indicator.code
            data[f"{iprefix}-text"] = indicator.text
            data[f"{iprefix}-weight"] = points(indicator.weight)
            if indicator.excludes_others:
                data[f"{iprefix}-excludes_others"] = "on"
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


KNOCK_OUT_ON_3 = dataclasses.replace(DEFAULT_RUBRIC, cut_off=frozenset({"1", "2", "3"}))


class TestAccess:
    @pytest.mark.parametrize("name", ["scoring:rubric-list", "scoring:rubric-create"])
    def test_office_only(self, client, name, department_user, director_user, economy_user):
        url = reverse(name)
        assert client.get(url).status_code == 302
        for user in (department_user, director_user):
            client.force_login(user)
            assert client.get(url).status_code == 403
            assert client.post(url, editor_data(KNOCK_OUT_ON_3, "save")).status_code == 403
        client.force_login(economy_user)
        assert client.get(url).status_code == 200
        assert RubricVersion.objects.count() == 1

    def test_service_refuses_others(self, department_user):
        with pytest.raises(services.PermissionDenied):
            services.rubric_version_create(
                rubric=KNOCK_OUT_ON_3,
                title="т",
                basis="о",
                valid_from=datetime.date(2026, 12, 1),
                make_current=True,
                user=department_user,
            )

    def test_unknown_version_is_404(self, client, economy_user):
        client.force_login(economy_user)
        assert client.get(reverse("scoring:rubric-detail", args=[999])).status_code == 404


class TestEditor:
    def test_starts_from_the_version_in_force(self, client, economy_user):
        client.force_login(economy_user)
        content = client.get(CREATE).content.decode()
        assert 'name="criteria-TOTAL_FORMS" value="7"' in content
        assert 'value="Источники проблематики"' in content
        assert 'id="id_criteria-0-cut_off" checked' in content
        assert 'id="id_criteria-1-cut_off" checked' in content
        assert 'id="id_criteria-2-cut_off">' in content
        assert 'name="criteria-5-indicators-0-weight" value="1,5"' in content

    def test_preview_shows_changed_statuses_and_saves_nothing(self, client, project, economy_user, assess):
        assess(project, economy_user, choices=NOT_EVALUATED)
        assess(ProjectFactory(title="Проект с оценкой результатов"), economy_user)
        client.force_login(economy_user)
        response = client.post(CREATE, editor_data(KNOCK_OUT_ON_3))
        assert response.status_code == 200
        preview = response.context["preview"]
        assert preview.official_count == 2
        assert [(r.assessment.project, r.old_total, r.old_label, r.new_total, r.new_label) for r in preview.rows] == [
            (
                project,
                Decimal("5.5"),
                "региональный бережливый проект",
                Decimal("5.5"),
                "не может быть признан бережливым: 0 баллов по критерию 3 «Оценка результатов бережливого проекта»",
            )
        ]
        content = response.content.decode()
        assert "Как изменились бы действующие оценки" in content
        assert "по новой редакции изменился бы балл или статус у 1, статус — у 1" in content
        assert RubricVersion.objects.count() == 1

    def test_save_puts_the_version_in_force_and_old_assessments_keep_theirs(
        self, client, project, school_project, department_user, economy_user, assess
    ):
        old = assess(project, economy_user, choices=NOT_EVALUATED)
        client.force_login(economy_user)
        response = client.post(CREATE, editor_data(KNOCK_OUT_ON_3, "save"))
        version = RubricVersion.objects.get(number=2)
        assert response.url == reverse("scoring:rubric-detail", args=[version.pk])
        assert version.is_current and version.created_by == economy_user and version.created_at
        assert version.to_rubric() == KNOCK_OUT_ON_3
        # The office's version is its municipality's own: the regional default stays in force elsewhere.
        assert version.municipality == economy_user.municipality
        assert RubricVersion.objects.get(number=1).is_current
        assert RubricVersion.objects.current(economy_user.municipality) == version
        old.refresh_from_db()
        assert old.rubric_version.number == 1 and old.is_lean and old.status == "regional"
        new = assess(ProjectFactory(organisation=school_project.organisation), economy_user, choices=NOT_EVALUATED)
        assert new.rubric_version == version
        assert not new.is_lean and new.cut_off_codes == ["3"]

    def test_saved_but_not_in_force(self, client, economy_user):
        client.force_login(economy_user)
        client.post(CREATE, editor_data(KNOCK_OUT_ON_3, "save", make_current=None))
        assert RubricVersion.objects.current().number == 1
        assert not RubricVersion.objects.get(number=2).is_current

    def test_history_lists_versions_who_when_and_which_is_in_force(self, client, economy_user):
        client.force_login(economy_user)
        client.post(CREATE, editor_data(KNOCK_OUT_ON_3, "save"))
        response = client.get(reverse("scoring:rubric-list"))
        content = response.content.decode()
        versions = list(response.context["versions"])
        assert [v.number for v in versions] == [2, 1]
        assert "Порядок проведения оценки значимости (редакция 2)" in content
        assert economy_user.display_name in content
        assert "при установке портала" in content
        assert content.count('data-testid="current"') == 1
        detail = client.get(reverse("scoring:rubric-detail", args=[versions[0].pk])).content.decode()
        assert 'data-testid="cut-off-3"' in detail
        assert "действующая: новые оценки проводятся по ней" in detail

    def test_remove_a_criterion_and_lower_the_bands(self, client, economy_user):
        client.force_login(economy_user)
        data = editor_data(action="save", **{"criteria-6-DELETE": "on", "federal_from": "8,5", "regional_from": "4"})
        client.post(CREATE, data)
        rubric = RubricVersion.objects.current(economy_user.municipality).to_rubric()
        assert [c.code for c in rubric.criteria] == ["1", "2", "3", "4", "5", "6"]
        assert (rubric.federal_from, rubric.regional_from) == (Decimal("8.5"), Decimal(4))

    def test_add_an_indicator_row_keeps_what_was_typed(self, client, economy_user):
        client.force_login(economy_user)
        data = editor_data(action="add_indicator", title="Моя редакция", **{"criteria-2-name": "Оценка результатов"})
        data["add_indicator"] = "2"
        response = client.post(CREATE, data)
        content = response.content.decode()
        assert 'name="criteria-2-indicators-TOTAL_FORMS" value="4"' in content
        assert 'name="criteria-2-indicators-3-code"' in content
        assert 'value="Моя редакция"' in content and 'value="Оценка результатов"' in content
        assert "is-invalid" not in content

    def test_add_a_criterion_with_its_indicator(self, client, economy_user):
        client.force_login(economy_user)
        response = client.post(CREATE, editor_data(action="add_criterion"))
        assert 'name="criteria-7-code"' in response.content.decode()
        data = editor_data(
            action="save",
            **{
                "criteria-TOTAL_FORMS": "8",
                "criteria-7-code": "8",
                "criteria-7-name": "Вовлечённость сотрудников",
                "criteria-7-indicators-TOTAL_FORMS": "1",
                "criteria-7-indicators-INITIAL_FORMS": "0",
                "criteria-7-indicators-0-code": "8.1",
                "criteria-7-indicators-0-text": "Предложения сотрудников учтены",
                "criteria-7-indicators-0-weight": "0,5",
            },
        )
        client.post(CREATE, data)
        rubric = RubricVersion.objects.current(economy_user.municipality).to_rubric()
        assert rubric.criterion("8").indicator("8.1").weight == Decimal("0.5")
        assert rubric.max_total == Decimal("10.5")


class TestValidation:
    def post(self, client, user, **fields):
        client.force_login(user)
        response = client.post(CREATE, editor_data(KNOCK_OUT_ON_3, "save", **fields))
        assert response.status_code == 200
        assert RubricVersion.objects.count() == 1
        return response

    def test_weight_in_half_points(self, client, economy_user):
        response = self.post(client, economy_user, **{"criteria-3-indicators-1-weight": "0,3"})
        form = response.context["editor"].indicators[3][1]
        assert form.errors["weight"] == ["Баллы задаются с шагом 0,5 (например, 0; 0,5; 1; 1,5)."]
        content = response.content.decode()
        assert 'name="criteria-3-indicators-1-weight" value="0,3"' in content
        assert 'aria-invalid="true"' in content

    def test_indicator_code_starts_with_its_criterion(self, client, economy_user):
        response = self.post(client, economy_user, **{"criteria-2-indicators-0-code": "4.9"})
        form = response.context["editor"].indicators[2][0]
        assert form.errors["code"] == ["Код показателя должен начинаться с кода критерия и точки: «3.»."]

    def test_indicator_codes_are_unique(self, client, economy_user):
        response = self.post(client, economy_user, **{"criteria-2-indicators-1-code": "3.1"})
        assert response.context["editor"].indicators[2][1].errors["code"] == [
            "Показатель с кодом 3.1 уже есть в редакции."
        ]

    def test_criterion_codes_are_unique(self, client, economy_user):
        response = self.post(client, economy_user, **{"criteria-6-code": "6"})
        assert response.context["editor"].criteria[6].errors["code"] == ["Критерий с кодом 6 уже есть в редакции."]

    def test_a_criterion_needs_an_indicator(self, client, economy_user):
        fields = {f"criteria-4-indicators-{m}-DELETE": "on" for m in range(2)}
        response = self.post(client, economy_user, **fields)
        assert response.context["editor"].criteria[4].errors["name"] == [
            "У критерия 5 нет показателей: добавьте хотя бы один показатель."
        ]

    def test_regional_band_not_above_federal(self, client, economy_user):
        response = self.post(client, economy_user, regional_from="9", federal_from="8")
        assert response.context["editor"].version_form.errors["regional_from"] == [
            "Граница регионального статуса (9) не может быть выше границы федерального (8)."
        ]

    def test_federal_band_reachable(self, client, economy_user):
        response = self.post(client, economy_user, **{"criteria-6-DELETE": "on"})
        assert response.context["editor"].version_form.errors["federal_from"] == [
            "Федеральный статус недостижим: наибольший возможный общий балл по этой редакции — 8,5."
        ]

    def test_required_fields(self, client, economy_user):
        response = self.post(client, economy_user, title="", **{"criteria-1-name": ""})
        editor = response.context["editor"]
        assert editor.version_form.errors["title"] == ["Обязательное поле."]
        assert editor.criteria[1].errors["name"] == ["Обязательное поле."]

    def test_a_copy_of_the_version_in_force_is_refused(self, client, economy_user):
        client.force_login(economy_user)
        response = client.post(CREATE, editor_data(DEFAULT_RUBRIC, "save"))
        assert "Редакция не отличается от действующей редакции 1" in response.content.decode()
        assert RubricVersion.objects.count() == 1

    def test_empty_post_is_answered_with_errors(self, client, economy_user):
        client.force_login(economy_user)
        response = client.post(CREATE, {"save": "1"})
        assert response.status_code == 200
        assert RubricVersion.objects.count() == 1


# --- The correction of version 1 --------------------------------------------------------------


def misread_version_1() -> RubricVersion:
    """Version 1 as the first migration seeded it: all seven criteria knock out."""
    version = RubricVersion.objects.current()
    version.data = {**rubric_to_data(DEFAULT_RUBRIC), "cut_off": MISREAD_CUT_OFF}
    version.save()
    return version


class TestCorrection:
    @pytest.fixture
    def misread(self, project, school_project, other_project, economy_user, department_user, assess):
        misread_version_1()
        return {
            # 5.5 points with 0 on criterion 3: knocked out under the misreading, regional now.
            "regional": assess(project, economy_user, choices=NOT_EVALUATED),
            # 4.5 points with 0 on 3 and 5: municipal now.
            "municipal": assess(
                school_project,
                economy_user,
                choices={**NOT_EVALUATED, "5": ["5.2"]},
            ),
            # Knocked out on 2 and 5 before; on 2 alone now: still not lean, named differently.
            "cut": assess(other_project, economy_user, choices={**REGIONAL_7_5, "2": ["2.5"], "5": ["5.2"]}),
            # Unchanged: 7.5 regional.
            "same": assess(ProjectFactory(title="Без изменений"), economy_user),
        }

    def test_recomputes_and_records_the_changed_statuses(self, misread):
        before = {key: (a.is_lean, a.cut_off_codes) for key, a in misread.items()}
        assert before["regional"] == (False, ["3"])
        assert before["municipal"] == (False, ["3", "5"])

        assert correct_version_1(apps.get_model) == 3

        version = RubricVersion.objects.get(number=1)
        assert version.to_rubric() == DEFAULT_RUBRIC
        after = {key: Assessment.objects.get(pk=a.pk) for key, a in misread.items()}
        assert (after["regional"].status, after["regional"].total) == ("regional", Decimal("5.5"))
        assert (after["municipal"].status, after["municipal"].total) == ("municipal", Decimal("4.5"))
        assert after["cut"].cut_off_codes == ["2"] and not after["cut"].is_lean
        corrections = {c.assessment_id: c for c in StatusCorrection.objects.all()}
        # Still not lean (knocked out on 2 now, on 2 and 5 before): the status did not change.
        assert set(corrections) == {misread[k].pk for k in ("regional", "municipal")}
        municipal = corrections[misread["municipal"].pk]
        assert municipal.old_label.startswith("не может быть признан бережливым: 0 баллов по критериям 3")
        assert municipal.new_label == "муниципальный бережливый проект"
        # Run again (the migration applied twice, or version 1 already right): nothing more.
        assert correct_version_1(apps.get_model) == 0
        assert StatusCorrection.objects.count() == 2

    def test_a_version_1_set_otherwise_is_left_alone(self, misread):
        version = RubricVersion.objects.get(number=1)
        version.data = {**version.data, "cut_off": ["1", "2", "3"]}
        version.save()
        assert correct_version_1(apps.get_model) == 0
        assert not StatusCorrection.objects.exists()

    def test_the_office_sees_the_changes_once(self, client, misread, economy_user, department_user):
        correct_version_1(apps.get_model)
        client.force_login(department_user)
        assert "Статусы изменились после исправления" not in client.get(reverse("scoring:ranking")).content.decode()
        client.force_login(economy_user)
        response = client.get(reverse("scoring:ranking"))
        content = response.content.decode()
        assert "Статусы изменились после исправления методики оценки" in content
        assert content.count('data-testid="correction-row"') == 2
        assert "4,5 балла: муниципальный бережливый проект" in content
        up_to = max(StatusCorrection.objects.values_list("pk", flat=True))
        response = client.post(reverse("scoring:corrections-acknowledge"), {"up_to": up_to})
        assert response.url == reverse("scoring:ranking")
        assert "Статусы изменились после исправления" not in client.get(reverse("scoring:ranking")).content.decode()
        assert StatusCorrection.objects.filter(acknowledged_by=economy_user).count() == 2

    def test_only_the_office_acknowledges(self, client, misread, department_user):
        correct_version_1(apps.get_model)
        client.force_login(department_user)
        assert client.post(reverse("scoring:corrections-acknowledge")).status_code == 403
        assert StatusCorrection.objects.unacknowledged().count() == 2


def test_menu_and_ranking_link_only_for_the_office(client, department_user, economy_user):
    url = reverse("scoring:rubric-list")
    client.force_login(department_user)
    assert f'href="{url}"' not in client.get(reverse("scoring:ranking")).content.decode()
    client.force_login(economy_user)
    assert client.get(reverse("scoring:ranking")).content.decode().count(f'href="{url}"') == 2


def test_ranking_columns_follow_the_version_in_force(client, project, economy_user, assess):
    """An assessment of version 1 under the columns of a version without criterion 7."""
    assess(project, economy_user)
    six = dataclasses.replace(
        DEFAULT_RUBRIC, criteria=DEFAULT_RUBRIC.criteria[:6], federal_from=Decimal("8.5"), regional_from=Decimal(4)
    )
    services.rubric_version_create(
        rubric=six,
        title="Шесть",
        basis="Р",
        valid_from=datetime.date(2026, 12, 1),
        make_current=True,
        user=economy_user,
    )
    client.force_login(economy_user)
    content = client.get(reverse("scoring:ranking")).content.decode()
    row = content[content.index(project.title) :].split("</tr>")[0]
    assert row.count('<td class="text-end">') == 6
    assert "от 8,5 баллов — значимый федеральный, от 4 — региональный" in content
