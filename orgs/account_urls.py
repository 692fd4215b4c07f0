"""The person's own account: /account/ (orgs/account.py)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from orgs import account

app_name = "account"

urlpatterns = [
    path("", account.account, name="index"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="registration/password_change_form.html",
            success_url=reverse_lazy("account:password-change-done"),
        ),
        name="password-change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password-change-done",
    ),
    path(
        "password-reset/",
        account.reset_enabled(
            auth_views.PasswordResetView.as_view(
                template_name="registration/password_reset_form.html",
                email_template_name="registration/password_reset_email.txt",
                subject_template_name="registration/password_reset_subject.txt",
                success_url=reverse_lazy("account:password-reset-done"),
            )
        ),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        account.reset_enabled(
            auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html")
        ),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        account.reset_enabled(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="registration/password_reset_confirm.html",
                success_url=reverse_lazy("account:password-reset-complete"),
            )
        ),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        account.reset_enabled(
            auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html")
        ),
        name="password-reset-complete",
    ),
    path("two-factor/", account.otp_verify, name="otp-verify"),
    path("two-factor/setup/", account.otp_setup, name="otp-setup"),
    path("two-factor/recovery-codes/", account.recovery_codes, name="otp-recovery"),
    path("two-factor/disable/", account.otp_disable, name="otp-disable"),
]
