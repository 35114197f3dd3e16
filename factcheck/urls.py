"""URL map: the review UI at /, the REST API under /api/v1/, reports, admin and auth."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("annotations.api.urls")),
    path("", include("annotations.urls")),
]

# Under /api/ Django's own error pages are JSON in the API's error shape too.
handler400 = "annotations.api.exceptions.bad_request"
handler404 = "annotations.api.exceptions.page_not_found"
handler500 = "annotations.api.exceptions.server_error"
