"""REST API of the gedragscontract, nested under the case (access is decided on the case alone):
list, prepare, read, edit while voorbereid, sign for the partners, record the client's signature (JSON
with a drawn signature as a PNG data URL, or multipart with a scan), refuse, new version, terminate, the
frozen PDF, and the police mutations of a contract that counts months without them (art. 9).

Any change to a contract that is not in the state the step needs answers 409 (a signed contract never
changes); a stale ``revision`` answers 409 with the current data. Every response that shows contract
content writes one access-log row, every PDF download included."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from caseplan.api.plans import _CaseNestedViewSet
from caseplan.models import (
    Contract,
    DurationKind,
    PlanVersion,
    PoliceRecord,
    SignatureMethod,
    TerminationReason,
    VersionStatus,
)
from caseplan.selectors.contracts import (
    contract_for_case,
    contract_pdf_bytes,
    contract_police_records,
    contracts_for_case,
)
from caseplan.services.contracts import (
    UPDATE_FIELDS,
    contract_new_version,
    contract_police_record_add,
    contract_prepare,
    contract_refuse,
    contract_sign_client,
    contract_sign_partners,
    contract_terminate,
    contract_update,
    signature_from_data_url,
)
from common.api_lock import LockedSerializerMixin
from common.api_problem import Conflict
from common.errors import EditConflict
from common.nul_guard import NulRejectingFormParser, NulRejectingJSONParser, NulRejectingMultiPartParser
from privacy.http import AuthenticatedApiRequest
from privacy.models import User

TAGS = ["gedragscontract"]
REVISION_HELP = (
    "Revisie waarop uw wijziging voortbouwt; bij een andere revisie volgt 409 met de huidige gegevens."
)


SHOWN = {  # what the access log says an answer of each step shows
    "create": " (voorbereid)",
    "partial_update": " (gewijzigd)",
    "sign_partners": " (getekend namens de partners)",
    "sign_client": " (getekend door de cliënt)",
    "refuse": " (geweigerd)",
    "new_version": " (nieuwe versie)",
    "terminate": " (beëindigd)",
    "add_police_record": " (politiemutatie)",
}
STATE_RESPONSE = OpenApiResponse(
    description="Het contract staat niet in de juiste status voor deze stap (een getekend contract verandert "
    "niet meer), of een verouderde revisie: dan staat het opgeslagen contract in `current`."
)


# --- serializers ----------------------------------------------------------------------------------------


class ContractSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    # Empty ("") until the contract is signed or ended.
    signature_method = serializers.ChoiceField(
        choices=SignatureMethod.choices, allow_blank=True, read_only=True
    )
    end_reason = serializers.ChoiceField(choices=TerminationReason.choices, allow_blank=True, read_only=True)
    pdf_url = serializers.SerializerMethodField(
        help_text="De vastgelegde PDF; alleen bij een getekend contract."
    )
    casemanager: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="email",
        read_only=True,
        allow_null=True,
        help_text="E-mailadres van de casemanager uit het casusteam; leeg bij een ouder contract waarin de "
        "casemanager als tekst is ingevuld (zie casemanager_name en casemanager_organisation).",
    )
    months_end_date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="Art. 9: de dag waarop de maanden zonder politiemutaties om zijn, gerekend vanaf "
        "months_counted_from (het in werking treden of de laatste politiemutatie).",
    )

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "status",
            "status_display",
            "plan_version",
            "replaces",
            "gemeente_name",
            "partner_signatory_name",
            "client_name",
            "casemanager",
            "casemanager_name",
            "casemanager_organisation",
            "duration_kind",
            "end_date",
            "months_without_mutations",
            "months_counted_from",
            "months_end_date",
            "place",
            "contract_date",
            "change_reason",
            "discussed_with_client_on",
            "casemanager_consent",
            "partners_signed_on",
            "client_signed_on",
            "client_signed_place",
            "signature_method",
            "signature_sha256",
            "in_force_from",
            "pdf_sha256",
            "pdf_rendered_at",
            "pdf_url",
            "refused_on",
            "refusal_note",
            "ended_on",
            "end_reason",
            "end_note",
            "police_report_reference",
            "revision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_pdf_url(self, contract: Contract) -> str | None:
        if not contract.pdf_sha256:
            return None
        return reverse("case-contract-pdf", kwargs={"pk": contract.case_id, "contract_id": contract.pk})


class _DurationMixin(serializers.Serializer):
    duration_kind = serializers.ChoiceField(choices=DurationKind.choices)
    end_date = serializers.DateField(
        required=False, allow_null=True, help_text="Bij duration_kind=einddatum."
    )
    months_without_mutations = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Bij duration_kind=maanden."
    )


class ContractPrepareSerializer(_DurationMixin):
    plan_version = serializers.IntegerField(help_text="Id van een vastgestelde planversie van deze casus.")
    casemanager = serializers.SlugRelatedField(
        slug_field="email",
        queryset=User.objects.filter(is_active=True).select_related("organisation"),
        help_text="E-mailadres van de casemanager (art. 7): iemand uit het casusteam. Naam en organisatie "
        "worden in het contract overgenomen.",
    )
    partner_signatory_name = serializers.CharField(max_length=200)
    place = serializers.CharField(max_length=100)
    contract_date = serializers.DateField(required=False, help_text="Standaard vandaag.")


class ContractUpdateSerializer(LockedSerializerMixin, ContractPrepareSerializer):
    revision = serializers.IntegerField(help_text=REVISION_HELP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)


class SignPartnersSerializer(LockedSerializerMixin, serializers.Serializer):
    signed_on = serializers.DateField()
    partner_signatory_name = serializers.CharField(max_length=200, required=False)
    revision = serializers.IntegerField(help_text=REVISION_HELP)


class SignClientSerializer(LockedSerializerMixin, serializers.Serializer):
    signed_on = serializers.DateField()
    place = serializers.CharField(max_length=100)
    scan = serializers.FileField(
        required=False, help_text="Scan van het nat getekende exemplaar: PDF, JPG of PNG."
    )
    signature = serializers.CharField(
        required=False,
        help_text="Handtekening getekend op een tablet, als data-URL (data:image/png;base64,...).",
    )
    revision = serializers.IntegerField(help_text=REVISION_HELP)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("scan" in attrs) == ("signature" in attrs):
            raise ValidationError(
                {"signature": "Lever een scan (scan) óf een getekende handtekening (signature)."}
            )
        return attrs


class RefuseSerializer(LockedSerializerMixin, serializers.Serializer):
    refused_on = serializers.DateField(required=False, help_text="Standaard vandaag.")
    note = serializers.CharField(help_text="Toelichting op de weigering.")
    revision = serializers.IntegerField(help_text=REVISION_HELP)


class NewVersionSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Reden van de wijziging (art. 6).")
    casemanager_consent = serializers.BooleanField(
        help_text="De casemanager stemt in (art. 6); moet waar zijn."
    )
    discussed_with_client_on = serializers.DateField(help_text="Datum van de bespreking met de cliënt.")
    plan_version = serializers.IntegerField(
        required=False, help_text="Vastgestelde planversie; standaard de nieuwste van hetzelfde plan."
    )


class TerminateSerializer(LockedSerializerMixin, serializers.Serializer):
    reason = serializers.ChoiceField(choices=TerminationReason.choices)
    ended_on = serializers.DateField(required=False, help_text="Standaard vandaag.")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    police_report_reference = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht bij reason=strafbaar_feit (art. 11).",
    )
    revision = serializers.IntegerField(help_text=REVISION_HELP)


class PoliceRecordSerializer(serializers.ModelSerializer):
    ends_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="Het einde van de telling zoals deze mutatie het liet."
    )
    restarted = serializers.BooleanField(
        read_only=True, help_text="Of deze mutatie de telling opnieuw liet beginnen."
    )
    recorded_by = serializers.CharField(source="recorded_by.get_full_name", read_only=True)
    contract_revision = serializers.IntegerField(
        source="contract.revision", read_only=True, help_text="De revisie van het contract na deze mutatie."
    )

    class Meta:
        model = PoliceRecord
        fields = [
            "id",
            "registered_on",
            "reference",
            "counted_from_before",
            "counted_from_after",
            "ends_on",
            "restarted",
            "recorded_by",
            "recorded_at",
            "contract_revision",
        ]
        read_only_fields = fields


class PoliceRecordAddSerializer(LockedSerializerMixin, serializers.Serializer):
    registered_on = serializers.DateField(help_text="Datum van de politiemutatie; niet in de toekomst.")
    reference = serializers.CharField(
        max_length=40,
        help_text="Het kenmerk van de registratie in het politiesysteem (letters, cijfers en - . / _); geen "
        "omschrijving van wat er gebeurde.",
    )
    revision = serializers.IntegerField(help_text=REVISION_HELP)


class PdfRenderer(BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; the PDF view returns the stored bytes itself, and
    an error is answered in JSON (ContractViewSet.handle_exception)."""

    media_type = "application/pdf"
    format = "pdf"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return JSONRenderer().render(data)


