from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from caseplan.access import case_get_for_user
from caseplan.access_log import log_case_list, log_case_read
from caseplan.api.serializers import (
    CaseCreateSerializer,
    CaseMemberSerializer,
    CaseSerializer,
    ClientSerializer,
)
from caseplan.models import Case, CaseMember, CaseStatus
from caseplan.selectors.cases import case_detail_queryset, case_list_for_user, case_team
from caseplan.services.cases import case_create, case_update
from caseplan.services.clients import client_for_new_case, client_update
from caseplan.services.team import case_member_add, case_member_remove
from common.api_lock import conflict_response
from common.api_problem import Conflict
from common.errors import EditConflict
from privacy.http import AuthenticatedApiRequest

CASE_CONFLICT = conflict_response(
    CaseSerializer, "Verouderde versie: de opgeslagen casus staat in `current`."
)
CLIENT_CONFLICT = conflict_response(
    ClientSerializer, "Verouderde versie: de opgeslagen cliëntgegevens staan in `current`."
)


class CaseViewSet(viewsets.GenericViewSet):
    """Cases the user is on the team of. Outsiders get 404, read-only members 403 on changes."""

    request: AuthenticatedApiRequest

    serializer_class = CaseSerializer

    def get_queryset(self) -> QuerySet[Case]:
        return case_list_for_user(
            user=self.request.user,
            search=self.request.query_params.get("q", ""),
            with_team=False,
            status=self.request.query_params.get("status", "")
            if self.request.query_params.get("status") in CaseStatus.values
            else "",
        )

    def _case(self, pk: str, write: bool = False) -> Case:
        return case_get_for_user(user=self.request.user, pk=pk, write=write, queryset=case_detail_queryset())

    def edit_conflict(self, exc: EditConflict) -> Conflict:
        serializer = ClientSerializer if self.action == "client" else CaseSerializer
        return Conflict(current=serializer(exc.current).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Naam, alias, geboortedatum (dd-mm-jjjj) of exact BSN"),
            OpenApiParameter("status", str, enum=CaseStatus.values),
        ]
    )
    def list(self, request: AuthenticatedApiRequest) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        log_case_list(
            user=request.user, cases=page, shown="casuslijst", request=request._request, channel="api"
        )
        return self.get_paginated_response(CaseSerializer(page, many=True).data)

    def retrieve(self, request: AuthenticatedApiRequest, pk: str) -> Response:
        case = self._case(pk)
        log_case_read(user=request.user, case=case, shown="casus", request=request._request, channel="api")
        return Response(CaseSerializer(case).data)

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseSerializer})
    def create(self, request: AuthenticatedApiRequest) -> Response:
        if not request.user.may_open_cases:
            raise PermissionDenied(
                "Alleen procesmanagers, casuscoördinatoren en coördinatoren openen een casus."
            )
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        client_data = dict(data.pop("client"))
        client_data.pop("revision", None)
        with transaction.atomic():
            client = client_for_new_case(by=request.user, **client_data)
            case = case_create(
                client=client,
                gemeente=data.pop("gemeente"),
                purpose=data.pop("purpose"),
                by=request.user,
                creator_role=data.pop("role"),
                **data,
            )
        case = self._case(str(case.pk))
        log_case_read(
            user=request.user, case=case, shown="casus (aangemaakt)", request=request._request, channel="api"
        )
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseSerializer, responses={200: CaseSerializer, 409: CASE_CONFLICT})
    def partial_update(self, request: AuthenticatedApiRequest, pk: str) -> Response:
        case = self._case(pk, write=True)
        serializer = CaseSerializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        expected = fields.pop("revision")  # required: the serializer refuses a change without it
        updated = case_update(case=case, by=request.user, expected_revision=expected, **fields)
        log_case_read(
            user=request.user, case=case, shown="casus (gewijzigd)", request=request._request, channel="api"
        )
        return Response(CaseSerializer(self._case(str(updated.pk))).data)

    @extend_schema(methods=["GET"], responses=ClientSerializer)
    @extend_schema(
        methods=["PATCH"], request=ClientSerializer, responses={200: ClientSerializer, 409: CLIENT_CONFLICT}
    )
    @action(detail=True, methods=["get", "patch"], url_path="client")
    def client(self, request: AuthenticatedApiRequest, pk: str) -> Response:
        case = self._case(pk, write=request.method == "PATCH")
        if request.method == "PATCH":
            serializer = ClientSerializer(case.client, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            fields = dict(serializer.validated_data)
            expected = fields.pop("revision")  # required: the serializer refuses a change without it
            client = client_update(client=case.client, by=request.user, expected_revision=expected, **fields)
        else:
            client = case.client
        log_case_read(
            user=request.user, case=case, shown="cliëntgegevens", request=request._request, channel="api"
        )
        return Response(ClientSerializer(client).data)

    @extend_schema(methods=["GET"], responses=CaseMemberSerializer(many=True))
    @extend_schema(methods=["POST"], request=CaseMemberSerializer, responses={201: CaseMemberSerializer})
    @action(detail=True, methods=["get", "post"], url_path="members", pagination_class=None)
    def members(self, request: AuthenticatedApiRequest, pk: str) -> Response:
        case = self._case(pk, write=request.method == "POST")
        if request.method == "POST":
            serializer = CaseMemberSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            member = case_member_add(
                case=case,
                by=request.user,
                role=data["role"],
                user=data.get("user"),
                organisation=data.get("organisation"),
                access=data["access"],
                ends_on=data.get("ends_on"),
            )
            return Response(CaseMemberSerializer(member).data, status=status.HTTP_201_CREATED)
        log_case_read(
            user=request.user, case=case, shown="casusteam", request=request._request, channel="api"
        )
        return Response(CaseMemberSerializer(case_team(case), many=True).data)

    @extend_schema(responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<member_pk>\d+)")
    def remove_member(self, request: AuthenticatedApiRequest, pk: str, member_pk: str) -> Response:
        case = self._case(pk, write=True)
        member = get_object_or_404(
            CaseMember.objects.select_related("user", "organisation__group", "case"), pk=member_pk, case=case
        )
        case_member_remove(member=member, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
