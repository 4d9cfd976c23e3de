"""Serializers of the casusoverleg API. No business logic: the services decide, the access module guards."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from caseplan.models import CaseStatus
from common.api_lock import LockedSerializerMixin
from deadlines.models import Deadline
from overleg.models import Action, AgendaItem, Attendee, Guest, Meeting, MeetingStatus, MeetingType
from privacy.models import Organisation, User


class MeetingSerializer(serializers.ModelSerializer):
    """The meeting's frame: no client data."""

    meeting_type: serializers.SlugRelatedField[MeetingType] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    meeting_type_name = serializers.CharField(source="meeting_type.name", read_only=True)
    purpose = serializers.CharField(source="meeting_type.purpose.name", read_only=True)
    chair = serializers.CharField(source="chair.__str__", read_only=True)
    minute_taker = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=MeetingStatus.choices, read_only=True)
    video_link = serializers.CharField(read_only=True, help_text="Leeg als er geen videolink is.")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "meeting_type",
            "meeting_type_name",
            "purpose",
            "title",
            "starts_at",
            "duration_minutes",
            "location",
            "video_link",
            "chair",
            "minute_taker",
            "status",
            "revision",
        ]
        read_only_fields = fields

    def get_minute_taker(self, meeting: Meeting) -> str | None:
        return str(meeting.minute_taker) if meeting.minute_taker_id else None


class UserEmailField(serializers.SlugRelatedField):
    """A user by e-mail address (case-insensitive), active users only."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="email", queryset=User.objects.filter(is_active=True), **kwargs)

    def to_internal_value(self, data: Any) -> User:
        return super().to_internal_value(str(data).strip().lower())


class MeetingCreateSerializer(serializers.Serializer):
    meeting_type = serializers.SlugRelatedField(
        slug_field="code", queryset=MeetingType.objects.filter(is_active=True).select_related("purpose")
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(min_value=15, max_value=480, default=90)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    video_link = serializers.URLField(required=False, allow_blank=True, default="")
    chair = UserEmailField(required=False, help_text="E-mailadres; standaard uzelf.")
    minute_taker = UserEmailField(required=False, allow_null=True, default=None)


class AttendeeSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    person = serializers.SerializerMethodField()
    role = serializers.CharField(read_only=True, help_text="voorzitter, notulist of deelnemer")

    class Meta:
        model = Attendee
        fields = ["organisation", "person", "role"]
        read_only_fields = fields

    def get_person(self, attendee: Attendee) -> str | None:
        """None: the whole organisation attends."""
        return str(attendee.user) if attendee.user_id else None


class GuestSerializer(serializers.ModelSerializer):
    class Meta:
        model = Guest
        fields = ["name", "organisation_name", "reason", "statement_signed_on"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner_label", read_only=True)
    status = serializers.SerializerMethodField()
    deadline: serializers.PrimaryKeyRelatedField[Deadline] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    class Meta:
        model = Action
        fields = ["id", "description", "owner", "due_on", "status", "deadline"]
        read_only_fields = fields

    def get_status(self, action: Action) -> str | None:
        """The status of the action's deadline (open, verlopen, opgeschaald, afgerond, vervallen)."""
        return action.deadline.status if action.deadline_id else None  # type: ignore[union-attr]


class ItemSerializer(serializers.ModelSerializer):
    """An agenda item with its content: only ever for the case team."""

    case = serializers.CharField(source="case.reference", read_only=True)
    client_name = serializers.CharField(source="case.client.full_name", read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "position",
            "case",
            "client_name",
            "reason",
            "discussed",
            "situation",
            "decisions",
            "revision",
            "minuted_at",
            "actions",
        ]
        read_only_fields = fields

    def get_actions(self, item: AgendaItem) -> list[dict[str, Any]]:
        actions = self.context.get("actions", {}).get(item.pk)
        if actions is None:
            actions = list(item.actions.select_related("owner_user", "owner_organisation", "deadline"))
        return ActionSerializer(actions, many=True).data  # type: ignore[return-value]


class AgendaEntrySerializer(serializers.Serializer):
    """One line of the agenda: ``item`` is null for a case outside the reader's teams ("casus op de
    agenda", without a name or number)."""

    position = serializers.IntegerField()
    item = ItemSerializer(allow_null=True)


class MeetingDetailSerializer(MeetingSerializer):
    attendees = AttendeeSerializer(many=True, read_only=True)
    guests = GuestSerializer(many=True, read_only=True)
    agenda = AgendaEntrySerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "attendees", "guests", "agenda"]
        read_only_fields = fields


class AgendaAddSerializer(serializers.Serializer):
    case = serializers.CharField(max_length=20, help_text="Het casusnummer, bijvoorbeeld PGA-2026-000123.")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MinutesSerializer(LockedSerializerMixin, serializers.Serializer):
    revision = serializers.IntegerField(min_value=1)
    discussed = serializers.BooleanField()
    situation = serializers.CharField(required=False, allow_blank=True, default="")
    decisions = serializers.CharField(required=False, allow_blank=True, default="")
    case_status = serializers.ChoiceField(
        choices=CaseStatus.choices, required=False, allow_null=True, default=None
    )
    high_priority = serializers.BooleanField(required=False, allow_null=True, default=None)
    new_plan_version = serializers.BooleanField(required=False, default=False)


class ActionCreateSerializer(serializers.Serializer):
    description = serializers.CharField()
    due_on = serializers.DateField()
    owner_user = UserEmailField(required=False, allow_null=True, default=None)
    owner_organisation = serializers.SlugRelatedField(
        slug_field="name",
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("owner_user") is None) == (attrs.get("owner_organisation") is None):
            raise serializers.ValidationError(
                {"detail": ["Geef een eigenaar: owner_user (e-mailadres) óf owner_organisation (naam)."]}
            )
        return attrs
