from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from notifications.models import Notification
from notifications.selectors import notifications_for
from notifications.services import notification_mark_read
from privacy.http import AuthenticatedApiRequest


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The user's own notifications (nobody sees another's)."""

    request: AuthenticatedApiRequest

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # the schema generator's model hint; see get_queryset

    def get_queryset(self) -> QuerySet[Notification]:
        return notifications_for(
            self.request.user, unread_only=self.request.query_params.get("unread") == "1"
        )

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: AuthenticatedApiRequest, pk: str) -> Response:
        notification = notifications_for(request.user).filter(pk=int(pk) if pk.isdigit() else 0).first()
        if notification is None:
            raise Http404
        notification_mark_read(notification=notification)
        return Response(NotificationSerializer(notification).data)
