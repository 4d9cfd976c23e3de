"""Serializers of the CO24dak API. No business logic here: the service validates the signal itself; these
only check shapes and hide what the reader may not see (a medical account for anyone who is not the
casusregisseur or the GGZ on the team)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from co24.models import (
    Alert,
    Answer,
    Caller,
    Checklist,
    ChecklistItem,
    ItemKind,
    Signal,
    SignalAnswer,
    Urgency,
)

WITHHELD_HELP = "Leeg (null) bij een medisch signaal als u geen medische informatie mag zien; zie `withheld`."


# --- reading ---------------------------------------------------------------------------------------------


class CallerSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", default="", read_only=True)

    class Meta:
        model = Caller
        fields = ["id", "name", "kind", "relation", "organisation"]
        read_only_fields = fields


class SignalAnswerSerializer(serializers.ModelSerializer):
    item_key = serializers.UUIDField(source="item.key", read_only=True)
    text = serializers.CharField(source="item.text", read_only=True)
    kind = serializers.ChoiceField(source="item.kind", choices=ItemKind.choices, read_only=True)
    red_flag = serializers.BooleanField(source="item.red_flag", read_only=True)

    class Meta:
        model = SignalAnswer
        fields = ["item_id", "item_key", "text", "kind", "red_flag", "answer"]
        read_only_fields = fields


class AlertSerializer(serializers.ModelSerializer):
    rule = serializers.CharField(source="rule.__str__", read_only=True)

    class Meta:
        model = Alert
        fields = ["id", "rule", "summary", "status", "fired_at"]
        read_only_fields = fields


class SignalSerializer(serializers.ModelSerializer):
    """One signal. Pass ``medical_allowed`` in the context: without it a medical account is withheld."""

    caller = CallerSerializer(read_only=True, allow_null=True, help_text="Null bij een onbekende inbeller.")
    caller_on_list = serializers.SerializerMethodField(help_text="Staat de inbeller op de inbellerslijst?")
    caller_name = serializers.CharField(source="caller_label", read_only=True)
    withheld = serializers.SerializerMethodField(
        help_text="Waar als melding en vervolg van dit medische signaal voor u verborgen zijn."
    )
    account = serializers.SerializerMethodField(help_text=WITHHELD_HELP)
    follow_up = serializers.SerializerMethodField(help_text=WITHHELD_HELP)
    checklist_version = serializers.IntegerField(
        source="checklist.number", default=None, read_only=True, allow_null=True
    )
    answers = SignalAnswerSerializer(many=True, read_only=True)
    alerts = AlertSerializer(
        many=True, read_only=True, help_text="Kantelmomenten die dit signaal deed afgaan."
    )
    recorded_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Signal
        fields = [
            "id",
            "received_at",
            "caller",
            "caller_on_list",
            "caller_name",
            "caller_relation",
            "caller_phone",
            "urgency",
            "medical",
            "withheld",
            "account",
            "follow_up",
            "checklist_version",
            "answers",
            "alerts",
            "channel",
            "external_id",
            "recorded_at",
        ]
        read_only_fields = fields

    def _withheld(self, signal: Signal) -> bool:
        return signal.medical and not self.context.get("medical_allowed", False)

    def get_caller_on_list(self, signal: Signal) -> bool:
        return not signal.caller_unknown

    def get_withheld(self, signal: Signal) -> bool:
        return self._withheld(signal)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_account(self, signal: Signal) -> str | None:
        return None if self._withheld(signal) else signal.account

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_follow_up(self, signal: Signal) -> str | None:
        return None if self._withheld(signal) else signal.follow_up


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "key", "kind", "category", "text", "red_flag", "order"]
        read_only_fields = fields


class ChecklistSerializer(serializers.ModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = Checklist
        fields = ["id", "number", "activated_at", "items"]
        read_only_fields = fields


class JournalFilterSerializer(serializers.Serializer):
    """The journal's query parameters; ``from`` is added in get_fields (a Python keyword)."""

    kind = serializers.ChoiceField(
        choices=ItemKind.choices,
        required=False,
        help_text="Signalen met ‘ja’ op een risicosignaal (risico) of een beschermende factor (beschermend).",
    )
    caller = serializers.RegexField(
        r"^(\d+|onbekend)$",
        required=False,
        help_text="Id van een inbeller, of ‘onbekend’ voor inbellers die niet op de lijst staan.",
    )
    to = serializers.DateField(required=False, help_text="Binnengekomen op of vóór deze datum.")
    item = serializers.UUIDField(
        required=False, help_text="Sleutel (key) van een checklist-item: signalen met ‘ja’ op dat item."
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, help_text="Binnengekomen op of na deze datum.")
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("from") and attrs.get("to") and attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": "Het einde van de periode ligt vóór het begin."})
        return attrs


# --- writing ---------------------------------------------------------------------------------------------


class AnswerInputSerializer(serializers.Serializer):
    item_id = serializers.IntegerField(
        help_text="Id van een item van de checklist in gebruik (zie /checklist/)."
    )
    answer = serializers.ChoiceField(choices=Answer.choices)


class SignalCreateSerializer(serializers.Serializer):
    received_at = serializers.DateTimeField(required=False, help_text="Standaard nu.")
    caller_id = serializers.IntegerField(
        required=False, allow_null=True, help_text="Een inbeller van de lijst van deze cliënt."
    )
    caller_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="Bij een onbekende inbeller."
    )
    caller_relation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    caller_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    account = serializers.CharField(help_text="Wat de inbeller vertelt.")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    medical = serializers.BooleanField(
        default=False, help_text="Medische informatie: alleen zichtbaar voor de casusregisseur en de GGZ."
    )
    follow_up = serializers.CharField(required=False, allow_blank=True, default="")
    answers = AnswerInputSerializer(many=True, required=False, default=list)
    external_id = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="Uw eigen kenmerk van de melding. Hetzelfde kenmerk opnieuw (vanuit hetzelfde back office) "
        "geeft het al opgeslagen signaal terug met 200, er komt geen tweede.",
    )

    def validate_answers(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen: set[int] = set()
        twice: set[int] = set()
        for row in value:
            (twice if row["item_id"] in seen else seen).add(row["item_id"])
        if twice:
            ids = ", ".join(str(item) for item in sorted(twice))
            raise serializers.ValidationError(f"Elk item één keer beantwoorden; dubbel: {ids}.")
        return value
