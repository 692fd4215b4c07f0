from django.urls import path

from region import views

app_name = "region"

urlpatterns = [
    path("", views.comparison, name="comparison"),
    path("comparison.xlsx", views.comparison_xlsx, name="comparison-xlsx"),
    path("municipalities/", views.municipality_list, name="municipality-list"),
    path("municipalities/new/", views.municipality_create, name="municipality-create"),
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality-detail"),
    path("municipalities/<slug:slug>/deactivate/", views.municipality_deactivate, name="municipality-deactivate"),
    path("municipalities/<slug:slug>/reactivate/", views.municipality_reactivate, name="municipality-reactivate"),
]
