from django.urls import path

from plan import views

app_name = "plan"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisation/<int:pk>/", views.organisation_view, name="organisation"),
    path("records/<int:indicator>/<int:year>/", views.records, name="records"),
    path("lagging/<int:indicator>/<int:year>/", views.lagging, name="lagging"),
    path("report.pdf", views.report_pdf, name="report-pdf"),
    path("report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/targets/", views.plan_targets, name="targets"),
]
