"""The unread count in the menu of every page, for a signed-in user who passed the second factor."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_verified():
        return {"UNREAD_NOTIFICATIONS": SimpleLazyObject(lambda: unread_count(user))}
    return {}
