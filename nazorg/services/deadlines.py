"""The deadlines of seed 003's table, kept in step with the episode: one function, called after every change.

| kind | rule | anchor | owner |
|---|---|---|---|
| melding | 2 working days (L596) | start of detention | MMD'er (or the prison) |
| screening | 10 working days (L600-608) | start of detention | MMD'er |
| gemeenteblad | 5 days (L932; kind configurable on the rule) | notice at this municipality | municipality |
| basisdocument | 10 working days (L940) | notice received | MMD'er |
| langverblijf | 8 weeks before release (L616, L1694) | expected release | MMD'er |
| ontslagbericht | the day of release (L620) | expected release | MMD'er |
| eerste-contact | the first week after release (L1629; reminder at 72 hours, L107) | release (expected until it happens) | municipality's contact person (or the municipality) |
"""

from __future__ import annotations

import datetime
from typing import TypedDict

from django.utils.translation import gettext as _

from deadlines.services.deadlines import deadline_cancel_for, deadline_complete_for, deadline_set
from nazorg.models import DetentionEpisode, DocumentKind, DocumentStatus
from privacy.models import Organisation, User

KINDS = {
    "melding": "nazorg-melding-pi",
    "screening": "nazorg-screening",
    "gemeenteblad": "nazorg-gemeenteblad",
    "basisdocument": "nazorg-basisdocument",
    "langverblijf": "nazorg-langverblijf",
    "ontslagbericht": "nazorg-ontslagbericht",
    "eerste-contact": "nazorg-eerste-contact",
}
TITLES = {
    "melding": _("Meldingsblad detentie naar de gemeente"),
    "screening": _("Uitwisseling en volledige screening"),
    "gemeenteblad": _("Gemeenteblad invullen"),
    "basisdocument": _("Basisdocument naar de gemeente"),
    "langverblijf": _("Overdrachtsdocument langverblijvende (8 weken vóór ontslag)"),
    "ontslagbericht": _("Ontslagbericht op de dag van ontslag"),
    "eerste-contact": _("Eerste contact gemeente na ontslag"),
}


def _kind(name: str) -> str:
    return f"nazorg-{name}"


def _submitted_kinds(episode: DetentionEpisode) -> set[str]:
    return set(episode.documents.filter(status=DocumentStatus.SUBMITTED).values_list("kind", flat=True))


class _Owner(TypedDict, total=False):
    owner_user: User | None
    owner_organisation: Organisation | None


def episode_sync_deadlines(*, episode: DetentionEpisode, by: User | None) -> None:
    submitted = _submitted_kinds(episode)
    prison_owner: _Owner = (
        {"owner_user": episode.mmd} if episode.mmd_id else {"owner_organisation": episode.prison}
    )
    municipal_owner: _Owner = (
        {"owner_user": episode.contact_person}
        if episode.contact_person_id
        else {"owner_organisation": episode.gemeente}
    )

    def keep(
        name: str,
        *,
        done: bool,
        active: bool,
        anchor: datetime.date | None,
        owner_user: User | None = None,
        owner_organisation: Organisation | None = None,
    ) -> None:
        kind = _kind(name)
        if done:
            deadline_complete_for(subject=episode, kind=kind, by=by)
        elif active and anchor is not None:
            deadline_set(
                subject=episode,
                kind=kind,
                rule_code=KINDS[name],
                anchor=anchor,
                title=f"{TITLES[name]} · {episode.reference}",
                case_id=episode.case_id,
                by=by,
                owner_user=owner_user,
                owner_organisation=owner_organisation,
            )
        else:
            deadline_cancel_for(subject=episode, kind=kind, by=by, reason="niet meer van toepassing")

    running = episode.released_on is None
    screened = not episode.not_screened
    keep(
        "melding",
        done=DocumentKind.MELDINGSBLAD in submitted,
        active=running,
        anchor=episode.detention_start,
        **prison_owner,
    )
    keep(
        "screening",
        done=DocumentKind.BASISDOCUMENT in submitted,
        active=running and screened,
        anchor=episode.detention_start,
        **prison_owner,
    )
    keep(
        "basisdocument",
        done=DocumentKind.BASISDOCUMENT in submitted,
        active=running and screened,
        anchor=episode.notice_received_on,
        **prison_owner,
    )
    keep(
        "gemeenteblad",
        done=DocumentKind.GEMEENTEBLAD in submitted,
        active=running and episode.gemeente_id is not None,
        anchor=episode.gemeente_since,
        owner_organisation=episode.gemeente,
    )
    keep(
        "langverblijf",
        done=DocumentKind.OVERDRACHTSDOCUMENT in submitted,
        active=running and episode.is_long_stay,
        anchor=episode.expected_release,
        **prison_owner,
    )
    keep(
        "ontslagbericht",
        done=DocumentKind.ONTSLAGBERICHT in submitted,
        active=running,
        anchor=episode.expected_release,
        **prison_owner,
    )
    # The municipality's first contact: once it has heard of the detention (the notice) and the release
    # date is known, moved to the real release when it happens.
    keep(
        "eerste-contact",
        done=episode.first_contact_on is not None,
        active=episode.gemeente_id is not None and episode.notice_received_on is not None,
        anchor=episode.released_on or episode.expected_release,
        **municipal_owner,
    )
