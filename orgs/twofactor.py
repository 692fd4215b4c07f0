"""A second factor at log-in (django-otp): a TOTP app, and one-time recovery codes.

Required for the economic development office and administrators, who read every
organisation's records; optional for everyone else. Once a person has set one up, every
log-in of theirs asks for it. Until the code is given, a logged-in session reaches only the
second-factor pages and log-out (``SecondFactorMiddleware``): for the office and
administrators without a device yet, the enrolment page.

django-otp keeps the verified device in the session (``otp_device_id``) and checks on every
request that it still exists and belongs to the user; its throttling doubles the wait after
each wrong code.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

PENDING_KEY = "portal_second_factor_pending"
ENROL_KEY = "portal_totp_enrolment_key"
RECOVERY_CODES = 10
RECOVERY_DEVICE_NAME = "Коды восстановления"
TOTP_DEVICE_NAME = "Приложение-аутентификатор"
# Reachable before the second factor is given.
EXEMPT_VIEWS = {
    "account:otp-verify",
    "account:otp-setup",
    "logout",
    "healthz",
    "survey-short",
    "registries:survey-public",
    "registries:survey-thanks",
}


def second_factor_required(user) -> bool:
    """The office and administrators read every organisation's personal data."""
    return bool(user.is_authenticated and user.sees_everything)


def needs_second_factor(request) -> bool:
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return second_factor_required(user) or bool(request.session.get(PENDING_KEY))


@receiver(user_logged_in)
def _ask_for_the_second_factor(sender, request, user, **kwargs):
    """Someone who set up a second factor is asked for it at every log-in."""
    if request is None or not hasattr(request, "session") or second_factor_required(user):
        return
    if user_has_device(user):
        request.session[PENDING_KEY] = True


class SecondFactorMiddleware:
    """After ``django_otp.middleware.OTPMiddleware``: an unverified session that needs a
    second factor is sent to the page asking for it (with ``next``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name in EXEMPT_VIEWS:
            return None
        if not needs_second_factor(request):
            return None
        return redirect(f"{reverse('account:otp-verify')}?{urlencode({'next': request.get_full_path()})}")


def safe_next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


# --- Devices ---------------------------------------------------------------------------------


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_totp(request, *, save: bool = False) -> TOTPDevice:
    """The device being enrolled. Its key lives in the session until a code confirms it (a GET
    writes nothing); ``save`` stores it, unconfirmed, for django-otp to verify and throttle."""
    key = request.session.get(ENROL_KEY)
    if not key:
        key = request.session[ENROL_KEY] = default_key()
    if not save:
        return TOTPDevice(user=request.user, name=TOTP_DEVICE_NAME, key=key, confirmed=False)
    device, _ = TOTPDevice.objects.update_or_create(
        user=request.user, confirmed=False, defaults={"key": key, "name": TOTP_DEVICE_NAME}
    )
    return device


def totp_confirm(request, device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    request.session.pop(ENROL_KEY, None)
    mark_verified(request, device)


def verify_code(user, code: str):
    """The confirmed device (app or recovery code) that accepts ``code``, or None."""
    code = "".join(code.split())
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(code):
                return device
    return None


@transaction.atomic
def recovery_codes_issue(*, user) -> list[str]:
    """New recovery codes, replacing the old ones; each works once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_remove(*, user) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def mark_verified(request, device) -> None:
    """The session has given its second factor (django-otp's login)."""
    otp_login(request, device)
    request.session.pop(PENDING_KEY, None)


__all__ = ["DEVICE_ID_SESSION_KEY", "SecondFactorMiddleware", "second_factor_required"]
