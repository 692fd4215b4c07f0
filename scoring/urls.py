from django.urls import path

from scoring import views

app_name = "scoring"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("export.xlsx", views.ranking_export, name="ranking-export"),
    path("pending/", views.pending, name="pending"),
    path("library/", views.library, name="library"),
    path("library/<int:project_pk>/replicate/", views.replicate, name="replicate"),
    path("projects/<int:project_pk>/assess/", views.assess, name="assess"),
    path("rubric/", views.rubric_list, name="rubric-list"),
    path("rubric/new/", views.rubric_create, name="rubric-create"),
    path("rubric/<int:pk>/", views.rubric_detail, name="rubric-detail"),
    path("corrections/acknowledge/", views.corrections_acknowledge, name="corrections-acknowledge"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/agree/", views.agree, name="agree"),
    path("<int:pk>/sheet.pdf", views.score_sheet, name="sheet"),
]
