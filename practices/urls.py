"""The bank of practices (logged-in), its open data files and the JSON API (public): one namespace,
included at the root so that the open-data addresses stay stable and short."""

from django.urls import path

from practices import api, views

app_name = "practices"

urlpatterns = [
    path("practices/", views.practice_list, name="list"),
    path("practices/<int:pk>/", views.practice_detail, name="detail"),
    path("practices/<int:pk>/passport.pdf", views.practice_pdf, name="pdf"),
    path("practices/<int:pk>/replicate/", views.replicate, name="replicate"),
    path("opendata/practices/", views.opendata_passport, name="opendata"),
    path("opendata/practices/data.csv", views.opendata_csv, name="opendata-csv"),
    path("opendata/practices/data.json", views.opendata_json, name="opendata-json"),
    path("opendata/practices/structure.csv", views.opendata_structure, name="opendata-structure"),
    path("opendata/practices/schema.json", views.opendata_schema, name="opendata-schema"),
    path("api/v1/practices/", api.practice_list, name="api-list"),
    path("api/v1/practices/<int:pk>/", api.practice_detail, name="api-detail"),
]
