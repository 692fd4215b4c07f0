from django.apps import apps
from django.contrib import admin
from django.urls import include, path

from lean_portal import formstash, views

admin.site.site_header = "Бережливый портал — администрирование"
admin.site.site_title = "Бережливый портал"
admin.site.index_title = "Справочники и учётные записи"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The short public link of a satisfaction survey (printed as a QR code at service counters).
    path("", include("registries.short_urls")),
    # /login/ and /logout/.
    path("", include("orgs.login_urls")),
    path("account/", include("orgs.account_urls")),
    path("session/keep-alive/", formstash.keep_alive, name="session-keepalive"),
    path("orgs/", include("orgs.urls")),
    path("projects/", include("projects.urls")),
    path("scoring/", include("scoring.urls")),
    path("reports/", include("reporting.urls")),
    path("registries/", include("registries.urls")),
    path("plan/", include("plan.urls")),
    path("notifications/", include("notifications.urls")),
    path("imports/", include("imports.urls")),
    path("effects/", include("effects.urls")),
    # The regional bank of practices, its open data and API (/practices/, /opendata/practices/, /api/v1/practices/).
    path("", include("practices.urls")),
    path("region/", include("region.urls")),
    path("admin/", admin.site.urls),
]

# The benchmark's floor view, only where the development-only bench app is installed (DJANGO_BENCH=1).
if apps.is_installed("bench"):
    urlpatterns.append(path("bench/", include("bench.urls")))

# A lost database connection answers 503 «База данных временно недоступна», anything else the plain 500 page.
handler500 = "lean_portal.dberrors.server_error"
# A bad request parameter answers 400 with the Russian reason (lean_portal/security.py).
handler400 = "lean_portal.security.bad_request"
