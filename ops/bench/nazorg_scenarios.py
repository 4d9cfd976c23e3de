"""Benchmark scenarios for nazorg: the municipal inbox, the MMD'er's worklist, the coordinators' queue, the
episode page and a document page, each with the hand-written SQL that fetches the same data.

Two identities of their own (seeded by ``ops.bench.nazorg_data``): the MMD'er at the largest prison and the
contactpersoon nazorg at the municipality with the largest caseload (and so the most detention episodes). The
queue runs as the benchmark coordinator (a coordinator at a Veiligheidshuis sees the episodes that have no
municipality yet). The episode and document pages rotate over the contact person's newest episodes with a
submitted basisdocument.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef

from nazorg.models import DetentionEpisode, DocumentKind, DocumentStatus, NazorgDocument
from nazorg.selectors.episodes import inbox_for, worklist_for
from ops.bench.context import CONTEXT_BUILDERS, COORDINATOR, PAGE_SIZE, BenchContext
from ops.bench.nazorg_data import BENCH_MMD_EMAIL, BENCH_NAZORG_EMAIL
from ops.bench.scenarios import Scenario, register
from privacy.models import User

MMD, NAZORG = "MMD'er", "contactpersoon nazorg"
ROTATE_EPISODES = 10
DOCUMENT_KIND = DocumentKind.BASISDOCUMENT.value


@dataclass(frozen=True)
class NazorgContext(BenchContext):
    """A nazorg identity: no caseload, but the episodes its detail scenarios rotate over and its list sizes."""

    episode_ids: tuple[int, ...] = ()
    list_sizes: tuple[tuple[str, int], ...] = ()

    def episode_id(self, iteration: int) -> int:
        return self.episode_ids[iteration % len(self.episode_ids)]

    def params(self, iteration: int) -> dict[str, Any]:
        return {
            "user_id": self.user.pk,
            "org_id": self.user.organisation_id,
            "page_size": PAGE_SIZE,
            "episode_id": self.episode_id(iteration) if self.episode_ids else 0,
            "kind": DOCUMENT_KIND,
        }


def _context(user: User, episode_ids: tuple[int, ...], sizes: dict[str, int]) -> NazorgContext:
    return NazorgContext(
        user=user,
        case_ids=(),
        search_term="",
        view_permission_id=0,
        change_permission_id=0,
        visible_cases=0,
        direct_cases=0,
        group_cases=0,
        episode_ids=episode_ids,
        list_sizes=tuple(sizes.items()),
    )


def contact_context() -> NazorgContext:
    user = User.objects.select_related("organisation").get(email=BENCH_NAZORG_EMAIL)
    with_basis = NazorgDocument.objects.filter(
        episode=OuterRef("pk"), kind=DOCUMENT_KIND, status=DocumentStatus.SUBMITTED
    )
    episodes = (
        DetentionEpisode.objects.filter(gemeente=user.organisation, notice_received_on__isnull=False)
        .filter(Exists(with_basis))
        .order_by("-notice_received_on", "-id")
        .values_list("pk", flat=True)[:ROTATE_EPISODES]
    )
    if not episodes:
        raise LookupError(
            f"{BENCH_NAZORG_EMAIL} has no episode with a basisdocument: the nazorg data is incomplete."
        )
    sizes = {f"inbox {tab}": inbox_for(user, tab=tab).count() for tab in ("nieuw", "lopend", "ontslagen")}
    return _context(user, tuple(episodes), sizes)


def mmd_context() -> NazorgContext:
    user = User.objects.select_related("organisation").get(email=BENCH_MMD_EMAIL)
    sizes = {"worklist": worklist_for(user).count(), "prison": user.organisation.detention_episodes.count()}  # type: ignore[union-attr]
    return _context(user, (), sizes)


CONTEXT_BUILDERS[NAZORG] = contact_context
CONTEXT_BUILDERS[MMD] = mmd_context


# --- SQL building blocks ----------------------------------------------------------------------------------

EPISODE_TYPE = (
    "(SELECT id FROM django_content_type WHERE app_label = 'nazorg' AND model = 'detentionepisode')"
)
ACTIVE = "('open', 'verlopen', 'opgeschaald')"
ROW_COLUMNS = """e.id, e.reference, e.achternaam, e.voornamen, e.geboortedatum, e.detention_start, e.status,
       e.sentenced_on, e.expected_release, e.released_on, e.not_screened, e.handover_status, e.notice_received_on,
       e.gemeente_id"""
# Per row: the current state of each document, and the active deadlines (what the row's badges show).
ROW_STATES = f"""
       (SELECT array_agg(d.kind || ' ' || d.status || ' v' || d.number ORDER BY d.kind, d.number)
          FROM nazorg_nazorgdocument d
         WHERE d.episode_id = e.id AND d.status <> 'vervangen') AS documents,
       (SELECT array_agg(dl.kind || ' ' || dl.status || ' ' || dl.due_on ORDER BY dl.due_on)
          FROM deadlines_deadline dl
         WHERE dl.subject_type_id = {EPISODE_TYPE} AND dl.subject_id = e.id AND dl.status IN {ACTIVE}) AS deadlines"""


def episode_list_sql(where: str, *, sort: str, columns: str, joins: str) -> str:
    """One page (newest ``sort`` first) of the episodes matching ``where``, with the total count and the row
    states."""
    return f"""
