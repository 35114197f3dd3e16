"""Report pages and downloads in the browser, under /reports/."""

urlpatterns: list = []
