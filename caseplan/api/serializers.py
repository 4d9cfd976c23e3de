from __future__ import annotations

from typing import Any

from rest_framework import serializers

from caseplan.models import Case, CaseAccess, CaseMember, CaseRole, CaseStatus, Client, PrioritisedBy
from common.api_lock import LockedSerializerMixin
from privacy.models import Organisation, Purpose, User


class ClientSerializer(LockedSerializerMixin, serializers.ModelSerializer):
    lock_field = "version"
    version = serializers.IntegerField(
        source="revision", help_text="Versie waarop uw wijziging voortbouwt; bij een andere versie volgt 409."
    )

    class Meta:
        model = Client
        fields = [
            "id",
            "achternaam",
            "voorvoegsel",
            "voornamen",
            "roepnaam",
            "alias",
            "geboortedatum",
            "geboorteplaats",
            "geboorteland",
            "crisiskaart",
            "brp_adres",
            "verblijfsadres",
            "burgerlijke_staat",
            "nationaliteit",
            "spreektaal",
            "id_document_nummer",
            "bsn",
            "zorgverzekeraar",
            "uitkering_soort",
            "uitkering_sinds",
            "partner_naam",
            "partner_geboortedatum",
            "partner_adres",
            "version",
            "updated_at",
        ]
        read_only_fields = ["id", "updated_at"]


class ClientSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Client
        fields = ["id", "achternaam", "voorvoegsel", "voornamen", "roepnaam", "geboortedatum"]


class CaseSerializer(LockedSerializerMixin, serializers.ModelSerializer):
    lock_field = "version"
    client = ClientSummarySerializer(read_only=True)
    gemeente: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="cbs_code", read_only=True
    )
    purpose = serializers.SlugRelatedField(slug_field="code", queryset=Purpose.objects.all())
    version = serializers.IntegerField(
        source="revision", help_text="Versie waarop uw wijziging voortbouwt; bij een andere versie volgt 409."
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "client",
            "gemeente",
            "purpose",
            "status",
            "high_priority",
            "prioritised_on",
            "prioritised_by",
            "prioritisation_reason",
            "approach",
            "closed_on",
            "closed_reason",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "reference", "client", "gemeente", "created_at", "updated_at"]


class CaseCreateSerializer(serializers.Serializer):
    client = ClientSerializer(
        help_text="Nieuwe cliënt. Alleen een cliënt met dit BSN in een casus waarin u mag schrijven, wordt "
        "gekoppeld; anders ontstaat een nieuwe cliënt."
    )
    gemeente = serializers.SlugRelatedField(
        slug_field="cbs_code", queryset=Organisation.objects.filter(type="gemeente", is_active=True)
    )
    purpose = serializers.SlugRelatedField(slug_field="code", queryset=Purpose.objects.all())
    role = serializers.ChoiceField(choices=CaseRole.choices, default=CaseRole.PROCESMANAGER_GEMEENTE)
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    high_priority = serializers.BooleanField(required=False, default=False)
    prioritised_on = serializers.DateField(required=False, allow_null=True)
    prioritised_by = serializers.ChoiceField(choices=PrioritisedBy.choices, required=False, allow_blank=True)
    prioritisation_reason = serializers.CharField(required=False, allow_blank=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        client = self.fields["client"]
        assert isinstance(client, ClientSerializer)
        client.fields["version"].required = False


class CaseMemberSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(
        slug_field="email", queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    organisation = serializers.SlugRelatedField(
        slug_field="name",
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    role = serializers.ChoiceField(choices=CaseRole.choices)
    access = serializers.ChoiceField(choices=CaseAccess.choices, default=CaseAccess.WRITE)

    class Meta:
        model = CaseMember
        fields = ["id", "user", "organisation", "role", "access", "starts_on", "ends_on", "removed_at"]
        read_only_fields = ["id", "starts_on", "removed_at"]
