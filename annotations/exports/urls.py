"""Report pages and downloads in the browser, under /reports/."""

from django.urls import path

from annotations.exports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("articles/<int:article_id>/", views.article_report, name="article"),
    path("files/<int:pk>/", views.report_file, name="file"),
    path("files/<int:pk>/download", views.report_file_download, name="file_download"),
]
