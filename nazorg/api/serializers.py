"""Plain serializers for the prison API: shapes in and out. The rules live in the nazorg services."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api_lock import LockedSerializerMixin
from common.documents.serializer_fields import DocumentDataField
from nazorg.models import DetentionEpisode, DocumentKind, NazorgDocument, ReleaseDateReason
from nazorg.schema import SPECS
from nazorg.selectors.episodes import episode_documents
from privacy.models import Function, Organisation, OrganisationType, User

UNKNOWN_FIELD = _("Onbekend veld.")
CBS_CODE = re.compile(r"GM\d{4}")


class StrictSerializerMixin(serializers.Serializer):
    """Refuse fields the API does not know, naming them: a misspelt field must not be silently dropped."""

    def to_internal_value(self, data: Any) -> Any:
        errors: dict[str, Any] = {}
        value: Any = None
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict):
                raise
            errors.update(exc.detail)
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            errors.update({key: [UNKNOWN_FIELD] for key in sorted(set(data) - writable)})
        if errors:
            raise serializers.ValidationError(errors)
        return value


class GemeenteField(serializers.SlugRelatedField):
    """A municipality by its CBS code, e.g. GM0153."""

    default_error_messages = {
        "does_not_exist": _("Onbekende CBS-gemeentecode: {value}."),
        "invalid": _("Geef een CBS-gemeentecode, bijvoorbeeld GM0153."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs["slug_field"] = "cbs_code"
        kwargs.setdefault("allow_null", True)
        if not kwargs.get("read_only"):
            kwargs["queryset"] = Organisation.objects.filter(type=OrganisationType.GEMEENTE)
            kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("CBS-gemeentecode, bijvoorbeeld GM0153."))
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Organisation:
        code = data.strip().upper() if isinstance(data, str) else ""
        if not CBS_CODE.fullmatch(code):
            self.fail("invalid")
        return super().to_internal_value(code)


class MmdField(serializers.SlugRelatedField):
    """The MMD'er by e-mail address; only MMD'ers of the token's own prison."""

    default_error_messages = {
        "does_not_exist": _("Geen MMD'er met e-mailadres {value} bij deze inrichting."),
        "invalid": _("Geef het e-mailadres van de MMD'er."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs["slug_field"] = "email"
        kwargs.setdefault("allow_null", True)
        if not kwargs.get("read_only"):
            kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("E-mailadres van de MMD'er van de inrichting."))
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        return User.objects.filter(
            organisation=self.context["organisation"], function=Function.MMD, is_active=True
        )

    def to_internal_value(self, data: Any) -> User:
        if isinstance(data, str):
            data = data.strip().lower()
        return super().to_internal_value(data)


GEMEENTE_FIELDS = (
    "brp_gemeente",
    "gemeente_jaar_1",
    "gemeente_jaar_2",
    "gemeente_jaar_3",
    "gemeente_vestiging",
)
PERSON_FIELDS = ("achternaam", "voornamen", "geboortedatum", "bsn")
DETENTION_FIELDS = ("locatie", "plaats", "detention_start", "status", "sentenced_on", "expected_release")


class EpisodeRegisterSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    mmd = MmdField()
    brp_gemeente = GemeenteField(help_text=_("Ingeschreven in de BRP vóór detentie (CBS-code)."))
    gemeente_jaar_1 = GemeenteField(help_text=_("Woon- of briefadres 1 jaar vóór detentie (CBS-code)."))
    gemeente_jaar_2 = GemeenteField(help_text=_("Woon- of briefadres 2 jaar vóór detentie (CBS-code)."))
    gemeente_jaar_3 = GemeenteField(help_text=_("Woon- of briefadres 3 jaar vóór detentie (CBS-code)."))
    gemeente_vestiging = GemeenteField(help_text=_("Gemeente van vestiging na detentie (CBS-code)."))
    meldingsblad = DocumentDataField(
        schema=lambda _context: SPECS[DocumentKind.MELDINGSBLAD],
        required=False,
        help_text=_(
            "Optioneel: dien in dezelfde aanroep het meldingsblad in (de velden van het document). "
            "Lukt dat niet, dan wordt ook de detentie niet geregistreerd."
        ),
    )

    class Meta:
        model = DetentionEpisode
        fields = [*PERSON_FIELDS, *DETENTION_FIELDS, "mmd", *GEMEENTE_FIELDS, "meldingsblad"]


class EpisodeUpdateSerializer(LockedSerializerMixin, StrictSerializerMixin, serializers.ModelSerializer):
    """What a prison system changes afterwards: above all a moved release date, with its reason."""

    lock_field = "version"

    version = serializers.IntegerField(
        source="revision",
        help_text=_("Versie waarop uw wijziging voortbouwt; bij een andere versie volgt 409."),
    )
    mmd = MmdField()
    release_reason = serializers.ChoiceField(
        choices=ReleaseDateReason.choices,
        required=False,
        help_text=_("Verplicht wanneer expected_release verandert."),
    )
    release_note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    class Meta:
        model = DetentionEpisode
        fields = [
            "version",
            "locatie",
            "plaats",
            "mmd",
            "status",
            "sentenced_on",
            "expected_release",
            "release_reason",
            "release_note",
        ]


class DocumentVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = NazorgDocument
        fields = ["id", "kind", "number", "status", "channel", "submitted_at", "correction_reason"]


class DocumentSerializer(DocumentVersionSerializer):
    episode: serializers.PrimaryKeyRelatedField[DetentionEpisode] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    class Meta(DocumentVersionSerializer.Meta):
        fields = [*DocumentVersionSerializer.Meta.fields, "episode", "data"]


class DocumentSubmitSerializer(LockedSerializerMixin, StrictSerializerMixin, serializers.Serializer):
    lock_field = "based_on"
    lock_missing = _(
        "Geef het versienummer (number) mee van de ingediende versie waarop u voortbouwt, of 0 als er nog "
        "niets is ingediend."
    )

    based_on = serializers.IntegerField(
        min_value=0,
        help_text=_(
            "Versienummer (number) van de ingediende versie van dit document waarop u voortbouwt; 0 als er "
            "nog niets is ingediend. Is er intussen een andere versie ingediend, dan volgt 409 met die "
            "versie in `current`."
        ),
    )
    # DRF's metaclass takes declared fields off the class, so this field does not hide Serializer.data.
    data = DocumentDataField(  # type: ignore[assignment]
        schema=lambda context: SPECS[context["kind"]],
        help_text=_("Het hele document: de velden per soort staan in de beschrijving van dit endpoint."),
    )
    correction_reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Verplicht bij een correctie van een al ingediend document."),
    )


