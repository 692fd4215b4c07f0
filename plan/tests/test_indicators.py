"""Every indicator computed on the hand-built district of ``conftest.py``.

The expected figures are worked out here from the records listed in the fixture.
"""

from decimal import Decimal

import pytest

from plan.indicators import DEFINITIONS, Value

pytestmark = pytest.mark.django_db
YEARS = [2021, 2022, 2023, 2024]


def compute(key):
    return DEFINITIONS[key].compute(YEARS)


def records(key, year, organisation=None):
    return set(DEFINITIONS[key].records(year, organisation))


def share(n, d):
    return Decimal(n * 1000 // d if (n * 1000) % d * 2 < d else n * 1000 // d + 1) / 10


def test_share_helper_rounds_half_up():
    assert share(1, 3) == Decimal("33.3") and share(2, 3) == Decimal("66.7") and share(1, 2) == Decimal("50.0")


def test_1_1_projects_implemented_in_the_year(district):
    o = district
    actual = compute("projects_implemented")
    # 2023: p1, p2 (A), p6 (U), p7 (D, 31 December), p8 (E, inactive but implemented), p10 (T);
    # p9 has a closing date but is still in progress, p4 is not closed.
    assert [actual.for_year(y).value for y in YEARS] == [0, 1, 6, 1]
    assert actual.for_organisation(2023, o.A.pk).value == 2
    assert actual.for_organisation(2023, o.U.pk).value == 1
    assert actual.for_organisation(2023, o.B.pk).value == 0
    assert actual.for_organisation(2024, o.C.pk).value == 1
    assert records("projects_implemented", 2023) == {o.p1, o.p2, o.p6, o.p7, o.p8, o.p10}
    assert records("projects_implemented", 2023, o.A) == {o.p1, o.p2}


def test_1_2_suggestions_implemented_in_the_year(district):
    o = district
    actual = compute("suggestions_implemented")
    # 2023: s1, s2 (A), s5 (U); s6 has a date but was rejected, s3 is only accepted.
    assert [actual.for_year(y).value for y in YEARS] == [0, 1, 3, 0]
    assert actual.for_organisation(2023, o.A.pk).value == 2
    assert actual.for_organisation(2023, o.B.pk).value == 0
    assert records("suggestions_implemented", 2023) == {o.s1, o.s2, o.s5}
    assert records("suggestions_implemented", 2022, o.C) == {o.s4}


def test_1_3_share_of_subordinates_with_projects_since_the_plan_began(district):
    o = district
    actual = DEFINITIONS["subordinates_with_projects_share"].actuals(YEARS, since=2022)
    # Base: active subordinates A, B, T (of U) and C (of V) = 4; E is inactive; D is a territorial department
    # with no parent unit (not an institution), U, V, O are structural units.
    # From 1 January 2022 (the plan's start) to the end of 2022: none (p3 is the unit's own);
    # to the end of 2023: A and T; to the end of 2024: A, T and C (p5). 2021 is before the plan began.
    assert [actual.for_year(y) for y in YEARS] == [Value(0, 4), Value(0, 4), Value(2, 4), Value(3, 4)]
    assert actual.for_year(2023).value == Decimal("50.0")
    assert actual.for_year(2022).value == Decimal("0.0")
    # Per unit: among its own subordinates.
    assert actual.for_organisation(2023, o.U.pk).value == share(2, 3)
    assert actual.for_organisation(2024, o.V.pk).value == Decimal("100.0")
    # An organisation without subordinates has no share at all.
    assert actual.for_organisation(2023, o.D.pk).value is None
    base = DEFINITIONS["subordinates_with_projects_share"].rows(2023, None, since=2022)
    assert {org: org.counted for org in base} == {o.A: True, o.B: False, o.T: True, o.C: False}
    evidence = set(DEFINITIONS["subordinates_with_projects_share"].evidence_rows(2023, None, since=2022))
    assert evidence == {o.p1, o.p2, o.p10}
    # Read from 2023 only, the same 2023 share; from 2024, only C.
    assert DEFINITIONS["subordinates_with_projects_share"].actuals([2024], since=2024).for_year(2024) == Value(1, 4)


def test_1_4_share_of_institutions_with_suggestions_since_the_plan_began(district):
    o = district
    actual = DEFINITIONS["institutions_with_suggestions_share"].actuals(YEARS, since=2022)
    # Base: active institutions A, B, C = 3 (T is territorial, E inactive).
    # 2022: C (s4, 31 December 2022); to the end of 2023: A (s1, s2) and C; 2024 adds none — still A and C.
    assert [actual.for_year(y) for y in YEARS] == [Value(0, 3), Value(1, 3), Value(2, 3), Value(2, 3)]
    assert actual.for_year(2023).value == share(2, 3) == Decimal("66.7")
    assert actual.for_organisation(2023, o.U.pk).value == Decimal("50.0")
    assert actual.for_organisation(2023, o.V.pk).value == Decimal("100.0")
    base = DEFINITIONS["institutions_with_suggestions_share"].rows(2023, o.U, since=2022)
    assert {org: org.counted for org in base} == {o.A: True, o.B: False}
    evidence = set(DEFINITIONS["institutions_with_suggestions_share"].evidence_rows(2023, None, since=2022))
    assert evidence == {o.s1, o.s2, o.s4}


def test_1_5_share_of_replicated_projects(district):
    o = district
    actual = compute("replicated_projects_share")
    # 2023: p1 (outside source) and p6 (repeats p3) among the six implemented.
    assert actual.for_year(2023) == Value(2, 6)
    assert actual.for_year(2023).value == Decimal("33.3")
    assert actual.for_year(2022).value == Decimal("0.0")
    # No project implemented in 2021: no data, not 0 % and no division by zero.
    assert actual.for_year(2021).value is None
    assert actual.for_organisation(2023, o.A.pk).value == Decimal("50.0")
    assert actual.for_organisation(2023, o.U.pk).value == Decimal("100.0")
    assert actual.for_organisation(2023, o.B.pk).value is None
    base = DEFINITIONS["replicated_projects_share"].records(2023, None)
    assert {p for p in base if p.counted} == {o.p1, o.p6}
    assert len(base) == 6


def test_2_1_people_trained_in_lean_basics(district):
    o = district
    actual = compute("lean_basics_trained")
    # 2023: e1 (twice, counted once) and e4; e3 has not finished; e5 took another course.
    assert [actual.for_year(y).value for y in YEARS] == [0, 1, 2, 0]
    assert actual.for_organisation(2023, o.A.pk).value == 1
    assert actual.for_organisation(2023, o.U.pk).value == 1
    people = DEFINITIONS["lean_basics_trained"].records(2023, None)
    assert set(people) == {o.e1, o.e4}
    assert people.count() == 2


def test_2_2_people_trained_at_the_office_factory(district):
    o = district
    actual = compute("office_factory_trained")
    assert [actual.for_year(y).value for y in YEARS] == [0, 0, 1, 0]
    assert actual.for_organisation(2023, o.U.pk).value == 1
    assert records("office_factory_trained", 2023, o.U) == {o.e4}


def test_3_1_model_sites(district):
    o = district
    actual = compute("model_sites")
    assert [actual.for_year(y).value for y in YEARS] == [0, 0, 1, 1]
    assert records("model_sites", 2024) == {o.m2}


def test_3_2_surveys(district):
    o = district
    actual = compute("surveys")
    assert [actual.for_year(y).value for y in YEARS] == [0, 1, 2, 0]
    assert actual.for_organisation(2023, o.B.pk).value == 2
    assert records("surveys", 2023, o.B) == {o.v1, o.v2}


def test_3_3_contests(district):
    o = district
    actual = compute("contests")
    assert [actual.for_year(y).value for y in YEARS] == [0, 1, 2, 0]
    assert actual.for_organisation(2023, o.O.pk).value == 2
    assert records("contests", 2022) == {o.c3}


@pytest.mark.parametrize("key", sorted(DEFINITIONS))
def test_figures_equal_the_records_listed(district, key):
    """The drill-down lists exactly what is counted: for counts the records, for shares the base."""
    definition = DEFINITIONS[key]
    for year in YEARS:
        value = definition.compute([year]).for_year(year)
        listed = list(definition.records(year, None))
        if definition.is_share:
            assert value.denominator == len(listed)
            assert value.numerator == sum(1 for r in listed if r.counted)
        else:
            assert value.numerator == len(listed)


@pytest.mark.parametrize("key", sorted(DEFINITIONS))
def test_empty_district_has_no_division_by_zero(db, key):
    definition = DEFINITIONS[key]
    actual = definition.compute([2023])
    if definition.is_share:
        assert actual.for_year(2023).value is None
    else:
        assert actual.for_year(2023).value == 0


@pytest.mark.parametrize("key", sorted(DEFINITIONS))
def test_each_indicator_is_one_query(district, key, django_assert_num_queries):
    with django_assert_num_queries(1):
        DEFINITIONS[key].compute(YEARS)


def test_every_definition_explains_itself():
    for definition in DEFINITIONS.values():
        assert definition.how and definition.title and definition.records_title
        assert definition.compute.__doc__
