"""Writes on the detention episode: registering it, moving dates, the hand-over between municipalities, and
the municipality's first contact after release."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import EditConflict
from common.history import note_change
from common.unset import UNSET, Unset, given
from deadlines.services.calendar import add_working_days
from nazorg.models import (
    DetentionEpisode,
    DetentionStatus,
    HandoverEvent,
    HandoverEventKind,
    HandoverStatus,
    ReleaseDateChange,
)
from nazorg.services.deadlines import episode_sync_deadlines
from nazorg.services.notices import tell_municipality
from privacy.models import Organisation, OrganisationType, User

# A release this close is passed on at once (spoedprocedure, L610-612, L662).
URGENT_WORKING_DAYS = 10


def gemeente_van_herkomst(
    *,
    brp_gemeente: Organisation | None,
    years: tuple[Organisation | None, Organisation | None, Organisation | None],
) -> Organisation | None:
    """Registered in the BRP before detention; otherwise the municipality of the main residence or mailing
    address in at least two of the three years before detention (L364-377); otherwise unknown."""
    if brp_gemeente is not None:
        return brp_gemeente
    counts: dict[int, int] = {}
    for gemeente in years:
        if gemeente is not None:
            counts[gemeente.pk] = counts.get(gemeente.pk, 0) + 1
    for gemeente in years:
        if gemeente is not None and counts[gemeente.pk] >= 2:
            return gemeente
    return None


def _next_reference() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('nazorg_episode_reference_seq')")
        (number,) = cursor.fetchone()
    return f"NZ-{timezone.localdate().year}-{number:06d}"


def _check_gemeenten(episode: DetentionEpisode) -> None:
    for name in (
        "brp_gemeente",
        "gemeente_jaar_1",
        "gemeente_jaar_2",
        "gemeente_jaar_3",
        "gemeente_vestiging",
    ):
        organisation = getattr(episode, name)
        if organisation is not None and organisation.type != OrganisationType.GEMEENTE:
            raise ValidationError({name: _("Kies een gemeente.")})
    if episode.prison.type != OrganisationType.PENITENTIAIRE_INRICHTING:
        raise ValidationError({"prison": _("Kies een penitentiaire inrichting.")})
    if episode.status == DetentionStatus.VEROORDEELD and episode.expected_release is None:
        raise ValidationError(
            {"expected_release": _("Bij een veroordeelde is de einddatum detentie verplicht.")}
        )
    if episode.expected_release and episode.expected_release < episode.detention_start:
        raise ValidationError({"expected_release": _("De einddatum ligt vóór de aanvang van de detentie.")})
    if episode.mmd_id and episode.mmd.organisation_id != episode.prison_id:  # type: ignore[union-attr]
        raise ValidationError({"mmd": _("De MMD'er werkt niet bij deze inrichting.")})


def _event(
    episode: DetentionEpisode,
    kind: str,
    by: User | None,
    *,
    from_gemeente: Organisation | None = None,
    to_gemeente: Organisation | None = None,
    reason: str = "",
) -> None:
    HandoverEvent.objects.create(
        episode=episode, kind=kind, by=by, from_gemeente=from_gemeente, to_gemeente=to_gemeente, reason=reason
    )


def _save(episode: DetentionEpisode, by: User | None, reason: str) -> None:
    note_change(episode, by=by, reason=reason)
    episode.save()


@transaction.atomic
def episode_register(
    *,
    by: User,
    prison: Organisation,
    achternaam: str,
    geboortedatum: datetime.date,
    detention_start: datetime.date,
    status: str,
    voornamen: str | Unset = UNSET,
    bsn: str | Unset = UNSET,
    locatie: str | Unset = UNSET,
    plaats: str | Unset = UNSET,
    mmd: User | Unset | None = UNSET,
    sentenced_on: datetime.date | Unset | None = UNSET,
    expected_release: datetime.date | Unset | None = UNSET,
    brp_gemeente: Organisation | Unset | None = UNSET,
    gemeente_jaar_1: Organisation | Unset | None = UNSET,
    gemeente_jaar_2: Organisation | Unset | None = UNSET,
    gemeente_jaar_3: Organisation | Unset | None = UNSET,
    gemeente_vestiging: Organisation | Unset | None = UNSET,
    not_screened: str | Unset = UNSET,
) -> DetentionEpisode:
    """A new detention, as the prison registers it. The municipality hears of it with the meldingsblad. A
    field left out gets the model's default."""
    fields = given(
        voornamen=voornamen,
        bsn=bsn,
        locatie=locatie,
        plaats=plaats,
        mmd=mmd,
        sentenced_on=sentenced_on,
        expected_release=expected_release,
        brp_gemeente=brp_gemeente,
        gemeente_jaar_1=gemeente_jaar_1,
        gemeente_jaar_2=gemeente_jaar_2,
        gemeente_jaar_3=gemeente_jaar_3,
        gemeente_vestiging=gemeente_vestiging,
        not_screened=not_screened,
    )
    episode = DetentionEpisode(
        prison=prison,
        created_by=by,
        achternaam=achternaam,
        geboortedatum=geboortedatum,
        detention_start=detention_start,
        status=status,
        **fields,
    )
    if episode.status == DetentionStatus.PREVENTIEF:
        episode.expected_release = None
    _check_gemeenten(episode)
    episode.gemeente_herkomst = gemeente_van_herkomst(
        brp_gemeente=episode.brp_gemeente,
        years=(episode.gemeente_jaar_1, episode.gemeente_jaar_2, episode.gemeente_jaar_3),
    )
    episode.gemeente = episode.gemeente_herkomst
    episode.reference = _next_reference()
    episode.full_clean()
    _save(episode, by, "detentie geregistreerd")
    episode_sync_deadlines(episode=episode, by=by)
    return episode


