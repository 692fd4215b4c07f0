from django.urls import path

from projects import lookups, views

app_name = "projects"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("export/", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("similar/", views.similar, name="similar"),
    path("people/", lookups.people_lookup, name="people-lookup"),
    path("lookup/", lookups.project_lookup, name="project-lookup"),
    path("staff-on-other-teams/", views.seconded, name="seconded"),
    path("staff-on-other-teams/withdraw/", views.seconded_withdraw, name="seconded-withdraw"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/state/<str:to_state>/", views.transition, name="transition"),
    path("<int:pk>/stage/", views.record_stage, name="stage"),
    path("<int:pk>/stability/", views.stability, name="stability"),
    path("<int:pk>/replicate/", views.replicate, name="replicate"),
    path("<int:pk>/changes/new/", views.change_request_create, name="change-create"),
    path("changes/<int:pk>/decide/", views.change_request_decide, name="change-decide"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/scan/", views.scan, name="scan"),
    path("<int:pk>/scan/upload/", views.scan_upload, name="scan-upload"),
]
