"""The passport form (one page) with its row formsets, and the small forms of the life cycle."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.functional import cached_property

from lean_portal.autocomplete import AutocompleteSelect, AutocompleteSelectMultiple, use_autocomplete
from orgs.models import Employee, Organisation, Sphere
from projects.lookups import employee_label, passport_people
from projects.models import STAGES, Goal, JustificationItem, Project, TeamMember, stage_field_names
from projects.rules import REQUIRED_FOR_SUBMISSION, customer_errors, goal_errors, required_message
from projects.services import validate_scan
from projects.stages import all_stage_fields, stage_date_errors


class DateInput(forms.DateInput):
    """A date typed or pasted as дд.мм.гггг, the same in every browser locale.

    Not ``<input type=date>``: its order of day and month follows the browser's language, so a
    clerk in an English-locale browser typing «15.12.2026» gets something else. The text is
    parsed by the server with the Russian ``DATE_INPUT_FORMATS`` (and ISO); other separators
    people type (``15/12/2026``, ``15-12-2026``, ``15 12 2026``) are read as dots.
    ``static/projects/stages.js`` tidies the text and proposes stage starts."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {"placeholder": "дд.мм.гггг", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d.%m.%Y")

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            value = value.strip()
            match = _LOOSE_DATE.fullmatch(value)
            if match:
                day, month, year = match.groups()
                value = f"{int(day):02d}.{int(month):02d}.{year}"
        return value


_LOOSE_DATE = re.compile(r"(\d{1,2})\s*[./\- ]\s*(\d{1,2})\s*[./\- ]\s*(\d{4}|\d{2})")


