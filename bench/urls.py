from django.urls import path

from bench.floor import floor

urlpatterns = [
    path("floor/", floor, name="bench-floor"),
]
