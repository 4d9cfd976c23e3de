"""The casusoverleg API, included under /api/v1/overleg/ (config/urls.py)."""

from django.urls import path

from overleg.api.views import ItemViewSet, MeetingViewSet

ITEM = "meetings/<int:pk>/items/<int:item_id>/"

urlpatterns = [
    path("meetings/", MeetingViewSet.as_view({"get": "list", "post": "create"}), name="overleg-meeting-list"),
    path("meetings/<int:pk>/", MeetingViewSet.as_view({"get": "retrieve"}), name="overleg-meeting-detail"),
    path("meetings/<int:pk>/items/", ItemViewSet.as_view({"post": "create"}), name="overleg-item-list"),
    path(
        ITEM, ItemViewSet.as_view({"get": "retrieve", "patch": "partial_update"}), name="overleg-item-detail"
    ),
    path(f"{ITEM}actions/", ItemViewSet.as_view({"post": "add_action"}), name="overleg-item-actions"),
]