class EpisodeListSerializer(serializers.ModelSerializer):
    gemeente = GemeenteField(read_only=True, help_text=_("Gemeente die de nazorg oppakt (CBS-code)."))
    version = serializers.IntegerField(source="revision", read_only=True)

    class Meta:
        model = DetentionEpisode
        fields = [
            "id",
            "reference",
            *PERSON_FIELDS,
            "detention_start",
            "status",
            "expected_release",
            "released_on",
            "gemeente",
            "handover_status",
            "notice_received_on",
            "version",
        ]


class EpisodeSerializer(serializers.ModelSerializer):
    mmd = MmdField(read_only=True)
    brp_gemeente = GemeenteField(read_only=True)
    gemeente_jaar_1 = GemeenteField(read_only=True)
    gemeente_jaar_2 = GemeenteField(read_only=True)
    gemeente_jaar_3 = GemeenteField(read_only=True)
    gemeente_vestiging = GemeenteField(read_only=True)
    gemeente_herkomst = GemeenteField(read_only=True)
    gemeente = GemeenteField(read_only=True, help_text=_("Gemeente die de nazorg oppakt (CBS-code)."))
    version = serializers.IntegerField(source="revision", read_only=True)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = DetentionEpisode
        fields = [
            "id",
            "reference",
            *PERSON_FIELDS,
            *DETENTION_FIELDS,
            "released_on",
            "mmd",
            *GEMEENTE_FIELDS,
            "gemeente_herkomst",
            "gemeente",
            "handover_status",
            "notice_received_on",
            "version",
            "created_at",
            "documents",
        ]

    @extend_schema_field(DocumentVersionSerializer(many=True))
    def get_documents(self, episode: DetentionEpisode) -> list[dict[str, Any]]:
        """Every version of every document, with the prison's own drafts; no contents."""
        documents = episode_documents(episode, include_drafts_of="pi")
        return DocumentVersionSerializer(documents, many=True).data  # type: ignore[return-value]  # a list
