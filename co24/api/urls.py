"""The CO24dak API, included under /api/v1/co24/ (config/urls.py)."""

from django.urls import path

from co24.api.views import ChecklistViewSet, SignalViewSet

urlpatterns = [
    path(
        "cases/<int:pk>/signals/",
        SignalViewSet.as_view({"get": "list", "post": "create"}),
        name="co24-signal-list",
    ),
    path(
        "cases/<int:pk>/signals/<int:signal_id>/",
        SignalViewSet.as_view({"get": "retrieve"}),
        name="co24-signal-detail",
    ),
    path(
        "cases/<int:pk>/checklist/",
        ChecklistViewSet.as_view({"get": "checklist"}),
        name="co24-checklist",
    ),
]
