"""The archive's pages, included by annotations.urls."""

from django.urls import path

from annotations.archive import review, views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("archive/", views.archive_list, name="archive"),
    path(
        "articles/<int:pk>/previously-checked/",
        review.previous_checks,
        name="article_previous_checks",
    ),
    path("claims/<int:pk>/matches/decide/", review.decide, name="claim_match_decide"),
]
