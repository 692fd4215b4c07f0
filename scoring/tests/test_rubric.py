"""The rubric of Приложение №2 and the rule of section 5 (``scoring.rubric.evaluate``)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.rubric import (
    DEFAULT_RUBRIC,
    FEDERAL,
    MUNICIPAL,
    REGIONAL,
    Rubric,
    evaluate,
    evaluate_codes,
    rubric_from_data,
    rubric_to_data,
)

D = Decimal

# The weights of DOMAIN.md's table, indicator by indicator.
EXPECTED_WEIGHTS = {
    "1.1": "1", "1.2": "1", "1.3": "1", "1.4": "1", "1.5": "1", "1.6": "0",
    "2.1": "1", "2.2": "1", "2.3": "1", "2.4": "1", "2.5": "0",
    "3.1": "2", "3.2": "1", "3.3": "0",
    "4.1": "2", "4.2": "1",
    "5.1": "1", "5.2": "0",
    "6.1": "1.5", "6.2": "1", "6.3": "0.5",
    "7.1": "1.5", "7.2": "1", "7.3": "0.5",
}  # fmt: skip

# A full lean project: every criterion at its best (10 points).
BEST = {"1": ["1.1"], "2": ["2.1"], "3": ["3.1"], "4": ["4.1"], "5": ["5.1"], "6": ["6.1"], "7": ["7.1"]}


def with_(**changes) -> dict:
    choices = dict(BEST)
    choices.update({k.lstrip("c"): v for k, v in changes.items()})
    return choices


class TestDefaultRubric:
    def test_seven_criteria_with_the_decree_codes(self):
        assert [c.code for c in DEFAULT_RUBRIC.criteria] == ["1", "2", "3", "4", "5", "6", "7"]
        codes = [i.code for c in DEFAULT_RUBRIC.criteria for i in c.indicators]
        assert codes == list(EXPECTED_WEIGHTS)

    def test_wording_is_the_decree_s(self):
        assert DEFAULT_RUBRIC.criterion("6").name == "Тиражирование бережливых проектов"
        assert DEFAULT_RUBRIC.criterion("1").indicator("1.2").text == (
            "Влияет на достижение целей стратегии социально-экономического развития Кемеровской области - Кузбасса"
        )
        assert DEFAULT_RUBRIC.criterion("7").indicator("7.3").text == "Решены проблемы местного уровня"

    def test_criteria_1_and_2_knock_out_by_default(self):
        assert frozenset({"1", "2"}) == DEFAULT_RUBRIC.cut_off
        assert DEFAULT_RUBRIC.cut_off_codes == ("1", "2")

    def test_levels_are_exclusive_and_sources_are_not(self):
        assert [c.multiple for c in DEFAULT_RUBRIC.criteria] == [True, True, True, True, False, False, False]

    def test_max_total_is_ten(self):
        assert DEFAULT_RUBRIC.max_total == D(10)

    def test_round_trip_through_data(self):
        assert rubric_from_data(rubric_to_data(DEFAULT_RUBRIC)) == DEFAULT_RUBRIC

    def test_malformed_data_is_a_value_error(self):
        with pytest.raises(ValueError, match="неверно"):
            rubric_from_data({"criteria": [{"code": "1"}]})

    def test_weight_must_be_a_multiple_of_a_half(self):
        data = rubric_to_data(DEFAULT_RUBRIC)
        data["criteria"][0]["indicators"][0]["weight"] = "0.3"
        with pytest.raises(ValueError, match="кратным 0,5"):
            rubric_from_data(data)

    def test_a_rubric_needs_criteria(self):
        with pytest.raises(ValueError, match="нет ни одного критерия"):
            rubric_from_data({"criteria": [], "cut_off": []})

    def test_cut_off_must_name_existing_criteria(self):
        with pytest.raises(ValueError, match="Отсекающие критерии 9"):
            dataclasses.replace(DEFAULT_RUBRIC, cut_off=frozenset({"9"}))


class TestEveryIndicator:
    @pytest.mark.parametrize(("code", "weight"), EXPECTED_WEIGHTS.items())
    def test_indicator_scores_its_weight(self, code, weight):
        criterion = code.split(".")[0]
        result = evaluate({criterion: [code]})
        assert result.scores[criterion] == D(weight)
        assert result.total == D(weight)
        assert all(score == 0 for c, score in result.scores.items() if c != criterion)


class TestMaxNotSum:
    def test_several_targets_score_one_not_five(self):
        result = evaluate(with_(c1=["1.1", "1.2", "1.3", "1.4", "1.5"]))
        assert result.scores["1"] == D(1)
        assert result.total == D(10)

    def test_external_and_internal_evaluation_score_two(self):
        assert evaluate(with_(c3=["3.1", "3.2"])).scores["3"] == D(2)

    def test_both_justifications_score_two_not_three(self):
        assert evaluate(with_(c4=["4.1", "4.2"])).scores["4"] == D(2)

    def test_lower_alone_scores_lower(self):
        assert evaluate(with_(c4=["4.2"])).scores["4"] == D(1)

    def test_nothing_chosen_scores_zero(self):
        result = evaluate({})
        assert result.total == D(0)
        assert set(result.scores) == set("1234567")
        assert all(score == 0 for score in result.scores.values())


class TestCutOff:
    @pytest.mark.parametrize("criterion", ["1", "2"])
    def test_nothing_in_a_knock_out_criterion_cuts_off(self, criterion):
        choices = with_()
        del choices[criterion]
        result = evaluate(choices)
        assert not result.is_lean
        assert result.status is None
        assert result.cut_off_by == (criterion,)
        name = DEFAULT_RUBRIC.criterion(criterion).name
        assert result.status_label == f"не может быть признан бережливым: 0 баллов по критерию {criterion} «{name}»"

    @pytest.mark.parametrize("criterion", ["3", "4", "5", "6", "7"])
    def test_nothing_in_another_criterion_lowers_the_score_only(self, criterion):
        choices = with_()
        del choices[criterion]
        result = evaluate(choices)
        assert result.is_lean
        assert result.cut_off_by == ()
        assert result.total == D(10) - DEFAULT_RUBRIC.criterion(criterion).max_weight

    @pytest.mark.parametrize("indicator", ["1.6", "2.5"])
    def test_zero_indicator_of_a_knock_out_criterion_cuts_off(self, indicator):
        criterion = indicator[0]
        result = evaluate(with_(**{f"c{criterion}": [indicator]}))
        assert result.cut_off_by == (criterion,)
        assert not result.is_lean
        assert result.status is None

    @pytest.mark.parametrize("indicator", ["3.3", "5.2"])
    def test_zero_indicator_of_criterion_3_or_5_does_not_cut_off(self, indicator):
        result = evaluate(with_(**{f"c{indicator[0]}": [indicator]}))
        assert result.is_lean
        assert result.cut_off_by == ()

    def test_knock_out_on_1_at_nine_points(self):
        # 0 (1.6) + 1 + 2 + 2 + 1 + 1.5 + 1.5 = 9 points, yet not lean: criterion 1 knocks out.
        result = evaluate(with_(c1=["1.6"]))
        assert result.total == D(9)
        assert not result.is_lean
        assert result.status is None
        assert result.cut_off_by == ("1",)
        assert result.status_label == (
            "не может быть признан бережливым: 0 баллов по критерию 1 "
            "«Влияние на достижение минимум одного целевого показателя»"
        )

    def test_knock_out_on_2_names_criterion_2(self):
        # 1 + 0 (2.5) + 2 + 2 + 1 + 1.5 + 1.5 = 9 points, not lean.
        result = evaluate(with_(c2=["2.5"]))
        assert result.total == D(9)
        assert result.cut_off_by == ("2",)
        assert (
            result.status_label == "не может быть признан бережливым: 0 баллов по критерию 2 «Источники проблематики»"
        )

    def test_several_cut_offs_are_all_named(self):
        result = evaluate(with_(c1=["1.6"], c2=["2.5"], c5=["5.2"]))
        assert result.cut_off_by == ("1", "2")
        assert "по критериям 1 «Влияние на достижение минимум одного целевого показателя», 2 «Источники" in (
            result.status_label
        )

    def test_a_version_can_knock_out_on_more_criteria(self):
        rubric = dataclasses.replace(DEFAULT_RUBRIC, cut_off=frozenset({"1", "2", "3"}))
        result = evaluate(with_(c3=["3.3"]), rubric)
        assert result.cut_off_by == ("3",)
        assert "0 баллов по критерию 3 «Оценка результатов бережливого проекта»" in result.status_label

    def test_narrowed_cut_off_lets_a_low_project_be_municipal(self):
        rubric = dataclasses.replace(DEFAULT_RUBRIC, cut_off=frozenset({"1", "2"}))
        result = evaluate({"1": ["1.1"], "2": ["2.2"], "7": ["7.3"]}, rubric)
        assert result.is_lean
        assert result.total == D("2.5")
        assert result.status == MUNICIPAL
        assert result.status_label == "муниципальный бережливый проект"


class TestStatusBoundaries:
    def test_ten_is_federal(self):
        result = evaluate(BEST)
        assert result.total == D(10)
        assert result.status == FEDERAL
        assert result.status_label == "значимый федеральный бережливый проект"

    def test_nine_and_a_half_is_regional(self):
        result = evaluate(with_(c7=["7.2"]))
        assert result.total == D("9.5")
        assert result.status == REGIONAL
        assert result.status_label == "региональный бережливый проект"

    def test_four_and_a_half_points_is_municipal(self):
        # 1.1 → 1, 2.1 → 1, 3.3 → 0, 4.2 → 1, 5.2 → 0, 6.3 → 0.5, 7.2 → 1: 4.5 points, lean.
        choices = {"1": ["1.1"], "2": ["2.1"], "3": ["3.3"], "4": ["4.2"], "5": ["5.2"], "6": ["6.3"], "7": ["7.2"]}
        result = evaluate(choices)
        assert result.total == D("4.5")
        assert result.is_lean
        assert result.status == MUNICIPAL
        assert result.status_label == "муниципальный бережливый проект"

    def test_zero_on_criterion_5_at_nine_points_is_regional(self):
        # 1 + 1 + 2 (3.1) + 2 (4.1) + 0 (5.2) + 1.5 (6.1) + 1.5 (7.1) = 9.
        result = evaluate(with_(c5=["5.2"]))
        assert result.total == D(9)
        assert result.scores["5"] == 0
        assert result.is_lean
        assert result.status == REGIONAL
        assert result.status_label == "региональный бережливый проект"

    def test_graded_criteria_score_their_highest_chosen_level(self):
        # Criterion 3: external (2) and internal (1) evaluation both true → 2, not 3.
        result = evaluate({"1": ["1.1"], "2": ["2.1"], "3": ["3.1", "3.2"], "6": ["6.2"], "7": ["7.3"]})
        assert result.scores["3"] == D(2)
        assert result.total == D("5.5")
        assert result.status == REGIONAL

    @pytest.mark.parametrize(
        ("choices", "total", "expected"),
        [
            ({"1": ["1.1"], "2": ["2.1"], "3": ["3.1"], "4": ["4.2"]}, "5", REGIONAL),
            ({"1": ["1.1"], "2": ["2.1"], "3": ["3.1"], "7": ["7.3"]}, "4.5", MUNICIPAL),
            ({"1": ["1.1"], "2": ["2.1"]}, "2", MUNICIPAL),
        ],
    )
    def test_five_and_four_and_a_half_with_cut_off_narrowed_to_1_and_2(self, choices, total, expected):
        rubric = dataclasses.replace(DEFAULT_RUBRIC, cut_off=frozenset({"1", "2"}))
        result = evaluate(choices, rubric)
        assert result.total == D(total)
        assert result.status == expected

    def test_nothing_at_all_without_cut_off_is_municipal_zero(self):
        result = evaluate({}, dataclasses.replace(DEFAULT_RUBRIC, cut_off=frozenset()))
        assert result.total == 0
        assert result.status == MUNICIPAL


class TestErrors:
    def test_unknown_criterion(self):
        with pytest.raises(ValueError, match="Неизвестный критерий «8»"):
            evaluate({"8": ["8.1"]})

    def test_unknown_indicator(self):
        with pytest.raises(ValueError, match=r"Неизвестный показатель «1\.9» в критерии 1"):
            evaluate({"1": ["1.9"]})

    def test_indicator_under_the_wrong_criterion(self):
        with pytest.raises(ValueError, match=r"Показатель 6\.1 относится к критерию 6, а не к критерию 7"):
            evaluate({"7": ["6.1"]})

    def test_two_levels_of_an_exclusive_criterion(self):
        with pytest.raises(ValueError, match="По критерию 6 «Тиражирование бережливых проектов» выбирается один"):
            evaluate({"6": ["6.1", "6.3"]})

    def test_none_of_the_above_with_another(self):
        with pytest.raises(ValueError, match=r"Показатель 2\.5 «Ничего из вышеперечисленного» не выбирается вместе"):
            evaluate({"2": ["2.1", "2.5"]})

    def test_result_is_immutable(self):
        result = evaluate(BEST)
        with pytest.raises(dataclasses.FrozenInstanceError):
            result.total = D(0)
        with pytest.raises(TypeError):
            result.scores["1"] = D(0)

    def test_a_single_code_as_string_is_accepted(self):
        assert evaluate({"6": "6.2"}).scores["6"] == D(1)


# --- Property: totals stay in 0..10 in steps of 0.5 -----------------------------------


def choices_for(rubric: Rubric):
    """Valid choices: subsets of the positive indicators, or the "none" one alone."""
    per_criterion = {}
    for criterion in rubric.criteria:
        codes = [i.code for i in criterion.indicators]
        if criterion.multiple:
            positive = [i.code for i in criterion.indicators if not i.excludes_others]
            none = [[i.code] for i in criterion.indicators if i.excludes_others]
            per_criterion[criterion.code] = st.one_of(
                st.lists(st.sampled_from(positive), unique=True), st.sampled_from(none or [[]])
            )
        else:
            per_criterion[criterion.code] = st.one_of(st.just([]), st.sampled_from(codes).map(lambda c: [c]))
    return st.fixed_dictionaries({}, optional=per_criterion)


def assert_sane(result, rubric):
    assert D(0) <= result.total <= D(10)
    assert result.total % D("0.5") == 0
    assert result.total == sum(result.scores.values())
    assert result.is_lean == (result.status is not None)
    assert result.is_lean == (not result.cut_off_by)
    if result.is_lean:
        assert result.status == (FEDERAL if result.total == 10 else REGIONAL if result.total >= 5 else MUNICIPAL)
    assert set(result.cut_off_by) <= rubric.cut_off


@given(choices_for(DEFAULT_RUBRIC))
def test_totals_stay_in_range_in_half_steps(choices):
    result = evaluate(choices)
    assert_sane(result, DEFAULT_RUBRIC)
    if result.is_lean:
        assert result.total >= 2  # criteria 1 and 2 score at least 1 each


NARROWED = dataclasses.replace(DEFAULT_RUBRIC, cut_off=frozenset({"1", "2"}))
ALL_SEVEN = dataclasses.replace(DEFAULT_RUBRIC, cut_off=frozenset("1234567"))


@given(choices_for(ALL_SEVEN))
def test_knocking_out_on_all_seven_would_leave_municipal_unreachable(choices):
    result = evaluate(choices, ALL_SEVEN)
    assert result.status != MUNICIPAL


@given(choices_for(NARROWED))
def test_totals_with_narrowed_cut_off(choices):
    assert_sane(evaluate(choices, NARROWED), NARROWED)


def test_default_rubric_reaches_every_status():
    assert NARROWED == DEFAULT_RUBRIC
    statuses = {
        evaluate(c).status
        for c in ({"1": ["1.1"], "2": ["2.1"]}, with_(c7=["7.2"]), BEST, {"1": ["1.6"], "2": ["2.1"]})
    }
    assert statuses == {MUNICIPAL, REGIONAL, FEDERAL, None}


class TestEvaluateCodes:
    def test_codes_count_under_the_criterion_that_holds_them(self):
        result = evaluate_codes(["1.1", "1.4", "2.2", "3.1", "3.2", "5.2"], DEFAULT_RUBRIC)
        assert result.scores["1"] == D(1)
        assert result.scores["3"] == D(2)
        assert result.total == D(4)
        assert result.status == MUNICIPAL

    def test_codes_the_rubric_lacks_count_for_nothing(self):
        rubric = dataclasses.replace(DEFAULT_RUBRIC, criteria=DEFAULT_RUBRIC.criteria[:6], cut_off=frozenset({"1"}))
        result = evaluate_codes(["1.1", "7.1", "9.9"], rubric)
        assert result.total == D(1)
        assert "7" not in result.scores
