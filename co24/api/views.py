"""REST API of the CO24dak signal journal, nested under the case, for a telephony or back-office system:
post a signal, read the journal and one signal, and read the checklist in use (which item ids to answer).

Access is decided on the case (co24/access.py): the back office that serves the case's municipality and the
case team may read; the back office and write team members may post; a read-only team member gets 403 on a
post; other back offices and outsiders get 404. Every response that shows client data writes one
access-log row with channel "api". A medical signal's account and follow-up are withheld from anyone who
is not the casusregisseur or the GGZ on the team."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from caseplan.access_log import log_case_read
from caseplan.models import Case
from co24.access import Role, co24_case_get_for_user, may_see_medical
from co24.api.journal import api_journal, signal_queryset
from co24.api.serializers import (
    ChecklistSerializer,
    JournalFilterSerializer,
    SignalCreateSerializer,
    SignalSerializer,
)
from co24.models import Caller, ItemKind, Signal
from co24.services.checklists import active_checklist
from co24.services.signals import signal_record
from common.api_problem import api_validation_error
from privacy.http import AuthenticatedApiRequest

TAGS = ["co24"]
REPLAYED_HEADER = "Idempotent-Replayed"
# The service names the caller "caller"; the API takes its id.
SERVICE_FIELDS = {"caller": "caller_id"}


class ExternalIdTaken(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "external_id_taken"
    default_detail = "Dit kenmerk (external_id) is al gebruikt voor een signaal over een andere cliënt."

    def __init__(self) -> None:
        super().__init__({"external_id": [self.default_detail]})


class EnrolmentEnded(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "enrolment_ended"
    default_detail = "Deze cliënt is niet (meer) aangemeld bij CO24dak: er kunnen geen signalen bij."


class JournalPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


class _Co24CaseViewSet(viewsets.GenericViewSet):
    """Base: the case comes first. Actions in ``read_actions`` need read access, all others write access."""

    request: AuthenticatedApiRequest

    read_actions: frozenset[str] = frozenset({"list", "retrieve", "checklist"})
    pagination_class = JournalPagination
    filter_backends: list[type] = []
    metadata_class = None  # OPTIONS answers 405: the OpenAPI schema documents every operation
    case: Case
    role: Role

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.case, self.role = co24_case_get_for_user(
            user=self.request.user,  # the same request, typed as authenticated
            pk=kwargs["pk"],
            write=self.action not in self.read_actions,
        )
        if getattr(self.case, "co24", None) is None:  # never enrolled: there is no journal
            raise Http404("Casus niet gevonden")

    def _log(self, shown: str) -> None:
        request = self.request
        log_case_read(user=request.user, case=self.case, shown=shown, request=request._request, channel="api")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["medical_allowed"] = may_see_medical(self.request.user, self.case)
        return context


JOURNAL_PARAMETERS = [
    OpenApiParameter("kind", str, enum=ItemKind.values, description="risico of beschermend (antwoord ‘ja’)"),
    OpenApiParameter("caller", str, description="Id van een inbeller, of ‘onbekend’"),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Binnengekomen op of na deze datum"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Binnengekomen op of vóór deze datum"),
    OpenApiParameter("item", str, description="Sleutel (key) van een checklist-item (antwoord ‘ja’)"),
]


class SignalViewSet(_Co24CaseViewSet):
    """The signals of a case: the journal (newest first), one signal, and posting a new one."""

    request: AuthenticatedApiRequest

    serializer_class = SignalSerializer

    @extend_schema(tags=TAGS, parameters=JOURNAL_PARAMETERS, responses=SignalSerializer(many=True))
    def list(self, request: AuthenticatedApiRequest, pk: int) -> Response:
        filters = JournalFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(api_journal(self.case, filters.validated_data))
        assert page is not None
        self._log("co24 journaal")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(tags=TAGS, responses=SignalSerializer)
    def retrieve(self, request: AuthenticatedApiRequest, pk: int, signal_id: int) -> Response:
        signal = get_object_or_404(signal_queryset(), pk=signal_id, case=self.case)
        self._log(f"co24 signaal {signal.pk}")
        return Response(self.get_serializer(signal).data)

    @extend_schema(
        tags=TAGS,
        request=SignalCreateSerializer,
        responses={
            201: SignalSerializer,
            200: OpenApiResponse(
                SignalSerializer,
                description="Dit external_id kwam al eerder binnen: het opgeslagen signaal, er is niets "
                "nieuws vastgelegd (header Idempotent-Replayed: true).",
            ),
            400: OpenApiResponse(description="Ongeldige invoer; de fout staat bij het veld."),
            409: OpenApiResponse(
                description="Het external_id hoort bij een signaal over een andere cliënt, of de cliënt is "
                "niet meer aangemeld."
            ),
        },
        description="Leg een telefonisch signaal vast. `answers` beantwoordt items van de checklist in "
        "gebruik (zie de checklist-operatie). Kantelmomenten die het signaal laat afgaan staan in `alerts`.",
    )
    def create(self, request: AuthenticatedApiRequest, pk: int) -> Response:
        serializer = SignalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        backoffice_id = request.user.organisation_id if self.role == Role.BACKOFFICE else None
        external_id = data.pop("external_id")
        existing = self._existing(backoffice_id, external_id)
        if existing is not None:
            return self._replay(existing)
        if self.case.co24.ended_on is not None:
            raise EnrolmentEnded()
        answers = {row["item_id"]: row["answer"] for row in data.pop("answers")}
        caller = self._caller(data.pop("caller_id", None))
        try:
            signal = signal_record(
                case=self.case,
                by=request.user,
                caller=caller,
                answers=answers,
                channel="api",
                external_id=external_id,
                backoffice_id=backoffice_id,
                **data,
            )
        except DjangoValidationError as exc:
            existing = self._existing(backoffice_id, external_id)
            if existing is not None:  # posted twice at the same moment: the other one won
                return self._replay(existing)
            raise api_validation_error(exc, rename=SERVICE_FIELDS) from exc
        signal = signal_queryset().get(pk=signal.pk)
        self._log(f"co24 signaal {signal.pk} (vastgelegd)")
        return Response(self.get_serializer(signal).data, status=status.HTTP_201_CREATED)

    def _caller(self, caller_id: int | None) -> Caller | None:
        if caller_id is None:
            return None
        caller = Caller.objects.filter(pk=caller_id, case=self.case).first()
        if caller is None:
            raise ValidationError({"caller_id": [_("Deze inbeller hoort niet bij deze cliënt.")]})
        return caller

    def _existing(self, backoffice_id: int | None, external_id: str) -> Signal | None:
        """The signal already posted under this external_id: per back office, or per case for a team member."""
        if not external_id:
            return None
        if backoffice_id is not None:
            found = Signal.objects.filter(backoffice_id=backoffice_id, external_id=external_id).first()
        else:
            found = Signal.objects.filter(
                case=self.case, backoffice__isnull=True, external_id=external_id
            ).first()
        if found is not None and found.case_id != self.case.pk:
            raise ExternalIdTaken()
        return found

    def _replay(self, signal: Signal) -> Response:
        signal = signal_queryset().get(pk=signal.pk)
        self._log(f"co24 signaal {signal.pk} (al ontvangen)")
        response = Response(self.get_serializer(signal).data, status=status.HTTP_200_OK)
        response[REPLAYED_HEADER] = "true"
        return response


class ChecklistViewSet(_Co24CaseViewSet):
    """The checklist in use: which item ids a signal can answer."""

    request: AuthenticatedApiRequest

    @extend_schema(
        tags=TAGS,
        responses={
            200: ChecklistSerializer,
            404: OpenApiResponse(description="Geen toegang, of er is nog geen checklist in gebruik."),
        },
    )
    def checklist(self, request: AuthenticatedApiRequest, pk: int) -> Response:
        checklist = active_checklist(self.case)
        if checklist is None:
            raise Http404(_("Er is nog geen checklist in gebruik."))
        self._log(f"co24 checklist v{checklist.number}")
        return Response(ChecklistSerializer(checklist).data)
