"""Log-in and log-out at the site root (``/login/``, ``/logout/``; URL names ``login``, ``logout``)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from orgs.account import PortalLoginView
from orgs.forms import LoginForm

urlpatterns = [
    path(
        "login/",
        PortalLoginView.as_view(
            template_name="registration/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
