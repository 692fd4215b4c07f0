"""The registry's cheap rendering: the filter's widgets written in Python (``FastWidgetRenderer``)
are what Django's widget templates make of them."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.safestring import mark_safe

from orgs.tests.factories import SphereFactory
from projects import filters
from projects.filters import FAST_WIDGET_RENDERER, FastWidgetRenderer, ProjectFilter
from projects.models import Project

pytestmark = pytest.mark.django_db
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
