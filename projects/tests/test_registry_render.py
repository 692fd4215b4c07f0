"""The registry's cheap rendering: the filter's widgets written in Python (``FastWidgetRenderer``)
are what Django's widget templates make of them; the overdue condition and the kept registry
querysets answer as before."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.safestring import mark_safe

from orgs.tests.factories import SphereFactory
from projects import filters, selectors
from projects.filters import FAST_WIDGET_RENDERER, FastWidgetRenderer, ProjectFilter
from projects.models import STAGES, Project, stage_field_names
from projects.selectors import actual_stage_expression, overdue_q, registry_queryset
from projects.tests.factories import FullProjectFactory

pytestmark = pytest.mark.django_db
S = Project.State
TEMPLATES = DjangoTemplates()


@pytest.fixture
def fast_used(monkeypatch):
    """The names of the widgets the Python rendering wrote (a fallback to the templates is not counted)."""
    written = []
    for template_name, build in list(filters._BUILDERS.items()):

        def counting(widget, _build=build):
            html = _build(widget)
            written.append(widget["name"])
            return html

        monkeypatch.setitem(filters._BUILDERS, template_name, counting)
    return written


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"state": "in_progress", "kind": "internal", "stage": "3", "replicated": "yes", "overdue": "no", "o": "-stage"},
        {"q": "<b>\"&'</b> справок", "year": "2024", "o": "organisation"},
        {"year": "abc", "state": "bogus", "stage": "77", "o": "nonsense"},  # errors
        {"year": "1900"},  # below min_value
        {"o": "title,-state"},  # two sort keys: a text input
        {"sphere": "SPHERE"},
        {"sphere": "999999"},
    ],
)
def test_fast_widgets_are_what_the_templates_render(economy_user, data, fast_used):
    sphere = SphereFactory(name='Образование & "наука" <b>')
    data = {key: str(sphere.pk) if value == "SPHERE" else value for key, value in data.items()}
    filterset = ProjectFilter(data or None, queryset=Project.objects.all(), user=economy_user)
    form = filterset.form
    form.is_valid()
    assert form.renderer is FAST_WIDGET_RENDERER
    for bound_field in form:
        if bound_field.name == "organisation":
            continue  # its own widget (orgs.autocomplete), rendered without templates anyway
        assert str(bound_field) == _widget_with(bound_field, TEMPLATES), bound_field.name
    assert sorted(fast_used) == sorted(name for name in form.fields if name != "organisation")


def _widget_with(bound_field, renderer) -> str:
    """``bound_field.as_widget()`` with another form renderer."""
    form = bound_field.form
    saved = form.renderer
    form.renderer = renderer
    try:
        return str(form[bound_field.name])
    finally:
        form.renderer = saved


def test_choices_with_groups_safe_labels_and_boolean_attributes():
    class Form(forms.Form):
        default_renderer = FAST_WIDGET_RENDERER
        pick = forms.ChoiceField(
            choices=[
                ("", "—"),
                ("Группа <1>", [("a", "Первый & второй"), ("b", mark_safe("<i>безопасный</i>"))]),
                ("c", "Третий"),
            ],
            widget=forms.Select(attrs={"class": "form-select", "disabled": True, "data-x": False, "data-n": 7}),
        )
        text = forms.CharField(widget=forms.TextInput(attrs={"required": True, "placeholder": 'a "b" <c>'}))
        number = forms.IntegerField(min_value=1, max_value=10)

    form = Form({"pick": "b", "text": "<script>", "number": "5"})
    for name in ("pick", "text", "number"):
        assert str(form[name]) == _widget_with(form[name], TEMPLATES), name
    assert 'value="b" selected' in str(form["pick"])
    assert '<optgroup label="Группа &lt;1&gt;">' in str(form["pick"])


def test_a_value_the_templates_would_localize_falls_back_to_them():
    class Form(forms.Form):
        default_renderer = FastWidgetRenderer()
        year = forms.TypedChoiceField(choices=[(2024, 2024), (2025, 20251)], coerce=int)

    form = Form({"year": "2025"})
    # Labels are numbers: Django's template localizes them, so the templates render this select.
    assert str(form["year"]) == _widget_with(form["year"], TEMPLATES)


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
    is_authenticated = True
    sees_everything = True


# --- Registry querysets kept per process ----------------------------------------------


def test_registry_queryset_is_kept_per_day_and_visibility(unit, school, other_org, department_user, school_user):
    selectors._REGISTRY_QUERYSETS.clear()
    own = FullProjectFactory(organisation=unit, rows=False)
    schools = FullProjectFactory(organisation=school, rows=False)
    FullProjectFactory(organisation=other_org, rows=False)
    day = datetime.date(2024, 6, 1)

    first = registry_queryset(department_user, day)
    assert {p.pk for p in first} == {own.pk, schools.pk}
    second = registry_queryset(department_user, day)
    assert second is not first and second._result_cache is None  # a fresh clone, not the evaluated one
    assert {p.pk for p in second} == {own.pk, schools.pk}
    assert {p.pk for p in registry_queryset(school_user, day)} == {schools.pk}
    assert {p.pk for p in registry_queryset(_Office(), day)} == set(Project.objects.values_list("pk", flat=True))
    assert len(selectors._REGISTRY_QUERYSETS) == 3
    registry_queryset(department_user, day + datetime.timedelta(days=1))
    assert len(selectors._REGISTRY_QUERYSETS) == 4
    # A project added later is read: the kept queryset is never evaluated itself.
    later = FullProjectFactory(organisation=unit, rows=False)
    assert later.pk in {p.pk for p in registry_queryset(department_user, day)}
