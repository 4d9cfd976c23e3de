"""The API for prison systems, under /api/v1/nazorg/ (authenticated with the organisation's key)."""

from django.urls import path

from nazorg.api.views import EpisodeViewSet

urlpatterns = [
    path(
        "detenties/",
        EpisodeViewSet.as_view({"get": "list", "post": "create"}),
        name="nazorg-detentie-list",
    ),
    path(
        "detenties/<int:pk>/",
        EpisodeViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="nazorg-detentie-detail",
    ),
    path(
        "detenties/<int:pk>/documenten/<str:kind>/",
        EpisodeViewSet.as_view({"post": "submit_document"}),
        name="nazorg-detentie-document",
    ),
]
