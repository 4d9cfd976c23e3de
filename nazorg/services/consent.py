"""The detainee's written consent (L866-868), and sharing the basisdocument with a care provider under it."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.uploads import SCAN, check_upload
from nazorg.models import (
    CARE_PROVIDER_TYPES,
    Consent,
    DetentionEpisode,
    DocumentKind,
    EpisodeShare,
    HandoverEvent,
    HandoverEventKind,
)
from nazorg.services.documents import current_version
from privacy.models import Organisation, OrganisationType, User

CARE_TYPES = {value for value, _label in CARE_PROVIDER_TYPES}


@transaction.atomic
def consent_record(
    *,
    episode: DetentionEpisode,
    by: User,
    signed_on: datetime.date,
    scope: list[str],
    evidence: str,
    evidence_file: File | None = None,
    scope_note: str = "",
) -> Consent:
    """Record the consent; a scan of the signed form is checked by content and size (PDF, JPG or PNG) and
    stored under a random name."""
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("De datum van ondertekening ligt in de toekomst.")})
    if not scope or set(scope) - CARE_TYPES:
        raise ValidationError({"scope": _("Kies voor welke zorgaanbieders de toestemming geldt.")})
    if not evidence.strip():
        raise ValidationError({"evidence": _("Leg vast waar het getekende formulier is.")})
    if evidence_file:
        evidence_file = check_upload(evidence_file, SCAN, field="evidence_file")
    consent = Consent(
        episode=episode,
        signed_on=signed_on,
        scope=scope,
        scope_note=scope_note,
        evidence=evidence,
        evidence_file=evidence_file or "",
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User, on: datetime.date | None = None) -> Consent:
    """Withdrawn consent ends every share made under it."""
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    consent.shares.filter(ended_on__isnull=True).update(ended_on=consent.withdrawn_on)
    return consent


def covering_consent(episode: DetentionEpisode, organisation: Organisation) -> Consent | None:
    return (
        episode.consents.filter(withdrawn_on__isnull=True, scope__contains=[_care_type(organisation)])
        .order_by("-signed_on")
        .first()
    )


def _care_type(organisation: Organisation) -> str:
    return organisation.type if organisation.type in CARE_TYPES else "overig"


@transaction.atomic
def episode_share(
    *, episode: DetentionEpisode, by: User, organisation: Organisation, reason: str
) -> EpisodeShare:
    """Inform a care provider. Blocked until the detainee's written consent covers that kind of provider."""
    if organisation.type in (
        OrganisationType.GEMEENTE,
        OrganisationType.PENITENTIAIRE_INRICHTING,
        OrganisationType.POLITIE,
        OrganisationType.OM,
    ):
        raise ValidationError({"organisation": _("Delen kan alleen met een zorg- of hulpverlener.")})
    if current_version(episode, DocumentKind.BASISDOCUMENT) is None:
        raise ValidationError(_("Er is nog geen ingediend basisdocument om te delen."))
    consent = covering_consent(episode, organisation)
    if consent is None:
        raise ValidationError(
            {
                "organisation": _(
                    "Er is geen schriftelijke toestemming van de gedetineerde die %(org)s dekt. "
                    "Leg eerst de toestemming vast."
                )
                % {"org": organisation.name}
            }
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Geef aan waarom deze zorgaanbieder het basisdocument nodig heeft.")}
        )
    existing = EpisodeShare.objects.filter(
        episode=episode, organisation=organisation, ended_on__isnull=True
    ).first()
    if existing is not None:
        return existing
    share = EpisodeShare.objects.create(
        episode=episode, organisation=organisation, consent=consent, reason=reason, shared_by=by
    )
    HandoverEvent.objects.create(
        episode=episode, kind=HandoverEventKind.SHARED, by=by, reason=f"{organisation.name}: {reason}"
    )
    return share
