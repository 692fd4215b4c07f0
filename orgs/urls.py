from django.urls import path

from orgs import autocomplete, views

app_name = "orgs"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("spheres/", views.sphere_list, name="spheres"),
    path("autocomplete/", autocomplete.organisation_autocomplete, name="autocomplete"),
    path("lookup/", autocomplete.organisation_lookup, name="lookup"),
    path("employees/lookup/", autocomplete.employee_lookup, name="employee-lookup"),
]