WITH matches AS (SELECT e.id, e.{sort} AS sort FROM nazorg_detentionepisode e WHERE {where}),
page AS (SELECT id, sort FROM matches ORDER BY sort DESC, id DESC LIMIT %(page_size)s)
SELECT {ROW_COLUMNS}, {columns},
       (SELECT count(*) FROM matches) AS total,{ROW_STATES}
  FROM page
  JOIN nazorg_detentionepisode e ON e.id = page.id
  {joins}
 ORDER BY page.sort DESC, page.id DESC"""


MINE = "(e.gemeente_id = %(org_id)s OR e.gemeente_vestiging_id = %(org_id)s)"
INBOX_JOINS = "JOIN privacy_organisation p ON p.id = e.prison_id"
INBOX_NEW = episode_list_sql(
    "e.gemeente_id = %(org_id)s AND e.notice_received_on IS NOT NULL AND e.handover_status = 'open'",
    sort="notice_received_on",
    columns="p.name AS prison",
    joins=INBOX_JOINS,
)
INBOX_RELEASED = episode_list_sql(
    f"{MINE} AND e.notice_received_on IS NOT NULL AND e.released_on IS NOT NULL "
    "AND e.handover_status <> 'geimporteerd'",
    sort="notice_received_on",
    columns="p.name AS prison",
    joins=INBOX_JOINS,
)
WORKLIST = episode_list_sql(
    "e.prison_id = %(org_id)s AND e.released_on IS NULL",
    sort="detention_start",
    columns="g.name AS gemeente, u.first_name, u.last_name",
    joins="LEFT JOIN privacy_organisation g ON g.id = e.gemeente_id\n  LEFT JOIN privacy_user u ON u.id = e.mmd_id",
)
QUEUE = episode_list_sql(
    "e.gemeente_id IS NULL AND e.notice_received_on IS NOT NULL AND e.released_on IS NULL",
    sort="notice_received_on",
    columns="p.name AS prison",
    joins=INBOX_JOINS,
)

# The episode as the municipality may see it (it hears of a detention with the meldingsblad).
VISIBLE = f"e.id = %(episode_id)s AND e.notice_received_on IS NOT NULL AND {MINE}"
EPISODE_PAGE = f"""
SELECT e.id, e.reference, e.achternaam, e.voornamen, e.geboortedatum, e.bsn, e.locatie, e.detention_start,
       e.status, e.sentenced_on, e.expected_release, e.released_on, e.not_screened, e.handover_status,
       e.notice_received_on, e.gemeente_id, e.case_id, e.revision, p.name AS prison, h.name AS herkomst,
       g.name AS gemeente, v.name AS vestiging, u.first_name, u.last_name, u.phone, c.reference AS case_reference
  FROM nazorg_detentionepisode e
  JOIN privacy_organisation p ON p.id = e.prison_id
  LEFT JOIN privacy_organisation h ON h.id = e.gemeente_herkomst_id
  LEFT JOIN privacy_organisation g ON g.id = e.gemeente_id
  LEFT JOIN privacy_organisation v ON v.id = e.gemeente_vestiging_id
  LEFT JOIN privacy_user u ON u.id = e.mmd_id
  LEFT JOIN caseplan_case c ON c.id = e.case_id
 WHERE {VISIBLE}"""
DOCUMENT_VERSIONS = """
SELECT d.kind, d.number, d.status, d.submitted_at
  FROM nazorg_nazorgdocument d
 WHERE d.episode_id = %(episode_id)s AND (d.status <> 'concept' OR d.kind = 'gemeenteblad')
 ORDER BY d.kind, d.number DESC"""
EPISODE_DEADLINES = f"""
SELECT d.id, d.kind, d.title, d.due_on, d.status, r.name AS rule, u.first_name, u.last_name, o.name AS owner
  FROM deadlines_deadline d
  JOIN deadlines_deadlinerule r ON r.id = d.rule_id
  LEFT JOIN privacy_user u ON u.id = d.owner_user_id
  LEFT JOIN privacy_organisation o ON o.id = d.owner_organisation_id
 WHERE d.subject_type_id = {EPISODE_TYPE} AND d.subject_id = %(episode_id)s
 ORDER BY d.due_on"""
HANDOVER_TRAIL = """
SELECT h.at, h.kind, h.reason, f.name AS from_gemeente, t.name AS to_gemeente, b.first_name, b.last_name
  FROM nazorg_handoverevent h
  LEFT JOIN privacy_organisation f ON f.id = h.from_gemeente_id
  LEFT JOIN privacy_organisation t ON t.id = h.to_gemeente_id
  LEFT JOIN privacy_user b ON b.id = h.by_id
 WHERE h.episode_id = %(episode_id)s
 ORDER BY h.at, h.id"""
RELEASE_CHANGES = """
SELECT r.changed_at, r.old_date, r.new_date, r.reason, r.note
  FROM nazorg_releasedatechange r
 WHERE r.episode_id = %(episode_id)s
 ORDER BY r.changed_at DESC, r.id DESC"""
CONSENTS = """
SELECT c.id, c.signed_on, c.scope, c.scope_note, c.evidence, c.withdrawn_on
  FROM nazorg_consent c
 WHERE c.episode_id = %(episode_id)s
 ORDER BY c.signed_on DESC, c.id DESC"""
SHARES = """
SELECT s.shared_at, s.reason, s.ended_on, o.name
  FROM nazorg_episodeshare s
  JOIN privacy_organisation o ON o.id = s.organisation_id
 WHERE s.episode_id = %(episode_id)s"""
# The select lists of the page's forms: forward or assign to a gemeente, share with a care provider.
GEMEENTEN = "SELECT id, name FROM privacy_organisation WHERE type = 'gemeente' AND is_active ORDER BY name"
CARE_PROVIDERS = """
SELECT id, name FROM privacy_organisation
 WHERE is_active AND type IN ('ggz', 'verslavingszorg', 'maatschappelijk_werk', 'woningcorporatie',
                              'reclassering', 'overig')
 ORDER BY name"""
DOCUMENT_PAGE = (
    f"SELECT e.id, e.reference, e.achternaam, e.voornamen, e.geboortedatum, e.bsn, p.name "
    f"FROM nazorg_detentionepisode e JOIN privacy_organisation p ON p.id = e.prison_id WHERE {VISIBLE}",
    """
