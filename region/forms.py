"""The onboarding form: a municipality, its economy office and its first user, on one page."""

from __future__ import annotations

from django import forms
from django.core.validators import validate_slug

from orgs.models import Municipality, Organisation, User

# Slugs that would read as another page's address under /region/municipalities/.
RESERVED_SLUGS = {"new"}


class OnboardingForm(forms.Form):
    # The municipality.
    name = forms.CharField(
        label="Полное наименование",
        max_length=300,
        help_text="Например: «Беловский муниципальный округ».",
    )
    short_name = forms.CharField(label="Краткое наименование", max_length=150, help_text="Например: «Беловский МО».")
    slug = forms.CharField(
        label="Код в адресах",
        max_length=60,
        help_text="Латинскими буквами, цифрами и дефисом, например: «belovsky». Не меняется после создания.",
    )
    kind = forms.ChoiceField(label="Вид", choices=Municipality.Kind.choices, initial=Municipality.Kind.OKRUG)
    decree = forms.CharField(
        label="Постановление о бережливом управлении",
        max_length=500,
        required=False,
        help_text="Реквизиты муниципального правового акта, например: «Постановление от 01.02.2025 № 123».",
    )
    # Its economic development office.
    office_full_name = forms.CharField(
        label="Полное наименование управления",
        max_length=500,
        help_text="Например: «Управление экономического развития администрации Беловского муниципального округа».",
    )
    office_short_name = forms.CharField(
        label="Краткое наименование управления", max_length=200, help_text="Например: «Управление экономики»."
    )
    office_email = forms.EmailField(label="Электронная почта управления", required=False)
    # Its first user.
    last_name = forms.CharField(label="Фамилия", max_length=100)
    first_name = forms.CharField(label="Имя", max_length=100)
    middle_name = forms.CharField(label="Отчество", max_length=100, required=False)
    position = forms.CharField(label="Должность", max_length=300, help_text="Например: «Начальник управления».")
    email = forms.EmailField(label="Электронная почта сотрудника", required=False)
    username = forms.CharField(
        label="Имя пользователя для входа",
        max_length=150,
        help_text="Латиницей, например: «belovo-economy». Временный пароль портал создаст сам и покажет один раз.",
    )

    FIELDSETS = (
        (
            "Муниципальное образование",
            ("name", "short_name", "slug", "kind", "decree"),
        ),
        (
            "Управление экономического развития",
            ("office_full_name", "office_short_name", "office_email"),
        ),
        (
            "Первый пользователь — сотрудник управления (роль «Управление экономического развития»)",
            ("last_name", "first_name", "middle_name", "position", "email", "username"),
        ),
    )

    def fieldsets(self):
        """``(legend, bound fields)`` in the order of ``FIELDSETS``."""
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Municipality.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(f"Муниципальное образование «{name}» уже есть в портале.")
        return name

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        try:
            validate_slug(slug)
        except forms.ValidationError:
            raise forms.ValidationError(
                "Код пишется латинскими буквами, цифрами, дефисом или подчёркиванием, без пробелов."
            ) from None
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(f"Код «{slug}» зарезервирован: выберите другой.")
        taken = Municipality.objects.filter(slug=slug).first()
        if taken is not None:
            raise forms.ValidationError(f"Код «{slug}» уже занят: {taken.name}.")
        return slug

    def clean_office_full_name(self):
        name = " ".join(self.cleaned_data["office_full_name"].split())
        taken = Organisation.objects.filter(full_name__iexact=name).select_related("municipality").first()
        if taken is not None:
            where = f" ({taken.municipality})" if taken.municipality else ""
            raise forms.ValidationError(f"Организация с таким полным наименованием уже есть в портале{where}.")
        return name

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(f"Имя пользователя «{username}» уже занято: выберите другое.")
        return username
