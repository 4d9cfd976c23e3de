"""Who sees a detention episode, and as which party. One access function, lists filtered in the queryset.

DPAN's rule (L2236-2565): only the prison's MMD'ers and the municipality's coordination point, per case.
- the prison (PI) side: MMD'ers and coordinators of the episode's prison;
- the municipal side: the contactpersoon nazorg and coordinators of the municipality that has the
  hand-over, and of the gemeente van vestiging;
- the queue: coordinators of a municipality or Veiligheidshuis see episodes with no municipality yet;
- a care provider sees the basisdocument only when it was shared with them under the detainee's consent.
Everyone else gets 404: even the existence of a detention is not shown.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nazorg.models import DetentionEpisode, EpisodeShare
from nazorg.schema import SPECS
from privacy.models import Function, OrganisationType, User


class Party(StrEnum):
    PRISON = "pi"
    MUNICIPALITY = "gemeente"
    QUEUE = "wachtrij"  # a coordinator looking at an unplaced episode
    CARE = "zorg"  # a care provider the basisdocument was shared with


PRISON_FUNCTIONS = (Function.MMD, Function.COORDINATOR)
MUNICIPAL_FUNCTIONS = (Function.CONTACTPERSOON_NAZORG, Function.COORDINATOR)
QUEUE_ORGANISATION_TYPES = (OrganisationType.GEMEENTE, OrganisationType.VEILIGHEIDSHUIS)


def _organisation_type(user: User) -> str | None:
    return user.organisation.type if user.organisation_id else None  # type: ignore[union-attr]


def is_prison_user(user: User) -> bool:
    return (
        _organisation_type(user) == OrganisationType.PENITENTIAIRE_INRICHTING
        and user.function in PRISON_FUNCTIONS
    )


def is_municipal_user(user: User) -> bool:
    return _organisation_type(user) == OrganisationType.GEMEENTE and user.function in MUNICIPAL_FUNCTIONS


def is_queue_coordinator(user: User) -> bool:
    return _organisation_type(user) in QUEUE_ORGANISATION_TYPES and user.function == Function.COORDINATOR


def episodes_visible_to(
    user: User, queryset: QuerySet[DetentionEpisode] | None = None
) -> QuerySet[DetentionEpisode]:
    queryset = DetentionEpisode.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active or not user.organisation_id:
        return queryset.none()
    org = user.organisation_id
    if is_prison_user(user):
        return queryset.filter(prison_id=org)
    where = Q(
        pk__in=EpisodeShare.objects.filter(organisation_id=org, ended_on__isnull=True).values("episode_id")
    )
    # A municipality hears of a detention with the meldingsblad, not before.
    if is_municipal_user(user):
        where |= Q(gemeente_id=org, notice_received_on__isnull=False)
        where |= Q(gemeente_vestiging_id=org, notice_received_on__isnull=False)
    if is_queue_coordinator(user):
        where |= Q(gemeente__isnull=True, notice_received_on__isnull=False, released_on__isnull=True)
    return queryset.filter(where)


def party_of(user: User, episode: DetentionEpisode) -> Party | None:
    if is_prison_user(user) and episode.prison_id == user.organisation_id:
        return Party.PRISON
    if is_municipal_user(user) and user.organisation_id in (
        episode.gemeente_id,
        episode.gemeente_vestiging_id,
    ):
        return Party.MUNICIPALITY
    if is_queue_coordinator(user) and episode.gemeente_id is None:
        return Party.QUEUE
    if (
        user.organisation_id is not None
        and EpisodeShare.objects.filter(
            episode=episode, organisation_id=user.organisation_id, ended_on__isnull=True
        ).exists()
    ):
        return Party.CARE
    return None


def episode_get_for_user(
    *, user: User, pk: int | str, party: Party | tuple[Party, ...] | None = None
) -> tuple[DetentionEpisode, Party]:
    """The episode and the user's party: 404 when they may not see it, 403 when their party may not act."""
    try:
        episode = (
            episodes_visible_to(user)
            .select_related(
                "prison", "gemeente", "gemeente_vestiging", "mmd", "contact_person", "first_contact_by"
            )
            .get(pk=int(pk))
        )
    except (DetentionEpisode.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Detentie niet gevonden") from exc
    found = party_of(user, episode)
    if found is None:  # visible through a share that ended between the two queries
        raise Http404("Detentie niet gevonden")
    allowed = (party,) if isinstance(party, Party) else party
    if allowed and found not in allowed:
        raise PermissionDenied(_("Dit mag alleen de andere partij in de overdracht."))
    return episode, found


def may_write_document(party: Party, kind: str) -> bool:
    return SPECS[kind].party == party.value
