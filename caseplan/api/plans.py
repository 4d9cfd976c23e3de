"""REST API of the maatwerkplan: plans, versions, sections, life domains, goals, interventions and
conditional sanctions, nested under the case so that access is decided on the case alone.

Views are thin: look up the case (404 outsider, 403 read-only on writes), find the object *inside* that
case, validate the input, call a service in caseplan/services/plans.py. A published version never
changes: every write to one answers 409 with a message. A stale ``revision`` answers 409 with the
current data. Every response that shows plan content (every 200/201, and a 409 with the current data)
writes one access-log row; a 204 writes none."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from caseplan.access import case_get_for_user
from caseplan.access_log import log_case_read
from caseplan.models import (
    Case,
    Goal,
    Intervention,
    Plan,
    PlanDomain,
    PlanSanction,
    PlanSection,
    PlanTemplate,
    PlanVersion,
    SanctionOption,
)
from caseplan.plan_schema import SECTIONS, SECTIONS_BY_KEY
from caseplan.selectors.plans import domain_flag, version_queryset
from caseplan.services.plans import (
    DOMAIN_FIELDS,
    domain_update,
    goal_delete,
    goal_save,
    intervention_delete,
    intervention_save,
    plan_create,
    sanction_add,
    sanction_delete,
    section_update,
    version_publish,
    version_start_next,
)
from common.api_lock import LockedSerializerMixin, conflict_response
from common.api_problem import Conflict, service_fields
from common.documents.serializer_fields import DocumentDataField
from common.errors import EditConflict
from privacy.http import AuthenticatedApiRequest
from privacy.models import Organisation

TAGS = ["maatwerkplan"]
REVISION_HELP = (
    "Revisie waarop uw wijziging voortbouwt; bij een andere revisie volgt 409 met de huidige gegevens."
)
SECTION_ORDER = {section.key: index for index, section in enumerate(SECTIONS)}


PUBLISHED_RESPONSE = OpenApiResponse(description="De versie is vastgesteld en verandert niet meer.")
CONFLICT_RESPONSE = OpenApiResponse(
    description="Vastgestelde versie, of een verouderde revisie: dan staat de opgeslagen versie in `current`."
)


# --- reads -------------------------------------------------------------------------------------------


def _domain_queryset() -> QuerySet[PlanDomain]:
    return PlanDomain.objects.prefetch_related(
        "goals",
        Prefetch("interventions", queryset=Intervention.objects.select_related("responsible_organisation")),
    )


NO_GOAL = "no_goal"
NO_RESPONSIBLE_PARTNER = "no_responsible_partner"
FLAG_TEXT = {NO_GOAL: "geen doel", NO_RESPONSIBLE_PARTNER: "geen verantwoordelijke partner"}


def version_flags(version: PlanVersion) -> list[dict[str, Any]]:
    """Life domains with a described problem but no goal or no responsible partner (seed 000: an empty
    leefgebied is a reason to escalate). Works on the prefetched version of ``version_queryset``."""
    flags = []
    for domain in version.domains.all():
        flag = domain_flag(domain)
        reasons = [
            code for code, on in ((NO_GOAL, flag.no_goal), (NO_RESPONSIBLE_PARTNER, flag.no_partner)) if on
        ]
        if reasons:
            flags.append(
                {
                    "domain": domain.pk,
                    "number": domain.number,
                    "name": domain.name,
                    "reasons": reasons,
                    "message": f"{domain.number}. {domain.name}: probleem beschreven, maar "
                    + " en ".join(FLAG_TEXT[reason] for reason in reasons)
                    + ".",
                }
            )
    return flags


# --- serializers ----------------------------------------------------------------------------------------


def _section_fields_help() -> str:
    lines = [f"{section.key}: {', '.join(field.key for field in section.fields)}" for section in SECTIONS]
    return "Velden per sectie (caseplan/plan_schema.py). " + "; ".join(lines)


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = [
            "id",
            "kind",
            "text",
            "target_date",
            "carried_from",
            "evaluation_result",
            "evaluation_note",
            "revision",
        ]
        read_only_fields = ["id", "carried_from", "revision"]


class GoalUpdateSerializer(LockedSerializerMixin, GoalSerializer):
    revision = serializers.IntegerField(help_text=REVISION_HELP)

    class Meta(GoalSerializer.Meta):
        read_only_fields = ["id", "carried_from"]


class InterventionSerializer(serializers.ModelSerializer):
    responsible_organisation = serializers.SlugRelatedField(
        slug_field="name",
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Naam van de verantwoordelijke partnerorganisatie: een organisatie uit het casusteam (als "
        "geheel of via een medewerker in het team); een andere geeft 400.",
    )

    class Meta:
        model = Intervention
        fields = ["id", "description", "responsible_organisation", "responsible_person"]
        read_only_fields = ["id"]


class DomainSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(many=True, read_only=True)
    interventions = InterventionSerializer(many=True, read_only=True)

    class Meta:
        model = PlanDomain
        fields = [
            "id",
            "number",
            "name",
            "kind",
            *DOMAIN_FIELDS,
            "revision",
            "updated_at",
            "goals",
            "interventions",
        ]
        read_only_fields = fields


class DomainUpdateSerializer(LockedSerializerMixin, serializers.ModelSerializer):
    revision = serializers.IntegerField(help_text=REVISION_HELP)

    class Meta:
        model = PlanDomain
        fields = [*DOMAIN_FIELDS, "revision"]


class SectionSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    # DRF's metaclass takes declared fields off the class, so this field does not hide Serializer.data.
    data = serializers.DictField(help_text=_section_fields_help())  # type: ignore[assignment]

    class Meta:
        model = PlanSection
        fields = ["key", "title", "data", "revision", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_title(self, section: PlanSection) -> str:
        schema = SECTIONS_BY_KEY.get(section.key)
        return str(schema.title) if schema else section.key


class SectionUpdateSerializer(LockedSerializerMixin, serializers.Serializer):
    data = DocumentDataField(  # type: ignore[assignment]  # the field, not Serializer.data: see above
        schema=lambda context: SECTIONS_BY_KEY[context["section_key"]],
        help_text='Alleen de velden die u meestuurt veranderen; een leeg veld ("" of null) wist de waarde. '
        + _section_fields_help(),
    )
    revision = serializers.IntegerField(help_text=REVISION_HELP)


class SanctionSerializer(serializers.ModelSerializer):
    option = serializers.SlugRelatedField(
        slug_field="number",
        queryset=SanctionOption.objects.all(),
        required=False,
        allow_null=True,
        help_text="Nummer uit de menukaart voorwaardelijke sancties (1-14), of null voor een eigen voorwaarde.",
    )
    option_name = serializers.CharField(source="option.name", read_only=True, allow_null=True)
    group = serializers.CharField(source="option.group", read_only=True, allow_null=True)

    class Meta:
        model = PlanSanction
        fields = ["id", "option", "option_name", "group", "text"]
        read_only_fields = ["id"]
        extra_kwargs = {"text": {"required": False, "allow_blank": True}}


class FlagSerializer(serializers.Serializer):
    domain = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=list(FLAG_TEXT)))
    message = serializers.CharField()


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = ["id", "number", "status", "based_on", "version_date", "evaluation_date", "published_at"]
        read_only_fields = fields


class VersionDetailSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    template = serializers.CharField(source="plan.template.code", read_only=True)
    published_by = serializers.CharField(source="published_by.get_full_name", read_only=True, allow_null=True)
    sections = serializers.SerializerMethodField()
    domains = DomainSerializer(many=True, read_only=True)
    sanctions = SanctionSerializer(many=True, read_only=True)
    flags = serializers.SerializerMethodField(
        help_text="Leefgebieden met een beschreven probleem maar zonder doel of zonder verantwoordelijke "
        "partner: een reden om op te schalen."
    )

    class Meta:
        model = PlanVersion
        fields = [
            *VersionSummarySerializer.Meta.fields,
            "plan",
            "template",
            "published_by",
            "created_at",
            "sections",
            "domains",
            "sanctions",
            "flags",
        ]
        read_only_fields = fields

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, version: PlanVersion) -> list[dict[str, Any]]:
        sections = sorted(version.sections.all(), key=lambda s: SECTION_ORDER.get(s.key, len(SECTION_ORDER)))
        return SectionSerializer(sections, many=True).data  # type: ignore[return-value]  # the list, see above

    @extend_schema_field(FlagSerializer(many=True))
    def get_flags(self, version: PlanVersion) -> list[dict[str, Any]]:
        return version_flags(version)


class PlanSerializer(serializers.ModelSerializer):
    template = serializers.SlugRelatedField(
        slug_field="code",
        queryset=PlanTemplate.objects.filter(is_active=True),
        help_text="Code van het sjabloon, bijvoorbeeld maatwerkplan of mo-trajectplan.",
    )
    template_name = serializers.CharField(source="template.name", read_only=True)
    versions = VersionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "template", "template_name", "created_at", "versions"]
        read_only_fields = ["id", "created_at"]


class PublishSerializer(serializers.Serializer):
    evaluation_date = serializers.DateField(
        required=False, allow_null=True, help_text="Datum evaluatie (in de toekomst); wordt een termijn."
    )


# --- views ----------------------------------------------------------------------------------------------


class _CaseNestedViewSet(viewsets.GenericViewSet):
    """Base: the case comes first. Actions in ``read_actions`` need read access, all others write access."""

    request: AuthenticatedApiRequest

    read_actions: frozenset[str] = frozenset({"list", "retrieve", "metadata"})
    pagination_class = None
    filter_backends: list[type] = []
    metadata_class = None  # OPTIONS answers 405: the OpenAPI schema documents every operation
    case: Case

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.case = case_get_for_user(
            user=self.request.user,  # the same request, typed as authenticated
            pk=kwargs["pk"],
            write=self.action not in self.read_actions,
            queryset=Case.objects.select_related("purpose"),
        )

    def _log(self, shown: str) -> None:
        request = self.request
        log_case_read(user=request.user, case=self.case, shown=shown, request=request._request, channel="api")

    def _plan(self) -> Plan:
        return get_object_or_404(
            Plan.objects.select_related("template"), pk=self.kwargs["plan_id"], case=self.case
        )

    def _version(self, queryset: QuerySet[PlanVersion] | None = None) -> PlanVersion:
        queryset = PlanVersion.objects.select_related("plan__template") if queryset is None else queryset
        return get_object_or_404(
            queryset, pk=self.kwargs["version_id"], plan_id=self.kwargs["plan_id"], plan__case=self.case
        )

    def _domain(self) -> PlanDomain:
        return get_object_or_404(
            PlanDomain.objects.select_related("version"),
            pk=self.kwargs["domain_id"],
            version_id=self.kwargs["version_id"],
            version__plan_id=self.kwargs["plan_id"],
            version__plan__case=self.case,
        )

    def _in_domain(self, queryset: QuerySet[Any], pk: int) -> Any:
        return get_object_or_404(
            queryset.select_related("domain__version"),
            pk=pk,
            domain_id=self.kwargs["domain_id"],
            domain__version_id=self.kwargs["version_id"],
            domain__version__plan_id=self.kwargs["plan_id"],
            domain__version__plan__case=self.case,
        )

    def _version_response(self, version: PlanVersion, shown: str, code: int = status.HTTP_200_OK) -> Response:
        version = version_queryset().get(pk=version.pk)
        self._log(f"{version.plan.template.name} v{version.number}{shown}")
        return Response(VersionDetailSerializer(version).data, status=code)


class PlanViewSet(_CaseNestedViewSet):
    """The plans of a case, one per template; each starts with an empty draft version 1."""

    request: AuthenticatedApiRequest

    @extend_schema(tags=TAGS, responses=PlanSerializer(many=True))
    def list(self, request: AuthenticatedApiRequest, pk: int) -> Response:
        plans = Plan.objects.filter(case=self.case).select_related("template").prefetch_related("versions")
        self._log("plannen")
        return Response(PlanSerializer(plans, many=True).data)

    @extend_schema(tags=TAGS, request=PlanSerializer, responses={201: PlanSerializer})
    def create(self, request: AuthenticatedApiRequest, pk: int) -> Response:
        serializer = PlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_fields(rename={NON_FIELD_ERRORS: "template"}):  # e.g. this template is in use already
            version = plan_create(
                by=request.user, case=self.case, template=serializer.validated_data["template"]
            )
        plan = Plan.objects.select_related("template").prefetch_related("versions").get(pk=version.plan_id)
        self._log(f"{plan.template.name} (aangemaakt)")
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={201: VersionDetailSerializer},
        description="Start een nieuwe conceptversie als kopie van de laatst vastgestelde; alle doelen gaan "
        "mee voor evaluatie.",
    )
    def next_version(self, request: AuthenticatedApiRequest, pk: int, plan_id: int) -> Response:
        draft = version_start_next(by=request.user, plan=self._plan())
        return self._version_response(draft, " (nieuwe versie)", status.HTTP_201_CREATED)


class PlanVersionViewSet(_CaseNestedViewSet):
    """Versions of a plan: a draft (concept) is edited, a published (vastgesteld) version never changes."""

    request: AuthenticatedApiRequest

    @extend_schema(tags=TAGS, responses=VersionSummarySerializer(many=True))
    def list(self, request: AuthenticatedApiRequest, pk: int, plan_id: int) -> Response:
        plan = self._plan()
        self._log(f"{plan.template.name}: versies")
        return Response(VersionSummarySerializer(plan.versions.all(), many=True).data)

    @extend_schema(tags=TAGS, responses=VersionDetailSerializer)
    def retrieve(self, request: AuthenticatedApiRequest, pk: int, plan_id: int, version_id: int) -> Response:
        version = self._version(version_queryset())
        self._log(f"{version.plan.template.name} v{version.number}")
        return Response(VersionDetailSerializer(version).data)

    @extend_schema(
        tags=TAGS,
        request=PublishSerializer,
        responses={200: VersionDetailSerializer, 409: PUBLISHED_RESPONSE},
        description="Vaststellen: versienummer, versiedatum en evaluatiedatum liggen daarna vast.",
    )
    def publish(self, request: AuthenticatedApiRequest, pk: int, plan_id: int, version_id: int) -> Response:
        version = self._version()
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        published = version_publish(
            by=request.user, version=version, evaluation_date=serializer.validated_data.get("evaluation_date")
        )
        return self._version_response(published, " (vastgesteld)")


class PlanSectionViewSet(_CaseNestedViewSet):
    """The sections of a version other than the life domains; their fields are in caseplan/plan_schema.py."""

    request: AuthenticatedApiRequest

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH, enum=list(SECTIONS_BY_KEY))],
        request=SectionUpdateSerializer,
        responses={200: SectionSerializer, 409: CONFLICT_RESPONSE},
    )
    def partial_update(
        self, request: AuthenticatedApiRequest, pk: int, plan_id: int, version_id: int, key: str
    ) -> Response:
        section = get_object_or_404(
            PlanSection.objects.select_related("version"),
            key=key,
            version_id=version_id,
            version__plan_id=plan_id,
            version__plan__case=self.case,
        )
        serializer = SectionUpdateSerializer(data=request.data, context={"section_key": section.key})
        serializer.is_valid(raise_exception=True)
        data = {**section.data, **serializer.validated_data["data"]}
        with service_fields(under="data"):  # a stored value the declaration refuses names its field
            updated = section_update(
                by=request.user,
                section=section,
                expected_revision=serializer.validated_data["revision"],
                data=data,
            )
        self._log(f"sectie {key} (gewijzigd)")
        return Response(SectionSerializer(updated).data)

    def edit_conflict(self, exc: EditConflict) -> Conflict:
        self._log(f"sectie {exc.current.key} (conflict)")
        return Conflict(current=SectionSerializer(exc.current).data)


class PlanDomainViewSet(_CaseNestedViewSet):
    """A life domain (leefgebied) of a version: its description fields, with a revision."""

    request: AuthenticatedApiRequest

    @extend_schema(
        tags=TAGS,
        request=DomainUpdateSerializer,
        responses={200: DomainSerializer, 409: CONFLICT_RESPONSE},
    )
    def partial_update(
        self, request: AuthenticatedApiRequest, pk: int, plan_id: int, version_id: int, domain_id: int
    ) -> Response:
        domain = self._domain()
        serializer = DomainUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        expected = fields.pop("revision")  # required: the serializer refuses a change without it
        domain_update(by=request.user, domain=domain, expected_revision=expected, **fields)
        self._log(f"leefgebied {domain.number} (gewijzigd)")
        return Response(DomainSerializer(_domain_queryset().get(pk=domain.pk)).data)

    def edit_conflict(self, exc: EditConflict) -> Conflict:
        self._log(f"leefgebied {exc.current.number} (conflict)")
        return Conflict(current=DomainSerializer(_domain_queryset().get(pk=exc.current.pk)).data)


GOAL_CONFLICT_RESPONSE = conflict_response(
    GoalSerializer,
    "Vastgestelde versie, of een verouderde revisie: dan staat het opgeslagen doel in `current`.",
)


class GoalViewSet(_CaseNestedViewSet):
    """Goals (einddoel, tussendoel) of a life domain."""

    request: AuthenticatedApiRequest

    @extend_schema(
        tags=TAGS, request=GoalSerializer, responses={201: GoalSerializer, 409: PUBLISHED_RESPONSE}
    )
    def create(
        self, request: AuthenticatedApiRequest, pk: int, plan_id: int, version_id: int, domain_id: int
    ) -> Response:
        domain = self._domain()
        serializer = GoalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        goal = goal_save(by=request.user, domain=domain, **serializer.validated_data)
        self._log(f"doel leefgebied {domain.number} (toegevoegd)")
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS, request=GoalUpdateSerializer, responses={200: GoalSerializer, 409: GOAL_CONFLICT_RESPONSE}
    )
    def partial_update(
        self,
        request: AuthenticatedApiRequest,
        pk: int,
        plan_id: int,
        version_id: int,
        domain_id: int,
        goal_id: int,
    ) -> Response:
        goal = self._in_domain(Goal.objects.all(), goal_id)
        serializer = GoalUpdateSerializer(goal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        expected = fields.pop("revision")  # required: the serializer refuses a change without it
        goal = goal_save(by=request.user, domain=goal.domain, goal=goal, expected_revision=expected, **fields)
        self._log(f"doel leefgebied {goal.domain.number} (gewijzigd)")
        return Response(GoalSerializer(goal).data)

    def edit_conflict(self, exc: EditConflict) -> Conflict:
        self._log(f"doel leefgebied {exc.current.domain.number} (conflict)")
        return Conflict(current=GoalSerializer(exc.current).data)

    @extend_schema(tags=TAGS, responses={204: None, 409: PUBLISHED_RESPONSE})
    def destroy(
        self,
        request: AuthenticatedApiRequest,
        pk: int,
        plan_id: int,
        version_id: int,
        domain_id: int,
        goal_id: int,
    ) -> Response:
        goal_delete(by=request.user, goal=self._in_domain(Goal.objects.all(), goal_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class InterventionViewSet(_CaseNestedViewSet):
    """Interventions of a life domain, each with the responsible partner organisation (by name)."""

    request: AuthenticatedApiRequest

    @extend_schema(
        tags=TAGS,
        request=InterventionSerializer,
        responses={201: InterventionSerializer, 409: PUBLISHED_RESPONSE},
    )
    def create(
        self, request: AuthenticatedApiRequest, pk: int, plan_id: int, version_id: int, domain_id: int
    ) -> Response:
        domain = self._domain()
        serializer = InterventionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        intervention = intervention_save(by=request.user, domain=domain, **serializer.validated_data)
        self._log(f"interventie leefgebied {domain.number} (toegevoegd)")
        return Response(InterventionSerializer(intervention).data, status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAGS, responses={204: None, 409: PUBLISHED_RESPONSE})
    def destroy(
        self,
        request: AuthenticatedApiRequest,
        pk: int,
        plan_id: int,
        version_id: int,
        domain_id: int,
        intervention_id: int,
    ) -> Response:
        intervention_delete(
            by=request.user, intervention=self._in_domain(Intervention.objects.all(), intervention_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SanctionViewSet(_CaseNestedViewSet):
    """Conditional sanctions of a version: from the menukaart (Bijlage 2) or a free condition."""

    request: AuthenticatedApiRequest

    @extend_schema(
        tags=TAGS, request=SanctionSerializer, responses={201: SanctionSerializer, 409: PUBLISHED_RESPONSE}
    )
    def create(self, request: AuthenticatedApiRequest, pk: int, plan_id: int, version_id: int) -> Response:
        version = self._version()
        serializer = SanctionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        sanction = sanction_add(
            by=request.user, version=version, option=data.get("option"), text=data.get("text", "")
        )
        self._log("voorwaardelijke sanctie (toegevoegd)")
        return Response(SanctionSerializer(sanction).data, status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAGS, responses={204: None, 409: PUBLISHED_RESPONSE})
    def destroy(
        self, request: AuthenticatedApiRequest, pk: int, plan_id: int, version_id: int, sanction_id: int
    ) -> Response:
        sanction = get_object_or_404(
            PlanSanction.objects.select_related("version"),
            pk=sanction_id,
            version_id=version_id,
            version__plan_id=plan_id,
            version__plan__case=self.case,
        )
        sanction_delete(by=request.user, sanction=sanction)
        return Response(status=status.HTTP_204_NO_CONTENT)
