"""Report downloads through the API: /api/v1/articles/{id}/report and /api/v1/reports/."""

from django.urls import path

from annotations.exports import api

urlpatterns = [
    path(
        "articles/<int:article_id>/report",
        api.ArticleReportView.as_view(),
        name="api-article-report",
    ),
    path("reports/", api.ReportsView.as_view(), name="api-reports"),
    path("report-files/<int:pk>/", api.ReportFileView.as_view(), name="api-report-file"),
    path(
        "report-files/<int:pk>/download",
        api.ReportFileDownloadView.as_view(),
        name="api-report-file-download",
    ),
]