@transaction.atomic
def episode_update(
    *,
    episode: DetentionEpisode,
    by: User,
    expected_revision: int,
    release_reason: str = "",
    release_note: str = "",
    expected_release: datetime.date | Unset | None = UNSET,
    achternaam: str | Unset = UNSET,
    voornamen: str | Unset = UNSET,
    geboortedatum: datetime.date | Unset = UNSET,
    bsn: str | Unset = UNSET,
    locatie: str | Unset = UNSET,
    plaats: str | Unset = UNSET,
    mmd: User | Unset | None = UNSET,
    detention_start: datetime.date | Unset = UNSET,
    status: str | Unset = UNSET,
    sentenced_on: datetime.date | Unset | None = UNSET,
    brp_gemeente: Organisation | Unset | None = UNSET,
    gemeente_jaar_1: Organisation | Unset | None = UNSET,
    gemeente_jaar_2: Organisation | Unset | None = UNSET,
    gemeente_jaar_3: Organisation | Unset | None = UNSET,
    gemeente_vestiging: Organisation | Unset | None = UNSET,
    not_screened: str | Unset = UNSET,
) -> DetentionEpisode:
    """Change what the prison knows. A moved release date is kept in its history with a reason, the
    deadlines follow it, and a release that comes close is passed to the municipality at once. Only the
    fields given change."""
    fields = given(
        achternaam=achternaam,
        voornamen=voornamen,
        geboortedatum=geboortedatum,
        bsn=bsn,
        locatie=locatie,
        plaats=plaats,
        mmd=mmd,
        detention_start=detention_start,
        status=status,
        sentenced_on=sentenced_on,
        brp_gemeente=brp_gemeente,
        gemeente_jaar_1=gemeente_jaar_1,
        gemeente_jaar_2=gemeente_jaar_2,
        gemeente_jaar_3=gemeente_jaar_3,
        gemeente_vestiging=gemeente_vestiging,
        not_screened=not_screened,
    )
    current = (
        DetentionEpisode.objects.select_for_update(of=("self",))
        .select_related("prison", "gemeente")
        .get(pk=episode.pk)
    )
    if current.revision != expected_revision:
        raise EditConflict(current)
    old_release = current.expected_release
    old_herkomst = current.gemeente_herkomst
    new_release = old_release if expected_release is UNSET else expected_release
    for name, value in fields.items():
        setattr(current, name, value)
    if current.status == DetentionStatus.PREVENTIEF:
        new_release = None
    current.expected_release = new_release
    _check_gemeenten(current)
    if new_release != old_release:
        if current.released_on is not None:
            raise ValidationError({"expected_release": _("Deze persoon is al ontslagen.")})
        if not release_reason:
            raise ValidationError({"release_reason": _("Geef aan waarom de einddatum verandert.")})
        ReleaseDateChange.objects.create(
            episode=current,
            old_date=old_release,
            new_date=new_release,
            reason=release_reason,
            note=release_note,
            changed_by=by,
        )
    current.gemeente_herkomst = gemeente_van_herkomst(
        brp_gemeente=current.brp_gemeente,
        years=(current.gemeente_jaar_1, current.gemeente_jaar_2, current.gemeente_jaar_3),
    )
    herkomst_moved = current.gemeente_herkomst != old_herkomst
    if herkomst_moved and current.handover_status == HandoverStatus.OPEN and current.gemeente == old_herkomst:
        _move(
            current,
            to=current.gemeente_herkomst,
            by=by,
            kind=HandoverEventKind.FORWARDED,
            reason=_("Gemeente van herkomst gecorrigeerd door de PI"),
        )
    current.full_clean()
    current.revision += 1
    _save(current, by, "detentie gewijzigd")
    episode_sync_deadlines(episode=current, by=by)
    if new_release != old_release and new_release is not None and current.notice_received_on:
        _announce_release_date(current, old_release)
    return current


