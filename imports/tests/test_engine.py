"""The import engine: round trip with the portal's own export, planted errors, re-import, odd files."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from imports.engine import Importer, ImportFailed
from imports.tests.conftest import titles, write_xlsx
from imports.workbooks import ImportTemplate
from orgs.models import Employee, Organisation, User
from orgs.tests.factories import EmployeeFactory, UserFactory
from projects.models import Goal, Project
from projects.tests.factories import GoalFactory, ProjectFactory
from registries.models import Suggestion, Training
from registries.tests.factories import SuggestionFactory, TrainingFactory

pytestmark = pytest.mark.django_db

SCHOOL = "МБОУ «Драченинская СОШ»"


def check(path, user):
    return Importer(path=path, user=user, file_name="реестры.xlsx").check()


def apply(path, user):
    return Importer(path=path, user=user, file_name="реестры.xlsx").apply()


# --- Round trip: export with the portal's own export, import into an empty database ---------


def _snapshot() -> dict:
    """Every imported record by its natural key, with the fields the template carries."""

    def org(o):
        return o.full_name if o else None

    def person(e):
        return (e.organisation.full_name, e.full_name) if e else None

    return {
        "organisations": sorted(
            (o.full_name, o.short_name, o.inn, o.kind, o.sphere.name if o.sphere else "", org(o.parent), o.email)
            for o in Organisation.objects.select_related("sphere", "parent")
        ),
        "employees": sorted(
            (*person(e), e.position, e.email, e.lean_basics_completed_on or datetime.date.min)
            for e in Employee.objects.select_related("organisation")
        ),
        "projects": sorted(
            (
                org(p.organisation),
                p.title,
                p.kind,
                p.state,
                p.sphere.name if p.sphere else "",
                org(p.customer_organisation) or p.customer,
                p.process,
                p.process_start,
                p.process_end,
                person(p.lead) or (),
                p.effects,
                p.replicates_source,
                tuple(str(s.start) + str(s.end) for s in p.stages()),
            )
            for p in Project.objects.select_related(
                "organisation", "customer_organisation", "lead__organisation", "sphere"
            )
        ),
        "goals": sorted(
            (g.project.title, g.name, g.unit, g.current_value, g.target_value)
            for g in Goal.objects.select_related("project")
        ),
        "suggestions": sorted(
            (
                org(s.organisation),
                s.title,
                tuple(sorted(a.full_name for a in s.authors.all())),
                s.submitted_on,
                s.problem,
                s.solution,
                s.expected_effect,
                s.state,
                s.implemented_on or datetime.date.min,
                s.achieved_effect,
                s.rejection_reason,
            )
            for s in Suggestion.objects.select_related("organisation")
        ),
        "training": sorted(
            (person(t.employee), t.kind, t.provider, t.started_on, t.completed_on or datetime.date.min, t.hours)
            for t in Training.objects.select_related("employee__organisation")
        ),
    }


def _registers(district):
    unit, school = district["unit"], district["school"]
    unit.inn = "4212000001"
    unit.email = "uo@example.ru"
    unit.save()
    lead = EmployeeFactory(organisation=school, lean_basics_completed_on=datetime.date(2025, 5, 20))
    project = ProjectFactory(
        organisation=school,
        title="Запись в первый класс без очереди",
        state=Project.State.IN_PROGRESS,
        customer_organisation=unit,
        process="Запись в первый класс",
        process_start="Заявление",
        process_end="Зачисление",
        lead=lead,
        effects="Нет очереди\nРодители довольны",
        stage1_date=datetime.date(2026, 1, 15),
        stage2_start=datetime.date(2026, 1, 16),
        stage2_end=datetime.date(2026, 1, 31),
        stage9_date=datetime.date(2026, 10, 1),
    )
    GoalFactory(project=project, name="Время записи", unit="мин", current_value=Decimal("40.5"), target_value=10)
    ProjectFactory(organisation=unit, title="Внешний заказчик", customer="АО «Кузбассэнерго»", kind="interagency")
    SuggestionFactory(
        organisation=school,
        authors=[lead, district["teacher"]],
        state=Suggestion.State.IMPLEMENTED,
        implemented_on=datetime.date(2023, 3, 1),
        achieved_effect="Журнал один",
    )
    TrainingFactory(employee=lead, hours=Decimal("36.5"))
    TrainingFactory(employee=district["teacher"], kind=Training.Kind.MENTORING, completed_on=None, hours=None)


def _empty_database():
    Training.objects.all().delete()
    Suggestion.objects.all().delete()
    Goal.objects.all().delete()
    Project.objects.all().delete()
    User.objects.exclude(username="admin").delete()
    Organisation.objects.update(head=None, parent=None)
    Employee.objects.all().delete()
    Organisation.objects.all().delete()


def test_every_register_round_trips_through_the_portals_own_export(district, tmp_path):
    _registers(district)
    admin = UserFactory(username="admin", role=User.Role.ADMIN, is_superuser=True, employee=None)
    before = _snapshot()
    path = tmp_path / "registers.xlsx"
    ImportTemplate(admin, with_records=True).write(path)
    _empty_database()
    assert not Organisation.objects.exists()

    report = apply(str(path), admin)

    assert report.errors == []
    assert _snapshot() == before
    assert all(value for value in before.values()), "every register had records to carry"


def test_each_sheet_of_the_template_is_there_with_notes_lists_and_an_example(district, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "template.xlsx"
    ImportTemplate(district["economy"]).write(path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "Организации",
        "Сотрудники",
        "Проекты",
        "Цели проектов",
        "Предложения по улучшению",
        "Обучение",
        "Списки",
    ]
    assert workbook["Списки"].sheet_state == "hidden"
    projects = workbook["Проекты"]
    header = [cell.value for cell in projects[1]]
    assert header[:2] == ["Организация *", "Название бережливого проекта *"]
    assert "Этап 3, с" in header and "Этап 10" in header
    assert all(cell.comment is not None for cell in projects[1])
    lists = {str(v.sqref).split(":")[0] for v in projects.data_validations.dataValidation}
    assert {"C2", "D2", "E2"} <= lists  # kind, sphere, state
    assert projects["B2"].value == "Сокращение времени записи в первый класс"

    # An organisation's template holds its own registers only.
    path = tmp_path / "school.xlsx"
    ImportTemplate(district["school_user"]).write(path)
    assert load_workbook(path).sheetnames == ["Предложения по улучшению", "Обучение", "Списки"]


# --- Thirty planted errors ------------------------------------------------------------------


def _row(key: str, **values) -> list:
    fields = [f.key for f in __import__("imports.sheets", fromlist=["x"]).SHEETS_BY_KEY[key].fields]
    return [values.get(k, "") for k in fields]


def _project(title, **values):
    values.setdefault("organisation", SCHOOL)
    values.setdefault("title", title)
    return _row("projects", **values)


PLANTED = [
    # (sheet, row, column)
    ("Организации", 2, "Полное наименование"),
    ("Организации", 3, "Вид"),
    ("Организации", 4, "ИНН"),
    ("Организации", 5, "Электронная почта"),
    ("Организации", 6, "Сфера деятельности"),
    ("Организации", 7, "Подчиняется"),
    ("Сотрудники", 2, "Фамилия"),
    ("Сотрудники", 3, "Организация"),
    ("Сотрудники", 4, "Обучение основам бережливого управления"),
    ("Сотрудники", 5, "Должность"),
    ("Проекты", 2, "Название бережливого проекта"),
    ("Проекты", 3, "Вид проекта"),
    ("Проекты", 4, "Состояние"),
    ("Проекты", 5, "Этап 3, с"),
    ("Проекты", 6, "Этап 2, по"),
    ("Проекты", 7, "Руководитель проекта"),
    ("Проекты", 8, "Этап 1"),
    ("Проекты", 9, "Организация"),
    ("Проекты", 10, "Процесс"),
    ("Цели проектов", 2, "Текущий показатель"),
    ("Цели проектов", 3, "Целевой показатель"),
    ("Цели проектов", 4, "Проект"),
    ("Цели проектов", 5, "Единица измерения"),
    ("Предложения по улучшению", 2, "Дата подачи"),
    ("Предложения по улучшению", 3, "Авторы"),
    ("Предложения по улучшению", 4, "Дата внедрения"),
    ("Обучение", 2, "Вид обучения"),
    ("Обучение", 3, "Сотрудник"),
    ("Обучение", 4, "Дата окончания"),
    ("Обучение", 5, "Часов"),
]


def _planted_file(tmp_path) -> str:
    org = {"short_name": "МБОУ «Новая школа»", "kind": "Муниципальное учреждение"}
    full = "Новая школа"
    person = {"first_name": "Анна", "position": "Учитель", "organisation": SCHOOL}
    goal = {"organisation": SCHOOL, "project": "Проект в порядке", "name": "Время", "unit": "мин"}
    authors = "Королёва Анна Петровна"
    suggestion = {
        "organisation": SCHOOL,
        "authors": authors,
        "submitted_on": "01.09.2026",
        "problem": "П",
        "solution": "Р",
    }
    training = {"organisation": SCHOOL, "employee": authors, "kind": "Наставничество", "started_on": "01.09.2026"}
    return write_xlsx(
        tmp_path / "planted.xlsx",
        {
            "Организации": [
                titles("organisations"),
                _row("organisations", **org),
                _row("organisations", **{**org, "full_name": full + " 1", "kind": "Школа"}),
                _row("organisations", **{**org, "full_name": full + " 2", "inn": "12345"}),
                _row("organisations", **{**org, "full_name": full + " 3", "email": "не-почта"}),
                _row("organisations", **{**org, "full_name": full + " 4", "sphere": "Образованье"}),
                _row("organisations", **{**org, "full_name": full + " 5", "parent": "Управление несуществующее"}),
            ],
            "Сотрудники": [
                titles("employees"),
                _row("employees", **person),
                _row("employees", **{**person, "last_name": "Белова", "organisation": "Школа № 999"}),
                _row("employees", **{**person, "last_name": "Белова", "lean_basics_completed_on": "31.02.2026"}),
                _row("employees", **{**person, "last_name": "Белова", "position": ""}),
            ],
            "Проекты": [
                titles("projects"),
                _project(""),
                _project("Проект 3", kind="Внешний"),
                _project("Проект 4", state="Завершён"),
                _project("Проект 5", stage2_start="01.02.2027", stage2_end="10.02.2027", stage3_start="05.02.2027"),
                _project("Проект 6", stage2_start="01.02.2027", stage2_end="20.01.2027"),
                _project("Проект 7", lead="Неизвестный Иван Иванович"),
                _project("Проект 8", stage1_date="вчера"),
                _project("Проект 9", organisation="Школа № 999"),
                _project("Проект 10", process="=A1&B1"),
                _project("Проект в порядке"),
            ],
            "Цели проектов": [
                titles("goals"),
                _row("goals", **{**goal, "current_value": "много", "target_value": "1"}),
                _row("goals", **{**goal, "name": "Очередь", "current_value": "5,0", "target_value": "5"}),
                _row("goals", **{**goal, "project": "Проект, которого нет", "current_value": 1, "target_value": 2}),
                _row("goals", **{**goal, "name": "Жалобы", "unit": "", "current_value": 1, "target_value": 2}),
            ],
            "Предложения по улучшению": [
                titles("suggestions"),
                _row("suggestions", **{**suggestion, "submitted_on": ""}),
                _row("suggestions", **{**suggestion, "authors": "Королёва Анна; Никто Никакой"}),
                _row("suggestions", **{**suggestion, "problem": "П2", "state": "Внедрено"}),
            ],
            "Обучение": [
                titles("training"),
                _row("training", **{**training, "kind": "Курсы кройки"}),
                _row("training", **{**training, "employee": "Петров Пётр"}),
                _row("training", **{**training, "started_on": "10.09.2026", "completed_on": "01.09.2026"}),
                _row("training", **{**training, "started_on": "11.09.2026", "hours": "тридцать"}),
            ],
        },
    )


def _counts():
    return [m.objects.count() for m in (Organisation, Employee, Project, Goal, Suggestion, Training)]


def test_thirty_planted_errors_are_each_reported_at_their_cell_and_nothing_is_written(district, tmp_path):
    path = _planted_file(tmp_path)
    before = _counts()

    report = check(path, district["economy"])

    assert sorted((i.sheet, i.row, i.column) for i in report.errors) == sorted(PLANTED)
    assert len(report.errors) == 30
    for issue in report.errors:
        assert str(issue).startswith(f"Лист «{issue.sheet}», строка {issue.row}, столбец «{issue.column}»: ")
    messages = {(i.sheet, i.row): i.message for i in report.errors}
    assert "раньше окончания этапа 2" in messages[("Проекты", 5)]
    assert "формула" in messages[("Проекты", 10)]
    assert "Возможно, «Образование»" in messages[("Организации", 6)]
    with pytest.raises(ImportFailed) as failed:
        apply(path, district["economy"])
    assert len(failed.value.report.errors) == 30
    assert _counts() == before


# --- Re-import ------------------------------------------------------------------------------


def _good_file(tmp_path, process="Запись в первый класс") -> str:
    return write_xlsx(
        tmp_path / "good.xlsx",
        {
            "Организации": [
                titles("organisations"),
                _row(
                    "organisations",
                    full_name="Новая школа",
                    short_name="МБОУ «Новая школа»",
                    kind="Муниципальное учреждение",
                    parent="Управление образования",
                    inn="4212000099",
                ),
            ],
            "Сотрудники": [
                titles("employees"),
                _row(
                    "employees",
                    last_name="Белова",
                    first_name="Ольга",
                    position="Директор",
                    organisation="МБОУ «Новая школа»",
                ),
            ],
            "Проекты": [
                titles("projects"),
                _project(
                    "Запись без очереди",
                    organisation="Новая школа",
                    lead="Белова Ольга",
                    process=process,
                    stage1_date=datetime.datetime(2026, 3, 1),
                ),
            ],
            "Цели проектов": [
                titles("goals"),
                _row(
                    "goals",
                    organisation="Новая школа",
                    project="запись без очереди",
                    name="Время",
                    unit="мин",
                    current_value=40,
                    target_value="10,5",
                ),
            ],
            "Предложения по улучшению": [
                titles("suggestions"),
                _row(
                    "suggestions",
                    organisation=SCHOOL,
                    authors="Королёва А.П.",
                    submitted_on="01.09.2026",
                    problem="Очередь",
                    solution="Талоны",
                ),
            ],
            "Обучение": [
                titles("training"),
                _row(
                    "training",
                    organisation=SCHOOL,
                    employee="Королева Анна Петровна",
                    kind="Наставничество",
                    started_on="01.09.2026",
                    hours="12,5",
                ),
            ],
        },
    )


def _history_rows() -> int:
    return sum(m.history.count() for m in (Organisation, Employee, Project, Goal, Suggestion, Training))


def test_reimporting_the_same_file_changes_nothing(district, tmp_path):
    path = _good_file(tmp_path)
    first = apply(path, district["economy"])
    assert first.errors == []
    assert first.total("create") == 6
    project = Project.objects.get(title="Запись без очереди")
    assert project.lead.full_name == "Белова Ольга"
    assert project.organisation.parent == district["unit"]
    assert project.history.get().history_change_reason == "импорт из файла «реестры.xlsx»"
    assert project.history.get().history_user == district["economy"]
    assert Suggestion.objects.get().authors.get() == district["teacher"]
    counts, history = _counts(), _history_rows()

    again = apply(path, district["economy"])

    assert again.errors == []
    assert again.total("create") == again.total("update") == 0
    assert again.total("unchanged") == 6
    assert _counts() == counts
    assert _history_rows() == history

    # A changed cell updates its record, recorded as the import.
    changed = apply(_good_file(tmp_path, process="Запись онлайн"), district["economy"])
    assert (changed.total("create"), changed.total("update")) == (0, 1)
    project.refresh_from_db()
    assert project.process == "Запись онлайн"
    assert project.history.count() == 2


def test_an_organisation_imports_its_own_suggestions_and_training_only(district, tmp_path):
    path = _good_file(tmp_path)
    report = check(path, district["school_user"])
    assert [(i.sheet, i.column) for i in report.errors] == [
        ("Организации", None),
        ("Сотрудники", None),
        ("Проекты", None),
        ("Цели проектов", None),
    ]
    own = write_xlsx(
        tmp_path / "own.xlsx",
        {
            "Обучение": [
                titles("training"),
                _row(
                    "training",
                    organisation=SCHOOL,
                    employee="Королёва Анна Петровна",
                    kind="Наставничество",
                    started_on="01.09.2026",
                ),
                _row(
                    "training",
                    organisation="Управление образования",
                    employee="Королёва Анна Петровна",
                    kind="Наставничество",
                    started_on="02.09.2026",
                ),
            ]
        },
    )
    report = check(own, district["school_user"])
    assert [(i.row, i.column, i.message) for i in report.errors] == [
        (3, "Организация", "организация загружает только свои записи.")
    ]


# --- Odd files ------------------------------------------------------------------------------


def test_formula_merged_title_empty_sheet_and_unknown_sheet(district, tmp_path):
    from openpyxl import Workbook as FullWorkbook

    workbook = FullWorkbook()
    ws = workbook.active
    ws.title = "Обучение"
    ws.append(["Обучение сотрудников школы за 2026 год"])
    ws.merge_cells("A1:G1")
    ws.append([t.upper() + " *" if i == 0 else t for i, t in enumerate(titles("training"))] + ["№ по порядку"])
    ws.append(
        [SCHOOL, "Королёва  Анна Петровна", "наставничество", "", datetime.datetime(2026, 9, 1), None, "=2*6", "=ROW()"]
    )
    ws.append([SCHOOL, "Королёва Анна Петровна", "Наставничество", "", "02.09.2026", None, "12", "=ROW()"])
    workbook.create_sheet("Предложения по улучшению")
    workbook.create_sheet("Мои заметки").append(["что-то своё"])
    path = tmp_path / "odd.xlsx"
    workbook.save(path)

    report = check(str(path), district["economy"])

    assert [str(i) for i in report.errors] == [
        "Лист «Обучение», строка 3, столбец «Часов»: в ячейке формула: вставьте вместо неё значение."
    ]
    assert {str(i) for i in report.warnings} == {
        "Лист «Мои заметки»: лист не относится ни к одному реестру портала и пропущен.",
        "Лист «Предложения по улучшению»: лист пуст.",
    }
    assert report.counts["Обучение"] == {"rows": 2, "create": 1, "update": 0, "unchanged": 0}


def test_a_sheet_of_fifty_thousand_rows_is_read_in_streaming_mode(district, tmp_path):
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Сотрудники")
    ws.append(titles("employees"))
    for n in range(50_000):
        ws.append([f"Фамилия{n}", "Имя", "", "Специалист", SCHOOL, "", None])
    path = tmp_path / "big.xlsx"
    workbook.save(path)

    report = check(str(path), district["economy"])

    assert report.errors == []
    assert report.counts["Сотрудники"] == {"rows": 50_000, "create": 50_000, "update": 0, "unchanged": 0}


def test_not_an_excel_file_is_reported(district, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    report = check(str(path), district["economy"])
    assert "не открывается как книга Excel" in str(report.errors[0])