SELECT d.id, d.number, d.status, d.submitted_at, d.correction_reason, u.first_name, u.last_name,
       CASE WHEN d.status = 'ingediend' THEN d.data END AS data
  FROM nazorg_nazorgdocument d
  LEFT JOIN privacy_user u ON u.id = d.submitted_by_id
 WHERE d.episode_id = %(episode_id)s AND d.kind = %(kind)s AND d.status <> 'concept'
 ORDER BY d.number DESC""",
)


# --- the scenarios ------------------------------------------------------------------------------------------

register(
    Scenario(
        name="Nazorg-inbox, nieuw",
        url=lambda ctx, i: "/nazorg/inbox/?tab=nieuw",
        raw_sql=(INBOX_NEW,),
        description="first page (25, newest notice first) of the notices the municipality has not yet accepted, "
        "with the total count, each row's document states and active deadlines",
        identity=NAZORG,
    )
)
register(
    Scenario(
        name="Nazorg-inbox, ontslagen",
        url=lambda ctx, i: "/nazorg/inbox/?tab=ontslagen",
        raw_sql=(INBOX_RELEASED,),
        description="the same for the released detainees not yet taken into a case (the municipality's own "
        "and those settling in it): the largest tab",
        identity=NAZORG,
    )
)
register(
    Scenario(
        name="Nazorg-werklijst (MMD'er)",
        url=lambda ctx, i: "/nazorg/werklijst/",
        raw_sql=(WORKLIST,),
        description="first page (25, newest detention first) of the prison's current detainees, with municipality, "
        "MMD'er, the total count, document states and active deadlines",
        identity=MMD,
    )
)
register(
    Scenario(
        name="Nazorg-wachtrij (coördinator)",
        url=lambda ctx, i: "/nazorg/wachtrij/",
        raw_sql=(QUEUE,),
        description="first page (25) of the notices without a municipality, with prison, count and row states",
        identity=COORDINATOR,
    )
)
register(
    Scenario(
        name="Detentiepagina (gemeente)",
        url=lambda ctx, i: f"/nazorg/{ctx.episode_id(i)}/",  # type: ignore[attr-defined]
        raw_sql=(
            EPISODE_PAGE,
            DOCUMENT_VERSIONS,
            EPISODE_DEADLINES,
            HANDOVER_TRAIL,
            RELEASE_CHANGES,
            CONSENTS,
            SHARES,
            GEMEENTEN,
            CARE_PROVIDERS,
        ),
        description="one episode with its prison, municipalities and MMD'er, the documents' versions, every "
        "deadline with owner, the hand-over trail, release-date changes, consents, shares and the forms' lists",
        identity=NAZORG,
    )
)
register(
    Scenario(
        name="Basisdocument (gemeente)",
        url=lambda ctx, i: f"/nazorg/{ctx.episode_id(i)}/document/{DOCUMENT_KIND}/",  # type: ignore[attr-defined]
        raw_sql=DOCUMENT_PAGE,
        description="the submitted basisdocument of one episode, field by field, with its earlier versions",
        identity=NAZORG,
    )
)
