"""The registry's filters (django-filter): organisation, kind, sphere, state, year, stage,
replication, overdue stages, text search and sorting."""

from __future__ import annotations

from pathlib import Path

import django
import django_filters
from django import forms
from django.db.models import Q
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeData

from orgs.autocomplete import OrganisationChoiceFilter
from orgs.models import Organisation, Sphere
from projects.models import STAGES, Goal, Project
from projects.selectors import overdue_q

YES_NO = [("yes", "Да"), ("no", "Нет")]


_DJANGO_WIDGETS = Path(django.__file__).resolve().parent / "forms" / "templates" / "django" / "forms" / "widgets"
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
INCLUDED_TEMPLATES = ("django/forms/widgets/attrs.html", OPTION_TEMPLATE, "django/forms/widgets/input.html")
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html" for name in ("input", "text", "number", "search", "email", "url", "hidden")
)


class _Unsupported(Exception):
    """A value the Python rendering does not reproduce exactly: the template renders the widget."""


def _text(value) -> str:
    """``{{ value }}`` for a string (a label): escaped unless already safe."""
    if isinstance(value, SafeData):
        return str(value)
    if isinstance(value, (str, Promise)):
        return escape(value)
    raise _Unsupported  # numbers and dates are localized by the template engine


def _string(value) -> str:
    """``{{ value|stringformat:'s' }}``: ``str()``, then escaped unless the value was safe."""
    if callable(value):
        raise _Unsupported  # the template engine would call it
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"')
    return "".join(parts)


def _render_select(widget: dict) -> str:
    """django/forms/widgets/select.html with select_option.html, newlines and all."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                raise _Unsupported
            value, attrs, label = _string(option["value"]), _attrs(option["attrs"]), _text(option["label"])
            parts.append(f'\n  <option value="{value}"{attrs}>{label}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _render_input(widget: dict) -> str:
    """django/forms/widgets/input.html (and the input types that only include it)."""
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


_BUILDERS = {SELECT_TEMPLATE: _render_select, **dict.fromkeys(INPUT_TEMPLATES, _render_input)}


class FastWidgetRenderer(DjangoTemplates):
    """The form renderer of the registry's filter: selects and text inputs are written out in Python,
    character for character what Django's widget templates make of the same context (the widget's
    ``get_context`` still decides names, ids, attributes and the selected option). Django renders
    every ``<option>`` through two template includes (measured: bench/README.md).

    Any other template, a template some app overrides, or a value the templates would localize or
    call is rendered by the templates as before (tests compare both renderings). Like Django's own
    ``DjangoTemplates`` renderer (the default ``FORM_RENDERER``), it reads widget templates from
    Django and the apps, not from the project's template directories."""

    def __init__(self):
        super().__init__()
        self._djangos: dict[str, bool] = {}

    def render(self, template_name, context, request=None):
        build = _BUILDERS.get(template_name)
        if build is not None and request is None and self._is_djangos(template_name):
            try:
                return build(context["widget"])
            except (_Unsupported, KeyError):
                pass
        return super().render(template_name, context, request)

    def _is_djangos(self, template_name: str) -> bool:
        """The template is Django's own (no app overrides it), and so are those it includes;
        looked up once per process."""
        if template_name not in self._djangos:
            names = {template_name, *INCLUDED_TEMPLATES}
            self._djangos[template_name] = all(
                Path(self.get_template(name).origin.name).resolve().parent == _DJANGO_WIDGETS for name in names
            )
        return self._djangos[template_name]


FAST_WIDGET_RENDERER = FastWidgetRenderer()


class RegistryFilterForm(forms.Form):
    """Bootstrap classes on the widgets, so that the registry renders its ten fields in its own
    markup (templates/projects/registry.html): crispy's templates are slow there (bench/README.md).
    The widgets are written by ``FastWidgetRenderer``."""

    default_renderer = FAST_WIDGET_RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Поиск", method="search", help_text="Название, процесс или цель")
    # Up to 6,000 organisations for the office: chosen by search, not listed (orgs/autocomplete.py).
    organisation = OrganisationChoiceFilter(
        label="Организация", queryset=Organisation.objects.none(), empty_label="Все организации"
    )
    kind = django_filters.ChoiceFilter(label="Вид проекта", choices=Project.Kind.choices, empty_label="Все виды")
    sphere = django_filters.ModelChoiceFilter(
        label="Сфера деятельности", queryset=Sphere.objects.all(), empty_label="Все сферы"
    )
    state = django_filters.ChoiceFilter(label="Состояние", choices=Project.State.choices, empty_label="Все состояния")
    year = django_filters.NumberFilter(label="Год начала", method="filter_year", min_value=2015, max_value=2100)
    stage = django_filters.ChoiceFilter(
        label="Этап по графику",
        choices=[(str(n), f"{n}. {name}") for n, name, _ in STAGES],
        method="filter_stage",
        empty_label="Любой этап",
    )
    replicated = django_filters.ChoiceFilter(
        label="Тиражированный", choices=YES_NO, method="filter_replicated", empty_label="Все"
    )
    overdue = django_filters.ChoiceFilter(
        label="Просроченный этап", choices=YES_NO, method="filter_overdue", empty_label="Все"
    )
    o = django_filters.OrderingFilter(
        label="Сортировка",
        fields=(
            ("title", "title"),
            ("organisation__short_name", "organisation"),
            ("state", "state"),
            ("stage1_date", "start"),
            ("planned_stage_no", "stage"),
            ("created_at", "created"),
        ),
        field_labels={
            "title": "Название",
            "organisation__short_name": "Организация",
            "state": "Состояние",
            "stage1_date": "Дата начала",
            "planned_stage_no": "Этап",
            "created_at": "Дата создания",
        },
        empty_label="Сначала новые",
    )

    class Meta:
        model = Project
        form = RegistryFilterForm
        fields = ["q", "organisation", "kind", "sphere", "state", "year", "stage", "replicated", "overdue"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organisation"].queryset = Organisation.objects.visible_to(user).order_by("short_name")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # One id list (a UNION) the outer query semi-joins: on PostgreSQL each arm is a bitmap scan of
        # a trigram index on UPPER(column) (migration 0008), where ``OR EXISTS(... LIMIT 1)`` ran a
        # subquery for each of 60,000 projects.
        by_text = Project.objects.filter(Q(title__icontains=value) | Q(process__icontains=value))
        by_goal = Goal.objects.filter(name__icontains=value)
        return queryset.filter(pk__in=by_text.order_by().values("pk").union(by_goal.order_by().values("project_id")))

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(approval_date__year=year) | Q(approval_date__isnull=True, stage1_date__year=year))

    def filter_stage(self, queryset, name, value):
        return queryset.filter(planned_stage_no=int(value))

    def filter_replicated(self, queryset, name, value):
        replicated = Q(replicates__isnull=False) | ~Q(replicates_source="")
        return queryset.filter(replicated) if value == "yes" else queryset.exclude(replicated)

    def filter_overdue(self, queryset, name, value):
        q = overdue_q(timezone.localdate())
        return queryset.filter(q) if value == "yes" else queryset.exclude(q)
