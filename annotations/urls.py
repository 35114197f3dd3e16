"""The editors' pages."""

from django.urls import include, path

from annotations import views
from annotations.panel import views as panel_views
from annotations.panel.agreement_views import agreement_page

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("import/", views.article_import, name="article_import"),
    path("imports/<int:pk>/", views.article_import_progress, name="article_import_progress"),
    path("articles/<int:pk>/", views.article_review, name="article_review"),
    path("articles/<int:pk>/claims/", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", views.claim_update, name="claim_update"),
    path("claims/<int:pk>/history/", views.claim_history, name="claim_history"),
    path("claims/<int:pk>/correct/", views.claim_correct, name="claim_correct"),
    path("claims/<int:pk>/vote/", panel_views.vote, name="claim_vote"),
    path("claims/<int:pk>/sources/", views.source_add, name="source_add"),
    path("claims/<int:pk>/notes/", views.note_add, name="note_add"),
    path(
        "claims/<int:pk>/<slug:action>/",
        views.claim_workflow,
        name="claim_workflow",
    ),
    path("sources/<int:pk>/", views.source_update, name="source_update"),
    path("sources/<int:pk>/delete/", views.source_delete, name="source_delete"),
    path("notes/<int:pk>/", views.note_update, name="note_update"),
    path("notes/<int:pk>/delete/", views.note_delete, name="note_delete"),
    path("reports/", include("annotations.exports.urls")),
    path("agreement/", agreement_page, name="agreement"),
    path("", include("annotations.archive.urls")),
]
