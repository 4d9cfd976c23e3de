"""The API for prison systems: register detentions and submit the prison's nazorg documents as JSON.

Thin views: authenticate the organisation's key, decide access with the nazorg access function (a prison
sees only its own detentions; others 404), call the services, log every answer that shows detainee data."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from common.api_lock import conflict_response
from common.api_problem import Conflict, service_fields
from common.errors import EditConflict
from common.nul_guard import NulRejectingJSONParser
from nazorg.access import Party, episode_get_for_user, episodes_visible_to, may_write_document
from nazorg.access_log import log_episode_list, log_episode_read
from nazorg.api.idempotency import HEADER, KEEP, idempotent
from nazorg.api.serializers import (
    DocumentSerializer,
    DocumentSubmitSerializer,
    EpisodeListSerializer,
    EpisodeRegisterSerializer,
    EpisodeSerializer,
    EpisodeUpdateSerializer,
)
from nazorg.api.throttling import OrganisationKeyThrottle
from nazorg.models import DetentionEpisode, DocumentKind, NazorgDocument
from nazorg.schema import SPECS
from nazorg.services.documents import document_start, document_submit
from nazorg.services.episodes import episode_register, episode_update
from privacy.authentication import OrganisationKeyAuthentication
from privacy.models import ApiToken, Organisation, User

TAGS = ["nazorg (penitentiaire inrichtingen)"]
PRISON_KINDS = [kind for kind, spec in SPECS.items() if spec.party == Party.PRISON.value]


def _key_parameter(*, required: bool) -> OpenApiParameter:
    return OpenApiParameter(
        HEADER,
        str,
        OpenApiParameter.HEADER,
        required=required,
        description=(
            "Unieke waarde per inzending (bijv. een UUID). Dezelfde sleutel met hetzelfde verzoek geeft het "
            "opgeslagen antwoord terug (header Idempotent-Replayed: true) en maakt niets opnieuw aan; "
            "dezelfde sleutel met een ander verzoek geeft 422. Een geweigerd verzoek wordt niet bewaard. "
            f"Antwoorden worden {KEEP.days} dagen bewaard."
        ),
    )


def _fields_per_kind() -> str:
    lines = []
    for kind in PRISON_KINDS:
        keys = ", ".join(f"`{f.key}`{'*' if f.required else ''}" for f in SPECS[kind].fields)
        conditions = "; ".join(
            f"`{', '.join(rule.needed)}` als `{rule.trigger}` = {' of '.join(f'`{v}`' for v in rule.values)}"
            for rule in SPECS[kind].rules
        )
        lines.append(f"- **{kind}**: {keys}" + (f". Ook verplicht: {conditions}" if conditions else ""))
    return "\n".join(lines)


ERRORS = {
    400: OpenApiResponse(description="Ongeldig verzoek: per veld wat er mis is."),
    401: OpenApiResponse(description="Geen, een ongeldige of een ingetrokken API-sleutel."),
    404: OpenApiResponse(description="Detentie niet gevonden (of van een andere inrichting)."),
}


class EpisodeViewSet(viewsets.GenericViewSet):
    """Detentions of the key's own prison."""

    authentication_classes = [OrganisationKeyAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [OrganisationKeyThrottle]
    parser_classes = [NulRejectingJSONParser]
    serializer_class = EpisodeSerializer
    queryset = DetentionEpisode.objects.none()  # the schema generator's model hint; see get_queryset

    @property
    def _user(self) -> User:
        return self.request.user  # type: ignore[return-value]

    @property
    def _token(self) -> ApiToken:
        return self.request.auth  # type: ignore[return-value]

    @property
    def _organisation(self) -> Organisation:
        organisation = self._token.organisation
        assert organisation is not None  # OrganisationKeyAuthentication takes organisation keys only
        return organisation

    def get_queryset(self) -> QuerySet[DetentionEpisode]:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        queryset = episodes_visible_to(self._user).filter(prison_id=self._organisation.pk)
        bsn = self.request.query_params.get("bsn", "").strip()
        if bsn:
            queryset = queryset.filter(bsn=bsn)
        return queryset.select_related("gemeente").order_by("-detention_start", "-id")

    def _episode(self, pk: int | str) -> DetentionEpisode:
        episode, _party = episode_get_for_user(user=self._user, pk=pk, party=Party.PRISON)
        return episode

    def _log(self, episode: DetentionEpisode, shown: str) -> None:
        log_episode_read(
            user=self._user, episode=episode, shown=shown, request=self.request._request, channel="api"
        )

    def _answer(self, episode: DetentionEpisode, shown: str, code: int = status.HTTP_200_OK) -> Response:
        episode = self._episode(episode.pk)
        self._log(episode, shown)
        return Response(EpisodeSerializer(episode).data, status=code)

    def _log_replayed_episode(self, body: dict[str, Any]) -> None:
        self._log(self._episode(body["id"]), "detentie (herhaald antwoord)")

    def edit_conflict(self, exc: EditConflict) -> Conflict:
        """The 409 of a stale version or ``based_on``. It is answered after the undone transaction, so its
        access-log row stays."""
        if self.action == "submit_document":
            document: NazorgDocument | None = exc.current
            shown = f"v{document.number}" if document is not None else "(geen)"
            self._log(self._episode(self.kwargs["pk"]), f"{self.kwargs['kind']} {shown} (wijzigconflict)")
            return Conflict(
                _(
                    "Intussen is een andere versie van dit document ingediend. Hieronder die versie; stuur "
                    "uw document opnieuw met based_on gelijk aan haar number."
                ),
                current=DocumentSerializer(document).data if document is not None else None,
            )
        current = self._episode(exc.current.pk)
        self._log(current, "detentie (wijzigconflict)")
        return Conflict(
            _(
                "Deze detentie is intussen gewijzigd. Hieronder de huidige versie; stuur uw "
                "wijziging opnieuw met deze versie."
            ),
            current=EpisodeSerializer(current).data,
        )

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("bsn", str, description="Alleen de detenties met dit BSN.")],
        responses={200: EpisodeListSerializer(many=True), 401: ERRORS[401]},
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None
        log_episode_list(
            user=self._user, episodes=page, shown="detentielijst", request=request._request, channel="api"
        )
        return self.get_paginated_response(EpisodeListSerializer(page, many=True).data)

    @extend_schema(tags=TAGS, responses={200: EpisodeSerializer, 401: ERRORS[401], 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: str) -> Response:
        episode = self._episode(pk)
        self._log(episode, "detentie")
        return Response(EpisodeSerializer(episode).data)

    @extend_schema(
        tags=TAGS,
        summary="Detentie registreren (eventueel met meldingsblad)",
        description=(
            "De inrichting is die van de API-sleutel. Gemeenten worden aangeduid met hun CBS-code. "
            "Met `meldingsblad` wordt in dezelfde aanroep ook het meldingsblad detentie ingediend; "
            "lukt dat niet, dan wordt niets geregistreerd."
        ),
        parameters=[_key_parameter(required=True)],
        request=EpisodeRegisterSerializer,
        responses={
            201: EpisodeSerializer,
            400: ERRORS[400],
            401: ERRORS[401],
            422: OpenApiResponse(description="Idempotency-Key al gebruikt voor een ander verzoek."),
        },
    )
    def create(self, request: Request) -> Response:
        return idempotent(request, run=self._register, on_replay=self._log_replayed_episode)

    def _register(self) -> Response:
        organisation = self._organisation
        serializer = EpisodeRegisterSerializer(data=self.request.data, context={"organisation": organisation})
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        meldingsblad = fields.pop("meldingsblad", None)
        episode = episode_register(by=self._user, prison=organisation, **fields)
        if meldingsblad is not None:
            self._submit(episode, DocumentKind.MELDINGSBLAD, meldingsblad, errors_under="meldingsblad")
        return self._answer(episode, "detentie (geregistreerd)", status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Detentie wijzigen, vooral een verschoven einddatum",
        description=(
            "Stuur `version` mee (optimistische vergrendeling). Een nieuwe `expected_release` vraagt een "
            "`release_reason`. Een Idempotency-Key is hier optioneel."
        ),
        parameters=[_key_parameter(required=False)],
        request=EpisodeUpdateSerializer,
        responses={
            200: EpisodeSerializer,
            400: ERRORS[400],
            401: ERRORS[401],
            404: ERRORS[404],
            409: conflict_response(
                EpisodeSerializer, "Intussen gewijzigd: `current` bevat de huidige detentie."
            ),
        },
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        episode = self._episode(pk)
        return idempotent(
            request, run=lambda: self._update(episode), on_replay=self._log_replayed_episode, required=False
        )

    def _update(self, episode: DetentionEpisode) -> Response:
        serializer = EpisodeUpdateSerializer(
            data=self.request.data, partial=True, context={"organisation": self._organisation}
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        expected = fields.pop("revision")  # required: the serializer refuses a change without it
        updated = episode_update(episode=episode, by=self._user, expected_revision=expected, **fields)
        return self._answer(updated, "detentie (gewijzigd)")

    @extend_schema(
        tags=TAGS,
        summary="Document van de inrichting indienen",
        description=(
            "Het hele document in `data`; wat u stuurt wordt ingediend. Is er al een ingediende versie, "
            "dan wordt dit een correctie (nieuwe versie) en is `correction_reason` verplicht. Het "
            "gemeenteblad vult de gemeente in (403).\n\nVelden per soort (* verplicht bij indienen):\n\n"
            f"{_fields_per_kind()}"
        ),
        parameters=[
            _key_parameter(required=True),
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=DocumentKind.values),
        ],
        request=DocumentSubmitSerializer,
        responses={
            201: DocumentSerializer,
            400: ERRORS[400],
            401: ERRORS[401],
            403: OpenApiResponse(description="Dit document vult de gemeente in."),
            404: ERRORS[404],
            409: conflict_response(
                DocumentSerializer,
                "Intussen is een andere versie ingediend dan `based_on`: die staat in `current`.",
            ),
            422: OpenApiResponse(description="Idempotency-Key al gebruikt voor een ander verzoek."),
        },
    )
    def submit_document(self, request: Request, pk: str, kind: str) -> Response:
        if kind not in DocumentKind.values:
            raise NotFound(_("Onbekend document: %(kind)s.") % {"kind": kind})
        episode = self._episode(pk)
        if not may_write_document(Party.PRISON, kind):
            raise PermissionDenied(_("Dit document vult de gemeente in, niet de inrichting."))

        def run() -> Response:
            serializer = DocumentSubmitSerializer(data=request.data, context={"kind": kind})
            serializer.is_valid(raise_exception=True)
            document = self._submit(
                episode,
                kind,
                serializer.validated_data["data"],
                correction_reason=serializer.validated_data["correction_reason"],
                based_on=serializer.validated_data["based_on"],
                errors_under="data",
                top_level=("correction_reason", api_settings.NON_FIELD_ERRORS_KEY),
            )
            return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

        def on_replay(body: dict[str, Any]) -> None:
            self._log(episode, f"{kind} v{body['number']} (herhaald antwoord)")

        return idempotent(request, run=run, on_replay=on_replay)

    def _submit(
        self,
        episode: DetentionEpisode,
        kind: str,
        data: dict[str, Any],
        *,
        errors_under: str,
        correction_reason: str = "",
        based_on: int | None = None,
        top_level: tuple[str, ...] = (),
    ) -> NazorgDocument:
        """Submit the whole document; its field errors come back under ``errors_under``."""
        document = document_start(episode=episode, kind=kind, by=self._user, channel="api")
        with service_fields(under=errors_under, top_level=top_level):
            document = document_submit(
                document=document,
                by=self._user,
                data=data,
                correction_reason=correction_reason,
                expected_current=based_on,
            )
        self._log(episode, f"{kind} v{document.number} (ingediend)")
        return document
