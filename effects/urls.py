from django.urls import path

from effects import views

app_name = "effects"

urlpatterns = [
    path("", views.district, name="district"),
    path("export.xlsx", views.export, name="export"),
    path("verification/", views.verification, name="verification"),
    path("rates/", views.rates, name="rates"),
    path("projects/<int:project_pk>/", views.project, name="project"),
    path("projects/<int:project_pk>/new/", views.create, name="create"),
    path("projects/<int:project_pk>/change/", views.change, name="change"),
    path("reports/<int:pk>/", views.report_forecast, name="report-forecast"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/actual/", views.actual, name="actual"),
    path("<int:pk>/verify/", views.verify, name="verify"),
]
