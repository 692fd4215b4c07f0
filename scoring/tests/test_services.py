"""Assessment workflow: who may assess (4.2, 4.6), drafts, agreement, the official status."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from orgs.models import User
from orgs.tests.factories import EmployeeFactory, UserFactory
from projects.models import Project
from scoring import services
from scoring.models import Assessment, RubricVersion
from scoring.rubric import DEFAULT_RUBRIC, rubric_to_data
from scoring.tests.conftest import FEDERAL_10, REGIONAL_7_5, justify

pytestmark = pytest.mark.django_db


class TestRubricVersion:
    def test_migration_seeds_version_1_from_the_default_rubric(self):
        version = RubricVersion.objects.current()
        assert version.number == 1
        assert version.to_rubric() == DEFAULT_RUBRIC
        assert "969" in version.basis

    def test_an_emptied_table_is_seeded_again(self):
        RubricVersion.objects.all().delete()
        assert RubricVersion.objects.current().to_rubric() == DEFAULT_RUBRIC

    def test_no_current_version_among_several_is_explained(self):
        RubricVersion.objects.update(is_current=False)
        with pytest.raises(RubricVersion.DoesNotExist, match="Не задана действующая редакция"):
            RubricVersion.objects.current()

    def test_a_used_version_cannot_change(self, project, economy_user, assess):
        assess(project, economy_user)
        version = RubricVersion.objects.current()
        data = rubric_to_data(DEFAULT_RUBRIC)
        data["criteria"][0]["indicators"][0]["weight"] = "0.5"
        version.data = data
        with pytest.raises(ValidationError, match="уже проведены оценки"):
            version.full_clean()

    def test_malformed_data_is_refused_on_the_field(self):
        version = RubricVersion(number=2, title="Т", basis="Б", valid_from=datetime.date(2025, 1, 1), data={"x": 1})
        with pytest.raises(ValidationError) as info:
            version.full_clean()
        assert "data" in info.value.message_dict

    def test_assessment_stays_reproducible_under_a_new_version(self, project, economy_user, assess):
        assessment = assess(project, economy_user)
        old = RubricVersion.objects.current()
        old.is_current = False
        old.save()
        data = rubric_to_data(DEFAULT_RUBRIC)
        data["criteria"][2]["indicators"][0]["weight"] = "1"  # 3.1 worth 1 in the "new decree"
        RubricVersion.objects.create(
            number=2, title="Новая", basis="—", valid_from=datetime.date(2026, 1, 1), is_current=True, data=data
        )
        assessment.refresh_from_db()
        assert assessment.rubric_version == old
        result = assessment.evaluate()
        assert result.total == assessment.total == Decimal("7.5")
        assert result.status == assessment.status == "regional"


class TestWhoMayAssess:
    def test_untrained_user_is_refused_with_the_reason(self, school_project, school_user, assess):
        with pytest.raises(services.AssessmentRefused, match="прошедшими обязательное обучение"):
            assess(school_project, school_user)
        assert not Assessment.objects.exists()

    def test_user_without_employee_is_refused(self, project, admin_user_portal):
        assert "не связана с сотрудником" in services.assessment_refusal(admin_user_portal, project)

    def test_trained_staff_self_assess_their_own_project(self, project, department_user, assess):
        assessment = assess(project, department_user)
        assert assessment.kind == Assessment.Kind.SELF
        assert assessment.state == Assessment.State.SUBMITTED
        assert assessment.submitted_at is not None
        assert assessment.assessor_employee == department_user.employee

    def test_trained_staff_may_not_assess_a_subordinate_s_project(self, school_project, department_user, assess):
        with pytest.raises(services.AssessmentRefused, match="оценивает управление экономического развития"):
            assess(school_project, department_user)

    def test_trained_staff_may_not_assess_another_organisation_s_project(self, other_project, department_user):
        assert "других организаций" in services.assessment_refusal(department_user, other_project)

    def test_office_assesses_any_project(self, other_project, economy_user, assess):
        assessment = assess(other_project, economy_user)
        assert assessment.kind == Assessment.Kind.OFFICE
        assert assessment.state == Assessment.State.AGREED

    def test_untrained_office_specialist_is_refused(self, project, economy_office, assess):
        user = UserFactory(role=User.Role.ECONOMY, employee=EmployeeFactory(organisation=economy_office))
        with pytest.raises(services.AssessmentRefused, match="обучение"):
            assess(project, user)

    @pytest.mark.parametrize("state", [Project.State.DRAFT, Project.State.SUBMITTED, Project.State.RETURNED])
    def test_unapproved_project_is_not_assessed(self, project, economy_user, state):
        project.state = state
        project.save()
        assert "утверждённых проектов" in services.assessment_refusal(economy_user, project)


class TestSaving:
    def test_stores_result_scores_indicators_and_justifications(self, project, economy_user, assess):
        with_time = datetime.date(2025, 5, 20)
        assessment = assess(project, economy_user, today=with_time)
        assert assessment.total == Decimal("7.5")
        assert assessment.status == "regional"
        assert assessment.is_lean
        assert assessment.status_label == "региональный бережливый проект"
        assert assessment.assessed_on == with_time
        assert assessment.choices() == REGIONAL_7_5
        assert assessment.justifications()["3"] == "Подтверждено документами по критерию 3."
        scores = {c.code: c.score for c in assessment.criteria.all()}
        assert scores == {"1": 1, "2": 1, "3": 2, "4": 1, "5": 1, "6": Decimal("0.5"), "7": 1}

    def test_cut_off_is_stored_and_named(self, project, economy_user, assess):
        choices = {**REGIONAL_7_5, "2": ["2.5"]}
        assessment = assess(project, economy_user, choices=choices)
        assert not assessment.is_lean
        assert assessment.status == ""
        assert assessment.cut_off_codes == ["2"]
        assert (
            assessment.status_label
            == "не может быть признан бережливым: 0 баллов по критерию 2 «Источники проблематики»"
        )

    def test_a_zero_on_criterion_5_lowers_the_score_only(self, project, economy_user, assess):
        assessment = assess(project, economy_user, choices={**REGIONAL_7_5, "5": ["5.2"]})
        assert assessment.is_lean
        assert assessment.total == Decimal("6.5")
        assert assessment.status == "regional"

    def test_justification_required_for_every_chosen_criterion_on_submit(self, project, economy_user):
        justifications = justify(REGIONAL_7_5)
        del justifications["4"]
        justifications["6"] = "   "
        with pytest.raises(ValidationError) as info:
            services.assessment_save(
                project=project, user=economy_user, choices=REGIONAL_7_5, justifications=justifications, submit=True
            )
        assert set(info.value.message_dict) == {"justification_4", "justification_6"}
        assert "Обоснуйте оценку по критерию 4" in info.value.message_dict["justification_4"][0]
        assert not Assessment.objects.exists()

    def test_no_justification_needed_where_nothing_chosen(self, project, economy_user):
        choices = {"1": ["1.1"]}
        assessment = services.assessment_save(
            project=project, user=economy_user, choices=choices, justifications=justify(choices), submit=True
        )
        assert assessment.cut_off_codes == ["2"]

    def test_draft_needs_no_justification_and_is_continued(self, project, department_user):
        first = services.assessment_save(
            project=project, user=department_user, choices={"1": ["1.1"]}, justifications={}, submit=False
        )
        assert first.state == Assessment.State.DRAFT
        second = services.assessment_save(
            project=project,
            user=department_user,
            choices=REGIONAL_7_5,
            justifications=justify(REGIONAL_7_5),
            submit=True,
        )
        assert second.pk == first.pk
        assert second.state == Assessment.State.SUBMITTED
        assert Assessment.objects.count() == 1
        assert second.choices() == REGIONAL_7_5

    def test_wrong_codes_are_a_validation_error(self, project, economy_user):
        with pytest.raises(ValidationError, match="относится к критерию 6"):
            services.assessment_save(
                project=project, user=economy_user, choices={"7": ["6.1"]}, justifications={}, submit=False
            )


class TestAgreement:
    def test_office_agrees_a_self_assessment_which_becomes_official(
        self, project, department_user, economy_user, assess
    ):
        own = assess(project, department_user)
        services.assessment_agree(assessment=own, user=economy_user, comment="Согласовано.")
        own.refresh_from_db()
        assert own.state == Assessment.State.AGREED
        assert own.decided_by == economy_user
        assert own.decision_comment == "Согласовано."
        assert list(Assessment.objects.official()) == [own]

    def test_only_the_office_agrees(self, project, department_user, director_user, assess):
        own = assess(project, department_user)
        with pytest.raises(services.AssessmentRefused):
            services.assessment_agree(assessment=own, user=director_user)

    def test_a_draft_cannot_be_agreed(self, project, department_user, economy_user, assess):
        own = assess(project, department_user, submit=False)
        with pytest.raises(ValidationError, match="направленную на согласование"):
            services.assessment_agree(assessment=own, user=economy_user)

    def test_office_own_assessment_replaces_the_waiting_one_and_both_are_kept(
        self, project, department_user, economy_user, assess
    ):
        own = assess(project, department_user, choices=FEDERAL_10)
        office = assess(project, economy_user)
        own.refresh_from_db()
        assert own.state == Assessment.State.REPLACED
        assert own.replaced_by == office
        assert own.decided_by == economy_user
        assert own.total == 10  # kept as it was
        assert office.state == Assessment.State.AGREED
        assert list(Assessment.objects.official()) == [office]
        assert [h.state for h in own.history.order_by("history_date")][-2:] == ["submitted", "replaced"]

    def test_a_new_official_assessment_replaces_the_previous(self, project, economy_user, assess):
        first = assess(project, economy_user)
        second = assess(project, economy_user, choices=FEDERAL_10)
        first.refresh_from_db()
        assert first.state == Assessment.State.REPLACED
        assert second.state == Assessment.State.AGREED
        assert Assessment.objects.official().get(project=project) == second

    def test_a_second_self_assessment_supersedes_the_waiting_one(self, project, department_user, assess):
        first = assess(project, department_user)
        second = assess(project, department_user, choices=FEDERAL_10)
        first.refresh_from_db()
        assert first.state == Assessment.State.REPLACED
        assert second.state == Assessment.State.SUBMITTED
        assert Assessment.objects.awaiting_agreement().get() == second


class TestMakerChecker:
    """Nobody agrees what they assessed; the office's own project is agreed by a second office member."""

    def test_the_offices_own_project_is_a_self_assessment_agreed_by_another_member(
        self, economy_office, economy_user, assess
    ):
        from scoring.tests.factories import ProjectFactory

        project = ProjectFactory(organisation=economy_office, title="Электронный документооборот управления")
        mine = assess(project, economy_user)
        assert (mine.kind, mine.state) == (Assessment.Kind.SELF, Assessment.State.SUBMITTED)
        with pytest.raises(ValidationError, match="подали сами"):
            services.assessment_agree(assessment=mine, user=economy_user)
        second = UserFactory(
            username="economy2",
            role=User.Role.ECONOMY,
            employee=EmployeeFactory(organisation=economy_office, lean_basics_completed_on=datetime.date(2023, 3, 1)),
        )
        services.assessment_agree(assessment=mine, user=second)
        mine.refresh_from_db()
        assert mine.state == Assessment.State.AGREED and mine.decided_by == second

    def test_the_office_still_assesses_other_projects_officially(self, project, economy_user, assess):
        assessment = assess(project, economy_user)
        assert (assessment.kind, assessment.state) == (Assessment.Kind.OFFICE, Assessment.State.AGREED)
