from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from caseplan.access_log import log_case_list, log_case_read
from common.api_lock import conflict_response
from common.api_problem import Conflict
from common.errors import EditConflict
from deadlines.models import Deadline
from deadlines.selectors import FILTERS, VisibleDeadline, deadline_get_for_user, deadline_list
from deadlines.services.deadlines import deadline_complete
from privacy.http import AuthenticatedApiRequest

if TYPE_CHECKING:
    from caseplan.models import Case
    from deadlines.models import DeadlineRule
    from privacy.models import Organisation, User


class DeadlineSerializer(serializers.ModelSerializer):
    rule: serializers.SlugRelatedField[DeadlineRule] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    case: serializers.SlugRelatedField[Case] = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    owner_user: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="email", read_only=True, allow_null=True
    )
    owner_organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="name", read_only=True, allow_null=True
    )

    class Meta:
        model = Deadline
        fields = [
            "id",
            "kind",
            "title",
            "rule",
            "case",
            "anchor_date",
            "due_on",
            "owner_user",
            "owner_organisation",
            "status",
            "escalation_level",
            "done_at",
        ]
        read_only_fields = fields


CLOSED = _("Deze termijn is intussen afgerond of vervallen.")


class DeadlineViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Deadlines on the user's cases and those the user or their organisation own."""

    request: AuthenticatedApiRequest

    serializer_class = DeadlineSerializer

    def get_queryset(self) -> QuerySet[VisibleDeadline]:
        params = self.request.query_params
        return deadline_list(
            user=self.request.user,
            status=params.get("status", "open"),
            mine=params.get("mine") == "1",
            due=params.get("due", ""),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=list(FILTERS)),
            OpenApiParameter("mine", str, enum=["1"]),
            OpenApiParameter("due", str, enum=["deze-week"]),
        ]
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        log_case_list(
            user=self.request.user,
            cases=[d.case for d in page if d.case is not None and d.case_visible],
            shown="termijnenlijst",
            request=request._request,
            channel="api",
        )
        return self.get_paginated_response(DeadlineSerializer(page, many=True).data)

    def retrieve(self, request: AuthenticatedApiRequest, pk: str) -> Response:
        deadline = deadline_get_for_user(user=request.user, pk=int(pk) if pk.isdigit() else 0)
        if deadline.case is not None and deadline.case_visible:
            log_case_read(
                user=request.user,
                case=deadline.case,
                shown="termijn",
                request=request._request,
                channel="api",
            )
        return Response(DeadlineSerializer(deadline).data)

    @extend_schema(
        request=None,
        responses={200: DeadlineSerializer, 409: conflict_response(DeadlineSerializer, CLOSED)},
        description="Rond een open termijn af. Een termijn die intussen is afgerond of vervallen geeft 409 "
        "met de opgeslagen termijn in `current`; wie hem afrondde blijft staan.",
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: AuthenticatedApiRequest, pk: str) -> Response:
        deadline = deadline_get_for_user(user=request.user, pk=int(pk) if pk.isdigit() else 0, write=True)
        done = deadline_complete(deadline=deadline, by=request.user)
        return Response(DeadlineSerializer(done).data)

    def edit_conflict(self, exc: EditConflict) -> Conflict:
        return Conflict(CLOSED, current=DeadlineSerializer(exc.current).data)
