"""Organisations of the district, their employees and the portal's user accounts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from lean_portal.search import SearchQuerySet, SearchTextModel


class SphereQuerySet(models.QuerySet):
    def of_municipality(self, municipality) -> SphereQuerySet:
        """The choices in ``municipality``: the regional list and the municipality's own additions
        (``municipality`` None: the regional list alone)."""
        municipality_id = getattr(municipality, "pk", municipality)
        if municipality_id is None:
            return self.filter(municipality__isnull=True)
        return self.filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))

    def available_to(self, user) -> SphereQuerySet:
        """The spheres ``user`` chooses from: the regional office and administrators every one, a
        municipality's users the regional list and their municipality's own."""
        if user.is_authenticated and user.sees_region:
            return self.all()
        return self.of_municipality(user.municipality_id if user.is_authenticated else None)


class Sphere(models.Model):
    """A sphere of activity (education, culture, …): an editable reference list.

    The regional list (no municipality) is everyone's; a municipality may extend it with its own.
    """

    name = models.CharField("наименование", max_length=200)
    position = models.PositiveSmallIntegerField("порядок", default=0)
    municipality = models.ForeignKey(
        "Municipality",
        verbose_name="муниципальное образование",
        help_text="Пусто — сфера из регионального списка, общая для всех.",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="spheres",
    )

    objects = SphereQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "сфера деятельности"
        verbose_name_plural = "сферы деятельности"
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(municipality__isnull=True), name="regional_sphere_name"
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"],
                condition=Q(municipality__isnull=False),
                name="sphere_name_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def active(self) -> MunicipalityQuerySet:
        return self.filter(is_active=True)

    def default(self) -> Municipality:
        """The municipality a single-district installation lives in (Leninsk-Kuznetsky, decree № 969).

        Created on first use: ``load_reference``, the data migration and an organisation saved without
        a municipality all land here.
        """
        municipality, _ = self.get_or_create(slug=Municipality.DEFAULT_SLUG, defaults=Municipality.DEFAULT_FIELDS)
        return municipality


class Municipality(models.Model):
    """A municipality of the region: its own decree, economy office, plan, targets and rules.

    Every organisation belongs to one municipality, except the regional level's own bodies
    (``Organisation.municipality`` empty, kind ``REGIONAL``): the regional project office.
    """

    DEFAULT_SLUG = "leninsk-kuznetsky"
    DEFAULT_FIELDS = {
        "name": "Ленинск-Кузнецкий муниципальный округ",
        "short_name": "Ленинск-Кузнецкий МО",
        "kind": "okrug",
        "decree": "Постановление администрации Ленинск-Кузнецкого муниципального округа от 30.09.2022 № 969",
    }

    class Kind(models.TextChoices):
        OKRUG = "okrug", "Муниципальный округ"
        CITY = "city", "Городской округ"
        DISTRICT = "district", "Муниципальный район"

    name = models.CharField("наименование", max_length=300, unique=True)
    short_name = models.CharField("краткое наименование", max_length=150)
    slug = models.SlugField(
        "код в адресах", max_length=60, unique=True, help_text="Латиницей, например: «leninsk-kuznetsky»."
    )
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.OKRUG)
    decree = models.CharField(
        "постановление о бережливом управлении",
        max_length=500,
        blank=True,
        help_text="Реквизиты муниципального правового акта, по которому ведутся проекты.",
    )
    is_active = models.BooleanField("действует", default=True)
    created_at = models.DateTimeField("добавлено", auto_now_add=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "муниципальное образование"
        verbose_name_plural = "муниципальные образования"

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_default(self) -> bool:
        return self.slug == self.DEFAULT_SLUG


def _field_prefix(field: str) -> str:
    return f"{field}__" if field else ""


def visible_organisation_filter(user, field: str = "organisation") -> Q:
    """A ``Q`` selecting rows whose organisation ``user`` may read.

    ``field`` names the path from the filtered model to its organisation
    (``"organisation"``, ``"project__organisation"``); ``""`` filters
    ``Organisation`` itself.
    """
    p = _field_prefix(field)
    if not user.is_authenticated:
        return Q(**{f"{p}pk__in": []})
    if user.sees_region:
        return Q()
    if user.is_economy:
        # The office reads its own municipality, nothing across its border.
        municipality_id = user.municipality_id
        if municipality_id is None:
            return Q(**{f"{p}pk__in": []})
        if not field:
            return Q(municipality_id=municipality_id)
        return Q(**{f"{field}__in": Organisation.objects.filter(municipality_id=municipality_id).values("pk")})
    org_id = user.organisation_id
    if org_id is None:
        return Q(**{f"{p}pk__in": []})
    own_and_subordinate = Q(pk=org_id) | Q(parent_id=org_id)
    if not field:
        return own_and_subordinate
    # ``organisation_id IN (SELECT id … WHERE id = X OR parent_id = X)`` rather than an OR over
    # a join: PostgreSQL then reads the dozen organisations' rows by the organisation index
    # instead of walking a whole table in the list's order (measured: bench/README.md,
    # «Measurements behind the code»).
    return Q(**{f"{field}__in": Organisation.objects.filter(own_and_subordinate).values("pk")})


class OrganisationQuerySet(SearchQuerySet):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def visible_to(self, user) -> OrganisationQuerySet:
        """Organisations whose records ``user`` may read (see ``orgs.access``)."""
        return self.filter(visible_organisation_filter(user, field=""))

    def in_municipality_of(self, user) -> OrganisationQuerySet:
        """The organisations of ``user``'s municipality, whose names are public there (passport
        participants and customers, plan executors): the regional office and administrators get
        every municipality's, a user without a municipality none."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_region:
            return self.all()
        municipality_id = user.municipality_id
        return self.filter(municipality_id=municipality_id) if municipality_id else self.none()


