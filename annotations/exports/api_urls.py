"""Report downloads through the API: /api/v1/articles/{id}/report and /api/v1/reports/."""

urlpatterns: list = []
