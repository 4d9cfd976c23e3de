"""REST API of the casusoverleg, with the same access rules as the pages (overleg/access.py): the meeting's
frame for its attendees (404 for anyone else), an agenda item's content for its case team only (null in
the agenda for the others; 404 on the item), minutes and actions for team members with write access (403
for read-only members). Every answer that shows client data writes access-log rows, channel "api"."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from caseplan.access import cases_visible_to, cases_writable_by
from common.api_lock import conflict_response
from common.api_problem import Conflict
from common.errors import EditConflict
from overleg.access import item_get_for_user, may_organise, meeting_get_for_user
from overleg.access_log import log_agenda_read
from overleg.api.serializers import (
    ActionCreateSerializer,
    ActionSerializer,
    AgendaAddSerializer,
    AttendeeSerializer,
    GuestSerializer,
    ItemSerializer,
    MeetingCreateSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    MinutesSerializer,
)
from overleg.models import AgendaItem, Meeting
from overleg.selectors import meeting_page, meetings_for_user
from overleg.services.agenda import agenda_add
from overleg.services.meetings import meeting_schedule
from overleg.services.minutes import action_add, item_minutes_save
from privacy.http import AuthenticatedApiRequest

TAGS = ["overleg"]
ITEM_CONFLICT = conflict_response(
    ItemSerializer, "Verouderde revisie: het opgeslagen verslag staat in `current`."
)


class MeetingViewSet(viewsets.GenericViewSet):
    """Meetings the user attends: their frames in the list; one meeting with its attendees and agenda."""

    request: AuthenticatedApiRequest
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()  # for the schema: every action reads through overleg/access.py
    metadata_class = None

    @extend_schema(tags=TAGS, responses=MeetingSerializer(many=True))
    def list(self, request: AuthenticatedApiRequest) -> Response:
        page = self.paginate_queryset(meetings_for_user(user=request.user))
        assert page is not None
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)

    @extend_schema(tags=TAGS, responses=MeetingDetailSerializer)
    def retrieve(self, request: AuthenticatedApiRequest, pk: str) -> Response:
        meeting = meeting_get_for_user(user=request.user, pk=pk)
        return Response(self._detail(request, meeting))

    @extend_schema(tags=TAGS, request=MeetingCreateSerializer, responses={201: MeetingSerializer})
    def create(self, request: AuthenticatedApiRequest) -> Response:
        if not may_organise(request.user):
            raise PermissionDenied(
                _("Alleen procesmanagers, casuscoördinatoren en coördinatoren plannen een overleg.")
            )
        serializer = MeetingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["chair"] = data.get("chair") or request.user
        meeting = meeting_schedule(by=request.user, **data)
        meeting = meeting_get_for_user(user=request.user, pk=meeting.pk)
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    def _detail(self, request: AuthenticatedApiRequest, meeting: Meeting) -> dict[str, Any]:
        page = meeting_page(user=request.user, meeting=meeting)
        log_agenda_read(
            user=request.user,
            meeting=meeting,
            items=page.shown_items,
            shown="overleg: agenda en verslag",
            request=request._request,
            channel="api",
        )
        actions = {row.item.pk: row.actions for row in page.rows if row.item is not None}
        data = dict(MeetingSerializer(meeting).data)
        data["attendees"] = AttendeeSerializer(page.attendees, many=True).data
        data["guests"] = GuestSerializer(page.guests, many=True).data
        data["agenda"] = [
            {
                "position": row.position,
                "item": ItemSerializer(row.item, context={"actions": actions}).data if row.item else None,
            }
            for row in page.rows
        ]
        return data


class ItemViewSet(viewsets.GenericViewSet):
    """The agenda of one meeting: put a case on it (a write member of its team), read an item's content and
    record its minutes (the case team; writing needs write access), and add actions."""

    request: AuthenticatedApiRequest
    serializer_class = ItemSerializer
    queryset = AgendaItem.objects.none()  # for the schema: every action reads through overleg/access.py
    metadata_class = None

    def _meeting(self, pk: str) -> Meeting:
        return meeting_get_for_user(user=self.request.user, pk=pk)

    def _item(self, pk: str, item_id: str, write: bool = False) -> AgendaItem:
        return item_get_for_user(user=self.request.user, meeting=self._meeting(pk), pk=item_id, write=write)

    def edit_conflict(self, exc: EditConflict) -> Conflict:
        """The 409 of a stale revision, with the stored minutes (answered after the undone transaction, so
        the read's access-log row stays)."""
        item = self._item(self.kwargs["pk"], self.kwargs["item_id"])
        self._log(item, "overleg: verslag agendapunt (wijzigconflict)")
        return Conflict(current=ItemSerializer(item).data)

    def _log(self, item: AgendaItem, shown: str) -> None:
        request = self.request
        log_agenda_read(
            user=request.user,
            meeting=item.meeting,
            items=[item],
            shown=shown,
            request=request._request,
            channel="api",
        )

    @extend_schema(tags=TAGS, request=AgendaAddSerializer, responses={201: ItemSerializer})
    def create(self, request: AuthenticatedApiRequest, pk: str) -> Response:
        meeting = self._meeting(pk)
        serializer = AgendaAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reference = serializer.validated_data["case"].strip()
        case = cases_writable_by(request.user).filter(reference__iexact=reference).first()
        if case is None:
            if cases_visible_to(request.user).filter(reference__iexact=reference).exists():
                raise PermissionDenied(_("U mag deze casus alleen inzien."))
            raise ValidationError(
                {"case": [_("Geen casus met dit nummer in uw casusteams (met schrijfrechten).")]}
            )
        item = agenda_add(
            meeting=meeting, case=case, by=request.user, reason=serializer.validated_data["reason"]
        )
        item = self._item(pk, str(item.pk))
        self._log(item, "overleg: agendapunt (toegevoegd)")
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAGS, responses=ItemSerializer)
    def retrieve(self, request: AuthenticatedApiRequest, pk: str, item_id: str) -> Response:
        item = self._item(pk, item_id)
        self._log(item, "overleg: verslag agendapunt")
        return Response(ItemSerializer(item).data)

    @extend_schema(tags=TAGS, request=MinutesSerializer, responses={200: ItemSerializer, 409: ITEM_CONFLICT})
    def partial_update(self, request: AuthenticatedApiRequest, pk: str, item_id: str) -> Response:
        item = self._item(pk, item_id, write=True)
        serializer = MinutesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = data.pop("revision")
        item_minutes_save(item=item, by=request.user, expected_revision=expected, **data)
        item = self._item(pk, item_id)
        self._log(item, "overleg: verslag agendapunt (vastgelegd)")
        return Response(ItemSerializer(item).data)

    @extend_schema(tags=TAGS, request=ActionCreateSerializer, responses={201: ActionSerializer})
    def add_action(self, request: AuthenticatedApiRequest, pk: str, item_id: str) -> Response:
        item = self._item(pk, item_id, write=True)
        serializer = ActionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = action_add(item=item, by=request.user, **serializer.validated_data)
        self._log(item, "overleg: actie (vastgelegd)")
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)
