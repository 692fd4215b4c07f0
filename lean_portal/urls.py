from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from lean_portal import formstash, views
from orgs.account import PortalLoginView
from orgs.forms import LoginForm
from registries.views.surveys import survey_public

admin.site.site_header = "Бережливый портал — администрирование"
admin.site.site_title = "Бережливый портал"
admin.site.index_title = "Справочники и учётные записи"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The short public link of a satisfaction survey (printed as a QR code at service counters).
    path("s/<str:token>/", survey_public, name="survey-short"),
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
    path("account/", include("orgs.account_urls")),
    path("session/keep-alive/", formstash.keep_alive, name="session-keepalive"),
    path("orgs/", include("orgs.urls")),
    path("projects/", include("projects.urls")),
    path("scoring/", include("scoring.urls")),
    path("reports/", include("reporting.urls")),
    path("registries/", include("registries.urls")),
    path("plan/", include("plan.urls")),
    path("notifications/", include("notifications.urls")),
    path("effects/", include("effects.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_FLOOR_VIEW:
    from lean_portal.bench_floor import floor

    urlpatterns.append(path("bench/floor/", floor, name="bench-floor"))

# A lost database connection answers 503 «База данных временно недоступна», anything else the plain 500 page.
handler500 = "lean_portal.dberrors.server_error"
# A bad request parameter answers 400 with the Russian reason (lean_portal/security.py).
handler400 = "lean_portal.security.bad_request"