def _announce_release_date(episode: DetentionEpisode, old: datetime.date | None) -> None:
    assert episode.expected_release is not None
    urgent = episode.expected_release <= add_working_days(timezone.localdate(), URGENT_WORKING_DAYS)
    earlier = old is not None and episode.expected_release < old
    if urgent or earlier:
        tell_municipality(
            episode=episode,
            title=_("Spoed: ontslag op %(date)s") % {"date": f"{episode.expected_release:%d-%m-%Y}"},
            body=_("De einddatum detentie is gewijzigd. Bereid de nazorg direct voor."),
            key=f"ontslagdatum:{episode.expected_release.isoformat()}",
        )


def _move(
    episode: DetentionEpisode, *, to: Organisation | None, by: User | None, kind: str, reason: str
) -> None:
    _event(episode, kind, by, from_gemeente=episode.gemeente, to_gemeente=to, reason=reason)
    episode.gemeente = to
    episode.gemeente_since = timezone.localdate() if episode.notice_received_on else None
    episode.handover_status = HandoverStatus.OPEN
    episode.contact_person = None  # the new municipality has not accepted yet
    if to is None:
        _event(episode, HandoverEventKind.QUEUED, by, reason=reason)


def _locked(episode: DetentionEpisode) -> DetentionEpisode:
    return (
        DetentionEpisode.objects.select_for_update(of=("self",))
        .select_related("gemeente", "prison")
        .get(pk=episode.pk)
    )


def _require_open_handover(episode: DetentionEpisode) -> None:
    if episode.handover_status == HandoverStatus.IMPORTED:
        raise ValidationError(_("Deze overdracht is al overgenomen in een casus."))


@transaction.atomic
def handover_accept(*, episode: DetentionEpisode, by: User) -> DetentionEpisode:
    """The municipality takes up the aftercare; whoever accepts is its contact person for this detainee,
    and owns the municipality's deadlines that follow (the first contact after release)."""
    current = _locked(episode)
    _require_open_handover(current)
    if current.handover_status != HandoverStatus.ACCEPTED:
        current.handover_status = HandoverStatus.ACCEPTED
        current.contact_person = by
        _event(current, HandoverEventKind.ACCEPTED, by, to_gemeente=current.gemeente)
        _save(current, by, "overdracht geaccepteerd")
        episode_sync_deadlines(episode=current, by=by)
    return current


