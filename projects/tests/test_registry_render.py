"""The registry's filter form (Django's widget templates), the overdue condition and the registry's
queryset."""

import datetime

import pytest
from django import forms
from django.urls import reverse

from orgs.tests.factories import SphereFactory
from projects.filters import OPTION_TEMPLATE, ProjectFilter
from projects.models import STAGES, Project, stage_field_names
from projects.selectors import actual_stage_expression, overdue_q, registry_queryset
from projects.tests.factories import FullProjectFactory

pytestmark = pytest.mark.django_db
S = Project.State


@pytest.mark.parametrize("data", [{}, {"state": "in_progress", "stage": "3", "o": "-stage"}, {"sphere": "SPHERE"}])
def test_one_template_per_option_renders_what_djangos_two_do(economy_user, data):
    sphere = SphereFactory(name='Образование & "наука" <b>')
    data = {key: str(sphere.pk) if value == "SPHERE" else value for key, value in data.items()}
    form = ProjectFilter(data or None, queryset=Project.objects.all(), user=economy_user).form
    form.is_valid()
    selects = [name for name, field in form.fields.items() if isinstance(field.widget, forms.Select)]
    assert len(selects) >= 6
    for name in selects:
        widget = form.fields[name].widget
        assert widget.option_template_name == OPTION_TEMPLATE
        ours = str(form[name])
        widget.option_template_name = forms.Select.option_template_name
        assert ours == str(form[name]), name


def test_registry_keeps_the_chosen_values_and_shows_errors_in_russian(client, economy_user):
    sphere = SphereFactory(name="Образование")
    client.force_login(economy_user)
    response = client.get(reverse("projects:registry"), {"state": "in_progress", "sphere": sphere.pk, "year": "abc"})
    html = response.content.decode()
    assert '<option value="in_progress" selected>Реализуется</option>' in html
    assert f'<option value="{sphere.pk}" selected>Образование</option>' in html
    assert (
        '<input type="number" name="year" value="abc" min="2015" max="2100" step="any" '
        'class="form-control is-invalid" aria-describedby="id_year_error" aria-invalid="true" id="id_year">'
    ) in html
    assert '<div id="id_year_error" class="invalid-feedback d-block"><strong>Введите число.</strong> </div>' in html
    assert '<label for="id_state" class="form-label">Состояние</label>' in html
    assert '<div id="id_q_helptext" class="form-text">Название, процесс или цель</div>' in html


# --- The overdue condition ------------------------------------------------------------


def _overdue_by_each_stage(today: datetime.date):
    """The definition: some stage ended before ``today`` while the project had not moved past it."""
    from django.db.models import Q

    q = Q()
    for number, _, _ in STAGES:
        q |= Q(**{f"{stage_field_names(number)[1]}__lt": today, "actual_stage_no__lte": number})
    return q


@pytest.mark.parametrize("today", ["2024-01-15", "2024-02-10", "2024-03-10", "2024-09-01", "2025-07-01"])
def test_overdue_condition_is_the_stage_by_stage_definition(unit, today):
    today = datetime.date.fromisoformat(today)
    for state in (S.DRAFT, S.IN_PROGRESS, S.CLOSED, S.MONITORING):
        for current in (None, 3, 7):
            FullProjectFactory(organisation=unit, state=state, current_stage=current, rows=False)
    FullProjectFactory(organisation=unit, state=S.IN_PROGRESS, current_stage=4, stage2_end=None, stage3_end=None)
    FullProjectFactory(organisation=unit, state=S.DRAFT, **dict.fromkeys(_date_fields()), rows=False)
    projects = Project.objects.annotate(actual_stage_no=actual_stage_expression())

    def ids(queryset):
        return set(queryset.values_list("pk", flat=True))

    assert ids(projects.filter(overdue_q(today))) == ids(projects.filter(_overdue_by_each_stage(today)))
    assert ids(projects.exclude(overdue_q(today))) == ids(projects.exclude(_overdue_by_each_stage(today)))
    assert ids(projects.filter(overdue_q(today))) | ids(projects.exclude(overdue_q(today))) == ids(projects)
    flagged = {p.pk for p in registry_queryset(_Office(), today) if p.has_overdue}
    assert flagged == ids(projects.filter(_overdue_by_each_stage(today)))


def _date_fields():
    return sorted({name for number, _, _ in STAGES for name in stage_field_names(number)})


class _Office:
    """Reads every project of the region (the regional office's reach)."""

    is_authenticated = True
    sees_everything = True
    sees_region = True


# --- The registry's queryset, built per request -------------------------------------


def test_registry_queryset_follows_each_users_visibility(unit, school, other_org, department_user, school_user):
    own = FullProjectFactory(organisation=unit, rows=False)
    schools = FullProjectFactory(organisation=school, rows=False)
    FullProjectFactory(organisation=other_org, rows=False)
    day = datetime.date(2024, 6, 1)

    assert {p.pk for p in registry_queryset(department_user, day)} == {own.pk, schools.pk}
    assert {p.pk for p in registry_queryset(school_user, day)} == {schools.pk}
    assert {p.pk for p in registry_queryset(_Office(), day)} == set(Project.objects.values_list("pk", flat=True))
    later = FullProjectFactory(organisation=unit, rows=False)
    assert later.pk in {p.pk for p in registry_queryset(department_user, day)}