# --- views ----------------------------------------------------------------------------------------------


class ContractViewSet(_CaseNestedViewSet):
    """The gedragscontracten of a case. Reading and printing: every team member; changes: write access."""

    request: AuthenticatedApiRequest

    read_actions = frozenset({"list", "retrieve", "pdf", "metadata", "police_records"})
    parser_classes = [NulRejectingJSONParser, NulRejectingMultiPartParser, NulRejectingFormParser]

    def get_renderers(self) -> list[BaseRenderer]:
        renderers = super().get_renderers()
        return [*renderers, PdfRenderer()] if self.action == "pdf" else renderers

    def _contract(self) -> Contract:
        return contract_for_case(self.case, self.kwargs["contract_id"])

    def _plan_version(self, pk: int) -> PlanVersion:
        version = (
            PlanVersion.objects.select_related("plan")
            .filter(pk=pk, plan__case=self.case, status=VersionStatus.PUBLISHED)
            .first()
        )
        if version is None:
            raise ValidationError({"plan_version": "Kies een vastgestelde planversie van deze casus."})
        return version

    def _respond(self, result: Contract, code: int = status.HTTP_200_OK) -> Response:
        contract = contract_for_case(self.case, result.pk)
        self._log(f"gedragscontract v{contract.number}{SHOWN[self.action]}")
        return Response(ContractSerializer(contract).data, status=code)

    def edit_conflict(self, exc: EditConflict) -> Conflict:
        self._log(f"gedragscontract{SHOWN[self.action]} (conflict)")  # it shows the stored contract: a read
        return Conflict(current=ContractSerializer(exc.current).data)

    @extend_schema(tags=TAGS, responses=ContractSerializer(many=True))
    def list(self, request: AuthenticatedApiRequest, pk: int) -> Response:
        contracts = contracts_for_case(self.case)
        self._log("gedragscontracten")
        return Response(ContractSerializer(contracts, many=True).data)

    @extend_schema(
        tags=TAGS,
        request=ContractPrepareSerializer,
        responses={201: ContractSerializer},
        description="Bereid een gedragscontract voor bij een vastgestelde planversie (status voorbereid).",
    )
    def create(self, request: AuthenticatedApiRequest, pk: int) -> Response:
        serializer = ContractPrepareSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["plan_version"] = self._plan_version(data["plan_version"])
        return self._respond(contract_prepare(by=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(tags=TAGS, responses=ContractSerializer)
    def retrieve(self, request: AuthenticatedApiRequest, pk: int, contract_id: int) -> Response:
        contract = self._contract()
        self._log(f"gedragscontract v{contract.number}")
        return Response(ContractSerializer(contract).data)

    @extend_schema(
        tags=TAGS,
        request=ContractUpdateSerializer,
        responses={200: ContractSerializer, 409: STATE_RESPONSE},
        description="Alleen zolang het contract voorbereid is; daarna 409.",
    )
    def partial_update(self, request: AuthenticatedApiRequest, pk: int, contract_id: int) -> Response:
        contract = self._contract()
        serializer = ContractUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = data.pop("revision")  # required: the serializer refuses a change without it
        if "plan_version" in data:
            data["plan_version"] = self._plan_version(data["plan_version"])
        fields = {name: value for name, value in data.items() if name in UPDATE_FIELDS}
        result = contract_update(by=request.user, contract=contract, expected_revision=expected, **fields)
        return self._respond(result)

    @extend_schema(
        tags=TAGS, request=SignPartnersSerializer, responses={200: ContractSerializer, 409: STATE_RESPONSE}
    )
    def sign_partners(self, request: AuthenticatedApiRequest, pk: int, contract_id: int) -> Response:
        contract = self._contract()
        serializer = SignPartnersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = contract_sign_partners(
            by=request.user,
            contract=contract,
            signed_on=data["signed_on"],
            partner_signatory_name=data.get("partner_signatory_name"),
            expected_revision=data["revision"],
        )
        return self._respond(result)

    @extend_schema(
        tags=TAGS,
        request={"multipart/form-data": SignClientSerializer, "application/json": SignClientSerializer},
        responses={200: ContractSerializer, 409: STATE_RESPONSE},
        description="Leg de handtekening van de cliënt vast (datum, plaats, en een scan óf een handtekening "
        "getekend op een tablet). Het contract treedt in werking en de PDF wordt eenmalig vastgelegd.",
    )
    def sign_client(self, request: AuthenticatedApiRequest, pk: int, contract_id: int) -> Response:
        contract = self._contract()
        serializer = SignClientSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        drawn = signature_from_data_url(data["signature"]) if "signature" in data else None
        result = contract_sign_client(
            by=request.user,
            contract=contract,
            signed_on=data["signed_on"],
            place=data["place"],
            scan=data.get("scan"),
            drawn_png=drawn,
            expected_revision=data["revision"],
        )
        return self._respond(result)

    @extend_schema(
        tags=TAGS, request=RefuseSerializer, responses={200: ContractSerializer, 409: STATE_RESPONSE}
    )
    def refuse(self, request: AuthenticatedApiRequest, pk: int, contract_id: int) -> Response:
        contract = self._contract()
        serializer = RefuseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = contract_refuse(
            by=request.user,
            contract=contract,
            refused_on=data.get("refused_on"),
            note=data["note"],
            expected_revision=data["revision"],
        )
        return self._respond(result)

    @extend_schema(
        tags=TAGS,
        request=NewVersionSerializer,
        responses={201: ContractSerializer, 409: STATE_RESPONSE},
        description="Art. 6: een nieuwe versie van het contract in werking, na bespreking met de cliënt en met "
        "instemming van de casemanager.",
    )
    def new_version(self, request: AuthenticatedApiRequest, pk: int, contract_id: int) -> Response:
        contract = self._contract()
        serializer = NewVersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "plan_version" in data:
            data["plan_version"] = self._plan_version(data["plan_version"])
        result = contract_new_version(by=request.user, contract=contract, **data)
        return self._respond(result, status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS, request=TerminateSerializer, responses={200: ContractSerializer, 409: STATE_RESPONSE}
    )
    def terminate(self, request: AuthenticatedApiRequest, pk: int, contract_id: int) -> Response:
        contract = self._contract()
        serializer = TerminateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = data.pop("revision")
        result = contract_terminate(by=request.user, contract=contract, expected_revision=expected, **data)
        return self._respond(result)

    @extend_schema(
        tags=TAGS,
        responses=PoliceRecordSerializer(many=True),
        description="Art. 9: de politiemutaties geregistreerd bij dit contract, nieuwste eerst.",
    )
    def police_records(self, request: AuthenticatedApiRequest, pk: int, contract_id: int) -> Response:
        contract = self._contract()
        records = contract_police_records(contract)
        self._log(f"gedragscontract v{contract.number} (politiemutaties)")
        return Response(PoliceRecordSerializer(records, many=True).data)

    @extend_schema(
        tags=TAGS,
        request=PoliceRecordAddSerializer,
        responses={201: PoliceRecordSerializer, 409: STATE_RESPONSE},
        description="Art. 9: registreer een politiemutatie bij een contract in werking dat eindigt na N "
        "maanden zonder politiemutaties; de maanden tellen opnieuw vanaf haar datum. Alleen voor "
        "justitiepartners (politie, OM, reclassering) en de procesmanager (gemeente, Veiligheidshuis) met "
        "schrijfrechten; anderen krijgen 403. Een contract met een einddatum of niet in werking: 409.",
    )
    def add_police_record(self, request: AuthenticatedApiRequest, pk: int, contract_id: int) -> Response:
        contract = self._contract()
        serializer = PoliceRecordAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        record = contract_police_record_add(
            contract=contract,
            by=request.user,
            registered_on=data["registered_on"],
            reference=data["reference"],
            expected_revision=data["revision"],
        )
        self._log(f"gedragscontract v{contract.number}{SHOWN[self.action]}")
        return Response(PoliceRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="Nog niet getekend."),
        },
        description="De getekende PDF, byte voor byte zoals vastgelegd; de SHA-256 staat in de ETag en in "
        "`pdf_sha256` van het contract. Elke download komt in het toegangslog.",
    )
    def pdf(self, request: AuthenticatedApiRequest, pk: int, contract_id: int) -> HttpResponse:
        contract = self._contract()
        data = contract_pdf_bytes(contract)
        self._log(f"gedragscontract v{contract.number} (PDF, SHA-256 {contract.pdf_sha256[:12]})")
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="gedragscontract-{self.case.reference}-v{contract.number}.pdf"'
        )
        response["ETag"] = f'"{contract.pdf_sha256}"'
        response["Cache-Control"] = "private, no-store"
        return response