@transaction.atomic
def handover_reject(*, episode: DetentionEpisode, by: User, reason: str) -> DetentionEpisode:
    """Not ours: the episode goes to the coordinators' queue, never into thin air."""
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Geef een reden: de coördinatoren moeten weten waar de persoon heen moet.")}
        )
    current = _locked(episode)
    _require_open_handover(current)
    _event(current, HandoverEventKind.REJECTED, by, from_gemeente=current.gemeente, reason=reason)
    _move(current, to=None, by=by, kind=HandoverEventKind.QUEUED, reason=reason)
    current.revision += 1
    _save(current, by, "overdracht afgewezen")
    episode_sync_deadlines(episode=current, by=by)
    tell_municipality(
        episode=current,
        title=_("Nazorgmelding zonder gemeente"),
        body=_("Een gemeente heeft de overdracht afgewezen. Wijs een gemeente toe."),
        key=f"afgewezen:{current.revision}",
    )
    return current


@transaction.atomic
def handover_forward(
    *, episode: DetentionEpisode, by: User, to: Organisation, reason: str
) -> DetentionEpisode:
    """Another municipality of return, in consultation (L391-403): it moves with a reason."""
    if to.type != OrganisationType.GEMEENTE:
        raise ValidationError({"to": _("Kies een gemeente.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor het doorsturen.")})
    current = _locked(episode)
    _require_open_handover(current)
    if current.gemeente_id == to.pk:
        raise ValidationError({"to": _("De overdracht ligt al bij deze gemeente.")})
    _move(current, to=to, by=by, kind=HandoverEventKind.FORWARDED, reason=reason)
    current.revision += 1
    _save(current, by, "overdracht doorgestuurd")
    episode_sync_deadlines(episode=current, by=by)
    tell_municipality(
        episode=current,
        title=_("Nazorgmelding doorgestuurd naar uw gemeente"),
        body=reason,
        key=f"doorgestuurd:{current.revision}",
    )
    return current


@transaction.atomic
def handover_assign(
    *, episode: DetentionEpisode, by: User, to: Organisation, reason: str = ""
) -> DetentionEpisode:
    """A coordinator places an episode from the queue with a municipality."""
    if to.type != OrganisationType.GEMEENTE:
        raise ValidationError({"to": _("Kies een gemeente.")})
    current = _locked(episode)
    if current.gemeente_id is not None:
        raise ValidationError(_("Deze melding heeft al een gemeente."))
    _event(current, HandoverEventKind.ASSIGNED, by, to_gemeente=to, reason=reason)
    current.gemeente = to
    current.gemeente_since = timezone.localdate() if current.notice_received_on else None
    current.handover_status = HandoverStatus.OPEN
    current.contact_person = None
    current.revision += 1
    _save(current, by, "gemeente toegewezen")
    episode_sync_deadlines(episode=current, by=by)
    tell_municipality(
        episode=current,
        title=_("Nazorgmelding toegewezen aan uw gemeente"),
        body=reason,
        key=f"toegewezen:{current.revision}",
    )
    return current


@transaction.atomic
def episode_first_contact(
    *, episode: DetentionEpisode, by: User, contacted_on: datetime.date
) -> DetentionEpisode:
    """The municipality's first contact with the released detainee: the first week counts, the first 72 hours
    most (L1629, L107). It completes the first-contact deadline; it is recorded once, after the release."""
    current = _locked(episode)
    if current.released_on is None:
        raise ValidationError(_("Het eerste contact na ontslag kan pas worden vastgelegd na het ontslag."))
    if current.first_contact_on is not None:
        raise ValidationError(
            _("Het eerste contact is al vastgelegd op %(date)s.")
            % {"date": f"{current.first_contact_on:%d-%m-%Y}"}
        )
    if contacted_on > timezone.localdate():
        raise ValidationError({"contacted_on": _("Deze datum ligt in de toekomst.")})
    if contacted_on < current.released_on:
        raise ValidationError(
            {
                "contacted_on": _("Het eerste contact na ontslag ligt niet vóór het ontslag (%(date)s).")
                % {"date": f"{current.released_on:%d-%m-%Y}"}
            }
        )
    current.first_contact_on = contacted_on
    current.first_contact_by = by
    current.revision += 1
    _save(current, by, "eerste contact na ontslag vastgelegd")
    episode_sync_deadlines(episode=current, by=by)
    return current
