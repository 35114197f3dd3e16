"""One small permission class per role, checked on every method before anything else runs.

The services check roles again when they write; these classes make sure a viewer gets a 403
before an If-Match or a body is even looked at, and that reads need the viewer role.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from annotations import roles


class ViewerReads(BasePermission):
    """Reads need the viewer role (users in no group see nothing); writes need editor."""

    message = "Your account has no role that allows this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return roles.can_view(request.user)
        return roles.can_edit(request.user)


class ReviewerOnly(BasePermission):
    """Approving and correcting verdicts."""

    message = "Only reviewers can do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return roles.can_publish(request.user)


class AdminDeletes(BasePermission):
    """Deleting articles (with their claims) is for admins."""

    message = "Only admins can delete articles."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method == "DELETE":
            return roles.can_administer(request.user)
        return True
