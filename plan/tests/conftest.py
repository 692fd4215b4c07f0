"""A hand-built district whose plan figures are worked out in the tests.

Organisations: unit ``U`` with subordinates ``A``, ``B`` (institutions) and ``T``
(territorial department); unit ``V`` with subordinate institution ``C``; ``D`` a
territorial department on its own; ``E`` an inactive institution of ``U``; ``O`` a unit
that organises contests.
"""

import datetime
from types import SimpleNamespace

import pytest

from orgs.models import Organisation
from orgs.tests.factories import EmployeeFactory, OrganisationFactory
from plan.models import Plan
from plan.tests.factories import (
    ContestFactory,
    ModelSiteFactory,
    ProjectFactory,
    SuggestionFactory,
    SurveyFactory,
    TrainingFactory,
)
from projects.models import Project
from registries.models import Suggestion, Training

d = datetime.date
K = Organisation.Kind


@pytest.fixture
def decree_plan(db):
    return Plan.objects.get(first_year=2022, last_year=2024)


@pytest.fixture
def district(db):
    o = SimpleNamespace()
    o.U = OrganisationFactory(short_name="U unit", kind=K.STRUCTURAL_UNIT)
    o.V = OrganisationFactory(short_name="V unit", kind=K.STRUCTURAL_UNIT)
    o.A = OrganisationFactory(short_name="A school", kind=K.INSTITUTION, parent=o.U)
    o.B = OrganisationFactory(short_name="B school", kind=K.INSTITUTION, parent=o.U)
    o.T = OrganisationFactory(short_name="T territorial", kind=K.TERRITORIAL, parent=o.U)
    o.C = OrganisationFactory(short_name="C library", kind=K.INSTITUTION, parent=o.V)
    o.D = OrganisationFactory(short_name="D territorial", kind=K.TERRITORIAL)
    o.E = OrganisationFactory(short_name="E closed", kind=K.INSTITUTION, parent=o.U, is_active=False)
    o.O = OrganisationFactory(short_name="O organiser", kind=K.STRUCTURAL_UNIT)

    S = Project.State
    o.p1 = ProjectFactory(organisation=o.A, state=S.CLOSED, closed_on=d(2023, 3, 1), replicates_source="г. Калуга")
    o.p2 = ProjectFactory(organisation=o.A, state=S.MONITORING, closed_on=d(2023, 11, 30))
    o.p3 = ProjectFactory(organisation=o.U, state=S.CLOSED, closed_on=d(2022, 5, 1))
    o.p4 = ProjectFactory(organisation=o.B, state=S.IN_PROGRESS, closed_on=None)
    o.p5 = ProjectFactory(organisation=o.C, state=S.CLOSED, closed_on=d(2024, 1, 10))
    o.p6 = ProjectFactory(organisation=o.U, state=S.CLOSED, closed_on=d(2023, 6, 1), replicates=o.p3)
    o.p7 = ProjectFactory(organisation=o.D, state=S.CLOSED, closed_on=d(2023, 12, 31))
    o.p8 = ProjectFactory(organisation=o.E, state=S.CLOSED, closed_on=d(2023, 2, 1))
    o.p9 = ProjectFactory(organisation=o.A, state=S.IN_PROGRESS, closed_on=d(2023, 5, 1))
    o.p10 = ProjectFactory(organisation=o.T, state=S.CLOSED, closed_on=d(2023, 4, 1))

    I = Suggestion.State.IMPLEMENTED  # noqa: E741
    o.s1 = SuggestionFactory(organisation=o.A, state=I, implemented_on=d(2023, 2, 1))
    o.s2 = SuggestionFactory(organisation=o.A, state=I, implemented_on=d(2023, 3, 1))
    o.s3 = SuggestionFactory(organisation=o.B, state=Suggestion.State.ACCEPTED, implemented_on=None)
    o.s4 = SuggestionFactory(organisation=o.C, state=I, implemented_on=d(2022, 12, 31))
    o.s5 = SuggestionFactory(organisation=o.U, state=I, implemented_on=d(2023, 7, 1))
    o.s6 = SuggestionFactory(organisation=o.B, state=Suggestion.State.REJECTED, implemented_on=d(2023, 7, 1))

    TK = Training.Kind
    o.e1 = EmployeeFactory(organisation=o.A)
    o.e2 = EmployeeFactory(organisation=o.A)
    o.e3 = EmployeeFactory(organisation=o.U)
    o.e4 = EmployeeFactory(organisation=o.U)
    o.e5 = EmployeeFactory(organisation=o.B)
    TrainingFactory(employee=o.e1, kind=TK.LEAN_BASICS, completed_on=d(2023, 4, 1))
    TrainingFactory(employee=o.e1, kind=TK.LEAN_BASICS, completed_on=d(2023, 9, 1))
    TrainingFactory(employee=o.e2, kind=TK.LEAN_BASICS, completed_on=d(2022, 10, 1))
    TrainingFactory(employee=o.e3, kind=TK.LEAN_BASICS, started_on=d(2023, 2, 1), completed_on=None)
    TrainingFactory(employee=o.e4, kind=TK.OFFICE_FACTORY, completed_on=d(2023, 5, 5))
    TrainingFactory(employee=o.e4, kind=TK.LEAN_BASICS, completed_on=d(2023, 6, 6))
    TrainingFactory(employee=o.e5, kind=TK.INTERNAL_COURSE, completed_on=d(2023, 6, 6))

    o.m1 = ModelSiteFactory(organisation=o.A, audit_date=d(2023, 10, 10))
    o.m2 = ModelSiteFactory(organisation=o.U, audit_date=d(2024, 1, 1))

    o.v1 = SurveyFactory(organisation=o.B, held_on=d(2023, 3, 3))
    o.v2 = SurveyFactory(organisation=o.B, held_on=d(2023, 9, 9))
    o.v3 = SurveyFactory(organisation=o.A, held_on=d(2022, 12, 12))

    o.c1 = ContestFactory(organisation=o.O, held_on=d(2023, 12, 1))
    o.c2 = ContestFactory(organisation=o.O, held_on=d(2023, 6, 1))
    o.c3 = ContestFactory(organisation=o.U, held_on=d(2022, 11, 11))
    return o