class Organisation(SearchTextModel):
    # The short name first: «starts with» reads the start of ``search_text``.
    SEARCH_FIELDS = ("short_name", "full_name")

    class Kind(models.TextChoices):
        STRUCTURAL_UNIT = "unit", "Структурное подразделение администрации"
        INSTITUTION = "institution", "Муниципальное учреждение"
        TERRITORIAL = "territorial", "Территориальный отдел"
        REGIONAL = "regional", "Орган регионального уровня"

    full_name = models.CharField("полное наименование", max_length=500, unique=True)
    short_name = models.CharField("краткое наименование", max_length=200)
    # Empty only for the regional level's own bodies (kind REGIONAL); ``save`` puts an organisation
    # created without one into the default municipality.
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="муниципальное образование",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    # Matched on import from a district's own spreadsheets (imports/): the name may be spelt differently.
    inn = models.CharField("ИНН", max_length=12, blank=True, db_index=True)
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    sphere = models.ForeignKey(
        Sphere,
        verbose_name="сфера деятельности",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="подчиняется",
        help_text="Структурное подразделение, которому подведомственна организация.",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
    )
    head = models.ForeignKey(
        "Employee",
        verbose_name="руководитель",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_organisations",
    )
    is_economy_office = models.BooleanField(
        "управление экономического развития",
        default=False,
        help_text="Рассматривает паспорта, оценивает проекты и ведёт мониторинг плана.",
    )
    email = models.EmailField("электронная почта", blank=True)
    is_active = models.BooleanField("действует", default=True)
    # Maker-checker: nobody decides what they filed. Where the only person who could decide
    # (the head, or the office's only member) filed it themselves, the deputy decides.
    decision_deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="заместитель для принятия решений",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy_for",
        help_text=(
            "Принимает решения за руководителя организации (для управления экономического развития — "
            "за управление) по документам, которые подал сам руководитель или единственный сотрудник "
            "управления: никто не принимает, не согласовывает и не утверждает то, что подал сам."
        ),
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["short_name"]
        verbose_name = "организация"
        verbose_name_plural = "организации"
        constraints = [
            # One economy office per municipality.
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(is_economy_office=True),
                name="single_economy_office_per_municipality",
            ),
            models.CheckConstraint(
                condition=Q(kind="regional", municipality__isnull=True)
                | (~Q(kind="regional") & Q(municipality__isnull=False)),
                name="organisation_municipality_unless_regional",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="organisation_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.short_name

    def save(self, *args, **kwargs):
        if self.municipality_id is None and self.kind != self.Kind.REGIONAL:
            self.municipality = Municipality.objects.default()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.REGIONAL and self.municipality_id is not None:
            raise ValidationError({"municipality": "Орган регионального уровня не входит в муниципальное образование."})
        if self.parent_id is not None and self.parent.municipality_id != self.municipality_id:
            raise ValidationError(
                {"parent": "Организация подчиняется только организации своего муниципального образования."}
            )

    @property
    def is_regional(self) -> bool:
        return self.kind == self.Kind.REGIONAL

    @property
    def is_subordinate(self) -> bool:
        return self.parent_id is not None


class Employee(SearchTextModel):
    """A person working in an organisation; not every employee has a login."""

    SEARCH_FIELDS = ("last_name", "first_name", "middle_name")
    SEARCH_SEPARATOR = " "

    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    position = models.CharField("должность", max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="employees",
    )
    email = models.EmailField("электронная почта", blank=True)
    lean_basics_completed_on = models.DateField(
        "дата окончания обучения основам бережливого управления",
        null=True,
        blank=True,
        help_text="Оценку значимости проектов проводят лица, прошедшие обучение (п. 4.2).",
    )
    is_active = models.BooleanField("работает", default=True)

    objects = SearchQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["last_name", "first_name", "middle_name"]
        verbose_name = "сотрудник"
        verbose_name_plural = "сотрудники"
        indexes = [models.Index(fields=["organisation", "last_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def short_name(self) -> str:
        """«Иванов И.И.», as documents write a signature's name."""
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name} {initials}".strip()

    @property
    def has_lean_basics(self) -> bool:
        return self.lean_basics_completed_on is not None


class User(AbstractUser):
    """A log-in account. Its organisation is its employee's organisation."""

    class Role(models.TextChoices):
        STAFF = "staff", "Сотрудник организации"
        DIRECTOR = "director", "Руководитель (утверждает паспорта)"
        ECONOMY = "economy", "Управление экономического развития"
        REGION = "region", "Региональный проектный офис"
        ADMIN = "admin", "Администратор"

    role = models.CharField("роль", max_length=20, choices=Role.choices, default=Role.STAFF)
    employee = models.OneToOneField(
        Employee,
        verbose_name="сотрудник",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"

    def _employee(self) -> Employee | None:
        """The user's employee with its organisation, fetched together in one query.

        Nearly every page reads both (the layout shows the organisation, the access
        rules use its id); loading the employee alone and then the organisation would
        cost two queries per request.
        """
        if not self.employee_id:
            return None
        field = User._meta.get_field("employee")
        if not field.is_cached(self):
            field.set_cached_value(
                self,
                Employee.objects.select_related("organisation__municipality").filter(pk=self.employee_id).first(),
            )
        return self.employee

    @property
    def organisation(self) -> Organisation | None:
        employee = self._employee()
        return employee.organisation if employee else None

    @property
    def organisation_id(self) -> int | None:
        employee = self._employee()
        return employee.organisation_id if employee else None

    @property
    def municipality_id(self) -> int | None:
        """The municipality of the user's organisation (None at the regional level or without one)."""
        employee = self._employee()
        return employee.organisation.municipality_id if employee else None

    @property
    def municipality(self) -> Municipality | None:
        # Loaded with the employee and its organisation (``_employee``): no query of its own.
        employee = self._employee()
        if employee is None or employee.organisation.municipality_id is None:
            return None
        return employee.organisation.municipality

    @property
    def is_economy(self) -> bool:
        return self.role == self.Role.ECONOMY

    @property
    def is_region(self) -> bool:
        """The regional project office: reads every municipality, compares them, writes no municipality's records."""
        return self.role == self.Role.REGION

    @property
    def sees_region(self) -> bool:
        """Reads the records of every municipality: the regional office and administrators."""
        return self.is_region or self.is_portal_admin

    @property
    def is_director(self) -> bool:
        return self.role == self.Role.DIRECTOR

    @property
    def is_portal_admin(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser

    @property
    def sees_everything(self) -> bool:
        """Reads every record within reach, not only an organisation's: the economic development
        office (its municipality's), the regional office and administrators (the region's).
        Which rows that is, ``visible_organisation_filter`` says; never skip it on this flag."""
        return self.is_economy or self.sees_region

    @property
    def display_name(self) -> str:
        employee = self._employee()
        return employee.short_name if employee else self.get_username()


class PersonalDataAccess(models.Model):
    """Who viewed or exported lists with employees' personal data, and when (152-ФЗ)."""

    class Action(models.TextChoices):
        VIEW = "view", "Просмотр"
        EXPORT = "export", "Выгрузка"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="пользователь", on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField("действие", max_length=10, choices=Action.choices)
    what = models.CharField("что", max_length=300)
    path = models.CharField("адрес", max_length=500)
    records = models.PositiveIntegerField("записей", null=True, blank=True)
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "доступ к персональным данным"
        verbose_name_plural = "журнал доступа к персональным данным"

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.user} — {self.get_action_display()}: {self.what}"
