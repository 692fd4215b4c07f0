from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("start/", views.report_start, name="start"),
    path("<int:year>/<int:quarter>/", views.report_period, name="period"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/return/", views.report_return, name="return"),
    path("<int:pk>/accept/", views.report_accept, name="accept"),
    path("status/", views.report_status, name="status"),
    path("export/", views.report_export, name="export"),
    path("deadlines/", views.deadline_list, name="deadlines"),
    path("deadlines/rules/", views.deadline_rules, name="deadline-rules"),
    path("self-assessment/", views.selfassessment_list, name="selfassessment-list"),
    path("self-assessment/start/", views.selfassessment_start, name="selfassessment-start"),
    path("self-assessment/<int:pk>/", views.selfassessment_detail, name="selfassessment-detail"),
    path("self-assessment/<int:pk>/send/", views.selfassessment_send, name="selfassessment-send"),
    path("self-assessment/<int:pk>/scan/", views.selfassessment_scan, name="selfassessment-scan"),
    path("self-assessment/<int:pk>/pdf/", views.selfassessment_pdf, name="selfassessment-pdf"),
]
