"""REST API: /api/v1/ resources, /api/schema/ and /api/docs/."""

from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from annotations.api.accounts import MeView, RatingViewSet, TokenView, not_found
from annotations.api.articles import ArticleViewSet
from annotations.api.claims import ClaimViewSet
from annotations.imports.api import ArticleImportViewSet
from annotations.panel.agreement_views import AgreementView
from annotations.webhooks.api import WebhookViewSet

router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="api-article")
router.register("claims", ClaimViewSet, basename="api-claim")
router.register("ratings", RatingViewSet, basename="api-rating")
router.register("webhooks", WebhookViewSet, basename="api-webhook")
router.register("imports", ArticleImportViewSet, basename="api-import")

urlpatterns = [
    path("v1/", include("annotations.exports.api_urls")),
    path("v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("v1/users/me/", MeView.as_view(), name="api-me"),
    path("v1/agreement/", AgreementView.as_view(), name="api-agreement"),
    path("v1/", include("annotations.archive.api_urls")),
    path("v1/", include(router.urls)),
    # Both need a login or a token (SPECTACULAR_SETTINGS); their errors are JSON like the API's.
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.FACTCHECK_BENCH_ENDPOINTS:
    # Only for bench/api.py: a bare JsonResponse to compare the API against.
    from annotations.api.bench import bare_json

    urlpatterns.append(path("bench/bare/", bare_json, name="api-bench-bare"))

# Last: anything else under /api/ is a JSON 404 in the API's error shape, not an HTML page.
urlpatterns.append(re_path(r"^[\s\S]*$", not_found, name="api-not-found"))
