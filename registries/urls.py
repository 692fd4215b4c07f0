from django.urls import path

from registries import lookups
from registries.views import contests, diagnostics, modelsites, recognition, suggestions, surveys, training

app_name = "registries"

urlpatterns = [
    # Improvement suggestions
    path("suggestions/", suggestions.suggestion_list, name="suggestion-list"),
    path("suggestions/new/", suggestions.suggestion_create, name="suggestion-create"),
    path("suggestions/lookup/", lookups.suggestion_lookup, name="suggestion-lookup"),
    path("suggestions/export/", suggestions.suggestion_export, name="suggestion-export"),
    path("suggestions/counts/", suggestions.suggestion_counts_view, name="suggestion-counts"),
    path("suggestions/<int:pk>/", suggestions.suggestion_detail, name="suggestion-detail"),
    path("suggestions/<int:pk>/edit/", suggestions.suggestion_edit, name="suggestion-edit"),
    *[
        path(
            f"suggestions/<int:pk>/{action}/",
            suggestions.suggestion_transition,
            {"action": action},
            name=f"suggestion-{action}",
        )
        for action in ("accept", "implement", "reject")
    ],
    path("suggestions/<int:pk>/project/", suggestions.suggestion_open_project, name="suggestion-open-project"),
    # Training
    path("training/", training.training_list, name="training-list"),
    path("training/new/", training.training_create, name="training-create"),
    path("training/export/", training.training_export, name="training-export"),
    path("training/unconfirmed/", training.training_unconfirmed, name="training-unconfirmed"),
    path("training/<int:pk>/confirm/", training.training_confirm, name="training-confirm"),
    path("training/<int:pk>/", training.training_detail, name="training-detail"),
    path("training/<int:pk>/edit/", training.training_edit, name="training-edit"),
    path("training/<int:pk>/delete/", training.training_delete, name="training-delete"),
    path("training/<int:pk>/certificate/", training.training_certificate, name="training-certificate"),
    # Model sites and partner audits
    path("model-sites/", modelsites.modelsite_list, name="modelsite-list"),
    path("model-sites/new/", modelsites.modelsite_create, name="modelsite-create"),
    path("model-sites/export/", modelsites.modelsite_export, name="modelsite-export"),
    path("model-sites/<int:pk>/", modelsites.modelsite_detail, name="modelsite-detail"),
    path("model-sites/<int:pk>/edit/", modelsites.modelsite_edit, name="modelsite-edit"),
    path("model-sites/<int:pk>/delete/", modelsites.modelsite_delete, name="modelsite-delete"),
    # Satisfaction surveys
    path("surveys/", surveys.survey_list, name="survey-list"),
    path("surveys/new/", surveys.survey_create, name="survey-create"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey-detail"),
    path("surveys/<int:pk>/edit/", surveys.survey_edit, name="survey-edit"),
    path("surveys/<int:pk>/toggle/", surveys.survey_toggle, name="survey-toggle"),
    path("surveys/<int:pk>/print/", surveys.survey_print, name="survey-print"),
    path("surveys/<int:pk>/goals/", surveys.survey_link_goal, name="survey-link-goal"),
    path("surveys/<int:pk>/goals/<int:link_pk>/delete/", surveys.survey_unlink_goal, name="survey-unlink-goal"),
    path("s/<str:token>/", surveys.survey_public, name="survey-public"),
    path("s/<str:token>/thanks/", surveys.survey_thanks, name="survey-thanks"),
    # Contests
    path("contests/", contests.contest_list, name="contest-list"),
    path("contests/new/", contests.contest_create, name="contest-create"),
    path("contests/<int:pk>/", contests.contest_detail, name="contest-detail"),
    path("contests/<int:pk>/edit/", contests.contest_edit, name="contest-edit"),
    path("contests/<int:pk>/entries/", contests.contest_add_entry, name="contest-add-entry"),
    path("contests/<int:pk>/entries/<int:entry_pk>/", contests.contest_record_result, name="contest-record-result"),
    path(
        "contests/<int:pk>/entries/<int:entry_pk>/delete/",
        contests.contest_remove_entry,
        name="contest-remove-entry",
    ),
    # Culture self-diagnostics
    path("diagnostics/", diagnostics.diagnostics_list, name="diagnostics-list"),
    path("diagnostics/new/", diagnostics.diagnostics_create, name="diagnostics-create"),
    path("diagnostics/<int:pk>/", diagnostics.diagnostics_detail, name="diagnostics-detail"),
    path("diagnostics/<int:pk>/edit/", diagnostics.diagnostics_edit, name="diagnostics-edit"),
    path("diagnostics/<int:pk>/delete/", diagnostics.diagnostics_delete, name="diagnostics-delete"),
    path("diagnostics/organisation/<int:org_pk>/", diagnostics.diagnostics_compare, name="diagnostics-compare"),
    path("diagnostics/statements/", diagnostics.statement_list, name="statement-list"),
    path("diagnostics/statements/<int:pk>/", diagnostics.statement_edit, name="statement-edit"),
    # Recognition
    path("recognition/", recognition.recognition_view, name="recognition"),
    path("recognition/export/", recognition.recognition_export, name="recognition-export"),
]
