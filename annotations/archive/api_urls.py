"""The archive's API routes, included under /api/v1/ by annotations.api.urls."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from annotations.archive import api

router = SimpleRouter()
router.register("claimreviews", api.ClaimReviewViewSet, basename="api-claimreview")
router.register(
    "claimreview-imports", api.ClaimReviewImportViewSet, basename="api-claimreview-import"
)

urlpatterns = [
    path("search/", api.SearchView.as_view(), name="api-search"),
    path("match/", api.MatchView.as_view(), name="api-match"),
    path("claims/<int:pk>/similar/", api.ClaimSimilarView.as_view(), name="api-claim-similar"),
    path("claims/<int:pk>/matches/", api.ClaimMatchesView.as_view(), name="api-claim-matches"),
    *router.urls,
]
