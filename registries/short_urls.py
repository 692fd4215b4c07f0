"""The short public link of a satisfaction survey at the site root (``/s/<token>/``, URL name
``survey-short``), printed as a QR code at service counters."""

from django.urls import path

from registries.views.surveys import survey_public

urlpatterns = [
    path("s/<str:token>/", survey_public, name="survey-short"),
]
