from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("template/", views.template, name="template"),
    path("registers/", views.registers, name="registers"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
]
