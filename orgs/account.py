"""A person's own account: password change and reset (Django's views), the second factor.

Password change and reset are Django's own views with the portal's templates and Django's
password validators (``AUTH_PASSWORD_VALIDATORS``). Reset by e-mail is offered only when the
portal can send mail (``PASSWORD_RESET_BY_EMAIL``); otherwise its pages answer 404 and the
log-in page says to ask the administrator.
"""

from __future__ import annotations

import functools
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from orgs import twofactor


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Код",
        max_length=20,
        help_text="Шесть цифр из приложения-аутентификатора или один из кодов восстановления.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"]
        self.device = twofactor.verify_code(self.user, code)
        if self.device is None:
            raise forms.ValidationError(
                "Код не подошёл. Введите текущий код из приложения (он меняется каждые 30 секунд) "
                "или неиспользованный код восстановления. После нескольких ошибок ввод замедляется."
            )
        return code


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Код из приложения",
        max_length=10,
        help_text="Шесть цифр, которые показывает приложение после добавления учётной записи.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not self.device.verify_token(code):
            raise forms.ValidationError("Код не подошёл. Проверьте время на телефоне и введите текущий код.")
        return code


# --- Views -------------------------------------------------------------------------------


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "orgs/account/index.html",
        {
            "totp": twofactor.confirmed_totp(user),
            "codes_left": twofactor.recovery_codes_left(user),
            "required": twofactor.second_factor_required(user),
        },
    )


@never_cache
@login_required
def otp_verify(request):
    """The second step of log-in: a code from the app or a recovery code."""
    user = request.user
    if not twofactor.needs_second_factor(request):
        return render(request, "orgs/account/otp_verify.html", {"done": True})
    if twofactor.second_factor_required(user) and not twofactor.user_has_device(user):
        return redirect(f"{reverse('account:otp-setup')}?{urlencode({'next': twofactor.safe_next(request)})}")
    form = CodeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        twofactor.mark_verified(request, form.device)
        return redirect(twofactor.safe_next(request))
    return render(request, "orgs/account/otp_verify.html", {"form": form, "next": twofactor.safe_next(request)})


@never_cache
@login_required
def otp_setup(request):
    """Enrol a TOTP app: scan the QR code (or type the key), confirm with a code, get recovery codes."""
    user = request.user
    if twofactor.confirmed_totp(user) is not None:
        return render(request, "orgs/account/otp_setup.html", {"enrolled": True})
    device = twofactor.pending_totp(request, save=request.method == "POST")
    form = EnrolForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        twofactor.totp_confirm(request, device)
        codes = twofactor.recovery_codes_issue(user=user)
        return render(
            request, "orgs/account/recovery_codes.html", {"codes": codes, "next": twofactor.safe_next(request)}
        )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "orgs/account/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, title="QR-код для приложения-аутентификатора"),
            "secret": _grouped(b32encode(device.bin_key).decode()),
            "required": twofactor.second_factor_required(user),
            "next": twofactor.safe_next(request),
        },
    )


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@login_required
def recovery_codes(request):
    """New recovery codes (the old ones stop working), shown once."""
    user = request.user
    if request.method == "POST":
        if twofactor.confirmed_totp(user) is None:
            messages.error(request, "Сначала подключите приложение-аутентификатор.")
            return redirect("account:index")
        codes = twofactor.recovery_codes_issue(user=user)
        return render(request, "orgs/account/recovery_codes.html", {"codes": codes, "next": ""})
    return render(
        request,
        "orgs/account/recovery_codes.html",
        {"codes_left": twofactor.recovery_codes_left(user), "enrolled": twofactor.confirmed_totp(user) is not None},
    )


@require_POST
@login_required
def otp_disable(request):
    user = request.user
    if twofactor.second_factor_required(user):
        messages.error(request, "Для вашей роли второй фактор обязателен: отключить его нельзя.")
    else:
        twofactor.second_factor_remove(user=user)
        messages.success(request, "Второй фактор отключён.")
    return redirect("account:index")


class PortalLoginView(auth_views.LoginView):
    """Django's log-in view; the page links to password reset only where mail is sent."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "password_reset_by_email": settings.PASSWORD_RESET_BY_EMAIL}


# --- Password reset: only when the portal can send mail ---------------------------------------


def reset_enabled(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.PASSWORD_RESET_BY_EMAIL:
            raise Http404("Восстановление пароля по почте не настроено.")
        return view(request, *args, **kwargs)

    return wrapped