class BootstrapWidgets:
    """Bootstrap's classes on the widgets, set once when the form is built, so that a page renders each
    field with Django's widget template and a plain ``{{ field }}`` (``projects/includes/field.html``):
    ``form-select`` on selects, ``form-check-input`` on checkboxes, ``form-control`` on the rest, and
    ``is-invalid`` on every field that gets an error (``add_error`` is where all of them arrive)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        """Classes for the widgets that have none yet (call again after replacing a widget)."""
        for field in self.fields.values():
            widget = field.widget
            if widget.is_hidden or widget.attrs.get("class"):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                mark_invalid(self.fields[name].widget)


def mark_invalid(widget) -> None:
    classes = widget.attrs.get("class", "form-control").split()
    if "is-invalid" not in classes:
        widget.attrs["class"] = " ".join([*classes, "is-invalid"])


def _date_of(bound_field) -> datetime.date | None:
    value = bound_field.value()
    if isinstance(value, datetime.date) or value in (None, ""):
        return value or None
    try:
        return bound_field.field.to_python(bound_field.field.widget.value_from_datadict({"v": value}, {}, "v"))
    except ValidationError:
        return None


def stage_schedule(form) -> list[dict]:
    """Rows of the stage schedule for a form holding the stage fields (passport, change request)."""
    rows = []
    for number, name, is_range in STAGES:
        start_name, end_name = stage_field_names(number)
        for name_ in {start_name, end_name}:
            if form[name_].errors:  # marked like the other fields (Django ties the message: aria-describedby)
                mark_invalid(form.fields[name_].widget)
        start = form[start_name]
        end = form[end_name] if is_range else None
        days = None
        if is_range:
            first, last = _date_of(start), _date_of(end)
            if first and last and last >= first:
                days = (last - first).days + 1
        rows.append({"number": number, "name": name, "start": start, "end": end, "days": days})
    return rows


def passport_employees(project: Project, organisation: Organisation):
    """Who may be the passport's lead or on its team: the organisation's active staff and that of the
    participants saved with the passport. Validates the choice; never rendered as a list."""
    participants = project.participants.values("pk") if project.pk else []
    return Employee.objects.filter(passport_people(organisation, participants), is_active=True).select_related(
        "organisation"
    )


def people_widget(project: Project) -> AutocompleteSelect:
    return AutocompleteSelect(
        "projects:people-lookup",
        params={"project": project.pk} if project.pk else {},
        placeholder="Начните вводить фамилию",
    )


class ProjectForm(BootstrapWidgets, forms.ModelForm):
    """The passport's own fields. ``require_complete`` turns on the checks before submission.

    Laid out by ``templates/projects/project_form.html`` (its sections and the stage schedule)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "title",
            "kind",
            "participants",
            "sphere",
            "approver_name",
            "approver_position",
            "customer_organisation",
            "customer",
            "process",
            "process_start",
            "process_end",
            "lead",
            "effects",
            "replicates",
            "replicates_source",
            *all_stage_fields(),
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "effects": forms.Textarea(attrs={"rows": 3}),
            "process_start": forms.TextInput(attrs={"placeholder": "с чего начинается процесс"}),
            "process_end": forms.TextInput(attrs={"placeholder": "чем заканчивается процесс"}),
            "participants": AutocompleteSelectMultiple("orgs:lookup"),
            **{field: DateInput() for field in all_stage_fields()},
        }
        help_texts = {
            "participants": "Для межведомственных и межорганизационных проектов. Начните вводить название; "
            "можно выбрать несколько организаций.",
            "replicates": "Проект портала, решение которого повторяет этот проект: начните вводить его название.",
            "replicates_source": "Если решение взято не из портала: где и у кого.",
        }

    def __init__(self, *args, organisation: Organisation, require_complete: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.require_complete = require_complete
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["lead"].queryset = passport_employees(self.instance, organisation)
        self.fields["lead"].label_from_instance = employee_label
        use_autocomplete(self.fields["lead"], people_widget(self.instance))
        # Participants and customers come from the passport's own municipality (orgs:lookup likewise).
        neighbours = Organisation.objects.active().filter(municipality_id=organisation.municipality_id)
        self.fields["participants"].queryset = neighbours.exclude(pk=organisation.pk)
        self.fields["customer_organisation"].queryset = neighbours
        self.fields["sphere"].queryset = Sphere.objects.of_municipality(organisation.municipality_id)
        use_autocomplete(
            self.fields["customer_organisation"],
            AutocompleteSelect("orgs:lookup", placeholder="Начните вводить название организации-заказчика"),
        )
        # A published passport of the same municipality; one from another municipality only as the
        # bank of practices linked it («Тиражировать»), kept when the draft is edited.
        replicable = (
            Project.objects.exclude(state__in=[Project.State.DRAFT, Project.State.SUBMITTED, Project.State.RETURNED])
            .filter(
                Q(organisation__municipality_id=organisation.municipality_id) | Q(pk=self.instance.replicates_id or 0)
            )
            .select_related("organisation")
        )
        if self.instance.pk:
            replicable = replicable.exclude(pk=self.instance.pk)
        self.fields["replicates"].queryset = replicable
        self.fields["replicates"].label_from_instance = lambda p: f"{p.title} — {p.organisation.short_name}"
        replicable_params = {"scope": "replicable", **({"exclude": self.instance.pk} if self.instance.pk else {})}
        use_autocomplete(
            self.fields["replicates"],
            AutocompleteSelect(
                "projects:project-lookup", params=replicable_params, placeholder="Начните вводить название проекта"
            ),
        )
        self.fields["title"].required = True
        # Fields needed to submit (a draft may lack them): announced as required to screen readers
        # and, outside the stage schedule (whose dates are all needed), marked with * like the
        # always-required ones (static/css/portal.css).
        for name in [*REQUIRED_FOR_SUBMISSION, *all_stage_fields()]:
            if name in self.fields and not self.fields[name].required:
                self.fields[name].widget.attrs["aria-required"] = "true"
                if name in REQUIRED_FOR_SUBMISSION:
                    self.fields[name].widget.attrs["data-required-for-submission"] = ""
        for number, name, is_range in STAGES:
            start, end = stage_field_names(number)
            if is_range:
                self.fields[start].label = f"Этап {number} «{name}»: с"
                self.fields[end].label = f"Этап {number} «{name}»: по"
                self.fields[start].widget.attrs["data-stage-start"] = ""
                self.fields[end].widget.attrs["data-stage-end"] = ""
            else:
                self.fields[start].label = f"Этап {number} «{name}»: дата"
                self.fields[start].widget.attrs.update({"data-stage-start": "", "data-stage-end": ""})
            for field in {start, end}:
                self.fields[field].widget.attrs["class"] = "form-control form-control-sm"
        self.style_widgets()  # the autocomplete widgets set above

    def stage_rows(self) -> list[dict]:
        """The «Сроки» schedule, one row per stage: its fields, and its length in days when known."""
        return stage_schedule(self)

    def clean(self):
        data = super().clean()
        for field, message in stage_date_errors(
            {f: data.get(f) for f in all_stage_fields()}, timezone.localdate()
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        if data.get("replicates") and data.get("replicates_source", "").strip():
            self.add_error("replicates_source", "Укажите что-то одно: проект портала или источник вне портала.")
        if data.get("customer_organisation"):
            if (data.get("customer") or "").strip():
                self.add_error("customer", "Укажите что-то одно: организацию портала или заказчика вне портала.")
            # A customer of the portal: «УТВЕРЖДАЮ» comes from its head, nothing typed.
            data["approver_name"] = data["approver_position"] = ""
        kind = data.get("kind")
        participants = data.get("participants")
        if kind == Project.Kind.INTERNAL and participants:
            self.add_error(
                "participants",
                "У внутреннего проекта нет участвующих организаций: снимите выбор или смените вид проекта.",
            )
        if self.require_complete:
            for field in [*REQUIRED_FOR_SUBMISSION, *all_stage_fields()]:
                if field in self.fields and data.get(field) in (None, "") and field not in self.errors:
                    self.add_error(field, required_message(field))
            for field, message in customer_errors(
                data.get("customer_organisation"),
                data.get("customer", ""),
                data.get("approver_name", ""),
                data.get("approver_position", ""),
            ).items():
                if field not in self.errors:
                    self.add_error(field, message)
            if kind and kind != Project.Kind.INTERNAL and not participants and "participants" not in self.errors:
                self.add_error(
                    "participants", "Укажите участвующие организации: проект межведомственный или межорганизационный."
                )
        return data


class RowFormSet(BaseInlineFormSet):
    """Rows of the passport; ``require_rows`` demands at least one before submission.

    Rows are numbered in the order shown (``position``); blank new rows are ignored.
    """

    empty_message = "Добавьте хотя бы одну строку."

    def __init__(self, *args, require_rows: bool = False, **kwargs):
        self.require_rows = require_rows
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.style_widgets()  # the «Удалить» checkbox added here

    def live_forms(self) -> list:
        return [
            f for f in self.forms if not self._should_delete_form(f) and (f.instance.pk is not None or f.has_changed())
        ]

    def clean(self):
        super().clean()
        if self.require_rows and not self.live_forms():
            raise ValidationError(self.empty_message)

    def save(self, commit=True):
        for form in self.forms:
            if form.instance.pk is not None and self._should_delete_form(form):
                form.instance.delete()
        for position, form in enumerate(self.live_forms(), start=1):
            obj = form.save(commit=False)
            obj.project = self.instance
            obj.position = position
            obj.save()
        return [f.instance for f in self.live_forms()]


class TeamMemberForm(BootstrapWidgets, forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["employee", "role"]
        widgets = {"role": forms.TextInput(attrs={"placeholder": "например, член команды, владелец процесса"})}


class TeamFormSet(RowFormSet):
    empty_message = "Добавьте в команду хотя бы одного сотрудника."
    employees = Employee.objects.none()

    def _limit(self, form):
        form.fields["employee"].queryset = self.employees
        form.fields["employee"].label_from_instance = employee_label
        use_autocomplete(form.fields["employee"], people_widget(self.instance))
        form.fields["employee"].widget.known_labels = self.employee_labels
        form.style_widgets()
        return form

    @cached_property
    def employee_labels(self) -> dict[int, str]:
        """The chosen employees' labels, read in one query for all rows (not one query per row)."""
        ids = {row.employee_id for row in self.get_queryset()}
        if self.is_bound:
            for i in range(self.total_form_count()):
                value = self.data.get(f"{self.prefix}-{i}-employee", "")
                if value.isascii() and value.isdigit():
                    ids.add(int(value))
        if not ids:
            return {}
        return {employee.pk: employee_label(employee) for employee in self.employees.filter(pk__in=ids)}

    def _construct_form(self, i, **kwargs):
        return self._limit(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._limit(super().empty_form)

    def validate_unique(self):
        # Duplicates are reported in clean() on the row at fault, in words the user understands.
        return None

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            employee = form.cleaned_data.get("employee")
            if employee is None:
                continue
            if employee.pk in seen:
                form.add_error("employee", "Этот сотрудник уже есть в команде.")
            seen.add(employee.pk)


class JustificationForm(BootstrapWidgets, forms.ModelForm):
    class Meta:
        model = JustificationItem
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class JustificationFormSet(RowFormSet):
    empty_message = "Добавьте хотя бы один пункт обоснования."


class GoalForm(BootstrapWidgets, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["name", "unit", "current_value", "target_value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("current_value", "target_value"):
            field = self.fields[name]
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            field.error_messages["invalid"] = "Введите число, например 12 или 12,5."
        self.style_widgets()

    def clean(self):
        data = super().clean()
        for field, message in goal_errors(data.get("current_value"), data.get("target_value")).items():
            self.add_error(field, message)
        return data


class GoalFormSet(RowFormSet):
    empty_message = "Добавьте хотя бы одну цель с текущим и целевым показателями."


FORMSETS = {
    "team": (TeamMember, TeamMemberForm, TeamFormSet),
    "justification": (JustificationItem, JustificationForm, JustificationFormSet),
    "goals": (Goal, GoalForm, GoalFormSet),
}


def passport_formsets(*, data, project: Project, organisation: Organisation, require_rows: bool) -> dict:
    """The three row formsets of the passport form, by prefix (a new passport starts with one blank row each)."""
    extra = 0 if project.pk else 1
    result = {}
    for prefix, (model, form, formset) in FORMSETS.items():
        cls = inlineformset_factory(Project, model, form=form, formset=formset, extra=extra, can_delete=True)
        if prefix == "team":
            cls.employees = passport_employees(project, organisation)
        queryset = model.objects.filter(project=project) if project.pk else model.objects.none()
        if prefix == "team":
            queryset = queryset.select_related("employee")
        result[prefix] = cls(data, instance=project, prefix=prefix, require_rows=require_rows, queryset=queryset)
    return result


class TransitionForm(forms.Form):
    comment = forms.CharField(label="Комментарий", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ApproveForm(TransitionForm):
    approval_scan = forms.FileField(
        label="Скан подписанного паспорта (необязательно)",
        required=False,
        help_text="PDF, JPEG или PNG до 10 МБ.",
    )

    def clean_approval_scan(self):
        scan = self.cleaned_data.get("approval_scan")
        if scan:
            try:
                validate_scan(scan)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["approval_scan"]) from None
        return scan


class ScanForm(forms.Form):
    approval_scan = forms.FileField(label="Скан подписанного паспорта", help_text="PDF, JPEG или PNG до 10 МБ.")

    def clean_approval_scan(self):
        scan = self.cleaned_data["approval_scan"]
        try:
            validate_scan(scan)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["approval_scan"]) from None
        return scan


class CloseForm(TransitionForm):
    closed_on = forms.DateField(label="Дата закрытия", widget=DateInput())


class StageForm(forms.Form):
    current_stage = forms.TypedChoiceField(
        label="Текущий этап", coerce=int, choices=[(n, f"{n}. {name}") for n, name, _ in STAGES if 2 <= n <= 9]
    )


class StabilityForm(forms.Form):
    """The value of each goal at the stability check."""

    checked_on = forms.DateField(label="Дата проверки", widget=DateInput())

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.DecimalField(
                label=f"{goal.name}, {goal.unit} (цель: {goal.target_value})",
                max_digits=14,
                decimal_places=2,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                error_messages={"invalid": "Введите число, например 12 или 12,5."},
                initial=goal.stability_value,
            )

    def values(self) -> dict:
        return {goal.pk: self.cleaned_data[f"goal_{goal.pk}"] for goal in self.goals}


class ChangeRequestForm(forms.Form):
    """A proposed change of an approved passport: new stage dates, goal values and team, with the reason."""

    summary = forms.CharField(label="Что меняется", max_length=500)
    reason = forms.CharField(label="Почему", widget=forms.Textarea(attrs={"rows": 3}))
    team_remove = forms.ModelMultipleChoiceField(
        label="Исключить из команды",
        queryset=TeamMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    team_add_employee = forms.ModelChoiceField(
        label="Включить в команду", queryset=Employee.objects.none(), required=False
    )
    team_add_role = forms.CharField(label="Роль в команде", max_length=200, required=False)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.goals = list(project.goals.all())
        for f in all_stage_fields():
            model_field = Project._meta.get_field(f)
            self.fields[f] = forms.DateField(
                label=model_field.verbose_name, required=False, widget=DateInput(), initial=getattr(project, f)
            )
        for goal in self.goals:
            for name, label in (("current_value", "текущий"), ("target_value", "целевой")):
                self.fields[f"goal_{goal.pk}_{name.split('_')[0]}"] = forms.DecimalField(
                    label=f"«{goal.name}», {goal.unit}: {label} показатель",
                    max_digits=14,
                    decimal_places=2,
                    localize=True,
                    initial=getattr(goal, name),
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                    error_messages={"invalid": "Введите число, например 12 или 12,5."},
                )
        self.fields["team_remove"].queryset = project.team.select_related("employee")
        self.fields["team_remove"].label_from_instance = lambda m: f"{m.employee.full_name} — {m.role}"
        self.fields["team_add_employee"].queryset = passport_employees(project, project.organisation)
        self.fields["team_add_employee"].label_from_instance = employee_label
        use_autocomplete(self.fields["team_add_employee"], people_widget(project))

    def stage_fields(self):
        return [self[f] for f in all_stage_fields()]

    def goal_fields(self):
        return [(goal, self[f"goal_{goal.pk}_current"], self[f"goal_{goal.pk}_target"]) for goal in self.goals]

    def clean(self):
        data = super().clean()
        if data.get("team_add_employee") and not data.get("team_add_role", "").strip():
            self.add_error("team_add_role", "Укажите роль нового участника в команде.")
        for f, message in stage_date_errors({f: data.get(f) for f in all_stage_fields()}, timezone.localdate()).items():
            if f not in self.errors:
                self.add_error(f, message)
        for goal in self.goals:
            current, target = data.get(f"goal_{goal.pk}_current"), data.get(f"goal_{goal.pk}_target")
            for message in goal_errors(current, target).values():
                self.add_error(f"goal_{goal.pk}_target", message)
        if not self.errors and not self.proposed():
            raise ValidationError("Предложение ничего не меняет: измените сроки, цели или команду.")
        return data

    def proposed(self) -> dict:
        data = self.cleaned_data
        result: dict = {}
        stages = {
            f: data[f].isoformat() if data.get(f) else None
            for f in all_stage_fields()
            if data.get(f) != getattr(self.project, f)
        }
        if stages:
            result["stages"] = stages
        goals = {}
        for goal in self.goals:
            changed = {}
            for name in ("current_value", "target_value"):
                value = data.get(f"goal_{goal.pk}_{name.split('_')[0]}")
                if value is not None and value != getattr(goal, name):
                    changed[name] = str(value)
            if changed:
                goals[str(goal.pk)] = changed
        if goals:
            result["goals"] = goals
        if data.get("team_remove"):
            result["team_remove"] = [m.pk for m in data["team_remove"]]
        if data.get("team_add_employee"):
            result["team_add"] = [{"employee": data["team_add_employee"].pk, "role": data["team_add_role"].strip()}]
        return result


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("agree", "Согласовать"), ("approve", "Утвердить"), ("reject", "Отклонить")])
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))
