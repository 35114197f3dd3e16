"""The archive's pages, included by annotations.urls."""

from django.urls import path

from annotations.archive import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("archive/", views.archive_list, name="archive"),
]
