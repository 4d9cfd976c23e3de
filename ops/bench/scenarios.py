"""The registry of measured pages and endpoints, each with the hand-written SQL that fetches the same data.

Add a scenario for every new page or endpoint that shows client data: a name, a URL builder (it gets the
``BenchContext`` and the iteration number, so detail pages can rotate over the benchmark user's cases) and
the raw SQL a careful hand-written implementation would run for it (named parameters from
``BenchContext.params``; several statements are timed together). The raw SQL is the yardstick: the
ratio page/raw in the report shows what the framework, the templates and the extra queries cost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from ops.bench.context import BenchContext


@dataclass(frozen=True)
class Scenario:
    name: str
    url: Callable[[BenchContext, int], str]
    raw_sql: tuple[str, ...]
    description: str = ""


SCENARIOS: list[Scenario] = []


def register(scenario: Scenario) -> Scenario:
    if any(existing.name == scenario.name for existing in SCENARIOS):
        raise ValueError(f"duplicate benchmark scenario {scenario.name!r}")
    SCENARIOS.append(scenario)
    return scenario


# --- SQL building blocks ----------------------------------------------------------------------------------

# Case ids the user may see: a direct object permission, or one of the user's organisation group.
VISIBLE_CASE_IDS = """
    SELECT p.content_object_id AS case_id
      FROM caseplan_caseuserobjectpermission p
     WHERE p.user_id = %(user_id)s AND p.permission_id = %(view_perm)s
    UNION
    SELECT gp.content_object_id
      FROM caseplan_casegroupobjectpermission gp
      JOIN privacy_user_groups ug ON ug.group_id = gp.group_id
     WHERE ug.user_id = %(user_id)s AND gp.permission_id = %(view_perm)s
"""


def has_permission(param: str, case: str = "c") -> str:
    """SQL condition: the user holds the permission in ``param`` on ``case`` directly or via a group."""
    return f"""(
        EXISTS (SELECT 1 FROM caseplan_caseuserobjectpermission p
                 WHERE p.content_object_id = {case}.id AND p.user_id = %(user_id)s
                   AND p.permission_id = %({param})s)
        OR EXISTS (SELECT 1 FROM caseplan_casegroupobjectpermission gp
                     JOIN privacy_user_groups ug ON ug.group_id = gp.group_id
                    WHERE gp.content_object_id = {case}.id AND ug.user_id = %(user_id)s
                      AND gp.permission_id = %({param})s))"""  # noqa: S608 (constant SQL, named parameters)


NAME_MATCH = """
       AND (cl.achternaam ILIKE %(q)s OR cl.voornamen ILIKE %(q)s
            OR cl.roepnaam ILIKE %(q)s OR cl.alias ILIKE %(q)s)"""

PROCESS_MANAGERS = """
       (SELECT string_agg(COALESCE(NULLIF(trim(u.first_name || ' ' || u.last_name), ''), u.email, o.name),
                          ', ' ORDER BY m.id)
          FROM caseplan_casemember m
          LEFT JOIN privacy_user u ON u.id = m.user_id
          LEFT JOIN privacy_organisation o ON o.id = m.organisation_id
         WHERE m.case_id = c.id AND m.removed_at IS NULL
           AND m.role IN ('procesmanager_gemeente', 'procesmanager_vh')) AS process_managers"""

LIST_COLUMNS = """c.id, c.reference, c.status, c.high_priority, c.created_at, c.client_id,
       cl.achternaam, cl.voorvoegsel, cl.voornamen, cl.roepnaam, cl.alias, cl.geboortedatum,
       g.name AS gemeente, pu.name AS purpose"""

API_LIST_COLUMNS = """c.id, c.reference, c.status, c.high_priority, c.prioritised_on, c.prioritised_by,
       c.prioritisation_reason, c.approach, c.closed_on, c.closed_reason, c.version, c.created_at, c.updated_at,
       cl.id AS client_id, cl.achternaam, cl.voorvoegsel, cl.voornamen, cl.roepnaam, cl.geboortedatum,
       g.cbs_code AS gemeente, pu.code AS purpose, pu.name AS purpose_name"""


def case_list_sql(columns: str, *, search: bool = False, extra: str = "") -> str:
    """One page (25, newest first) of the cases visible to the user, with the total count."""
    return f"""
WITH visible AS ({VISIBLE_CASE_IDS}),
matches AS (
    SELECT c.id, c.created_at
      FROM visible v
      JOIN caseplan_case c ON c.id = v.case_id
      {"JOIN caseplan_client cl ON cl.id = c.client_id" if search else ""}
     WHERE TRUE {NAME_MATCH if search else ""}
),
page AS (SELECT id, created_at FROM matches ORDER BY created_at DESC, id DESC LIMIT %(page_size)s)
SELECT {columns},
       (SELECT count(*) FROM matches) AS total{"," if extra else ""}{extra}
  FROM page
  JOIN caseplan_case c ON c.id = page.id
  JOIN caseplan_client cl ON cl.id = c.client_id
  JOIN privacy_organisation g ON g.id = c.gemeente_id
  JOIN privacy_purpose pu ON pu.id = c.purpose_id
 ORDER BY c.created_at DESC, c.id DESC"""  # noqa: S608


def case_sql(columns: str, *, can_edit: bool = True) -> str:
    """The one case (with client, gemeente and purpose) if the user may see it, and whether they may edit."""
    edit = f",\n       {has_permission('change_perm')} AS can_edit" if can_edit else ""
    return f"""
SELECT {columns}{edit}
  FROM caseplan_case c
  JOIN caseplan_client cl ON cl.id = c.client_id
  JOIN privacy_organisation g ON g.id = c.gemeente_id
  JOIN privacy_purpose pu ON pu.id = c.purpose_id
 WHERE c.id = %(case_id)s AND {has_permission("view_perm")}"""  # noqa: S608


CASE_HEADER = """c.id, c.reference, c.status, c.high_priority, c.client_id, c.version,
       cl.achternaam, cl.voorvoegsel, cl.voornamen, cl.roepnaam, cl.geboortedatum,
       g.name AS gemeente, pu.name AS purpose"""

CASE_PAGE_COLUMNS = """c.id, c.reference, c.status, c.high_priority, c.client_id, c.version,
       c.prioritised_on, c.prioritised_by, c.prioritisation_reason, c.approach, c.closed_on, c.closed_reason,
       c.created_at, cl.achternaam, cl.voorvoegsel, cl.voornamen, cl.roepnaam, cl.geboortedatum, cl.alias,
       cl.verblijfsadres, cl.crisiskaart, g.name AS gemeente, pu.name AS purpose,
       (SELECT trim(first_name || ' ' || last_name) FROM privacy_user WHERE id = c.created_by_id) AS created_by"""

ACTIVE_MEMBERS = """
SELECT m.id, m.role, m.access, m.user_id, m.organisation_id,
       u.first_name, u.last_name, u.email, o.name AS organisation
  FROM caseplan_casemember m
  LEFT JOIN privacy_user u ON u.id = m.user_id
  LEFT JOIN privacy_organisation o ON o.id = m.organisation_id
 WHERE m.case_id = %(case_id)s AND m.removed_at IS NULL
 ORDER BY m.role, m.id"""

RECENT_CHANGES = """
SELECT h.history_date, h.history_change_reason, u.first_name, u.last_name, u.email
  FROM caseplan_historicalcase h
  LEFT JOIN privacy_user u ON u.id = h.history_user_id
 WHERE h.id = %(case_id)s
 ORDER BY h.history_date DESC, h.history_id DESC
 LIMIT 8"""

CLIENT_CHILDREN = """
SELECT k.id, k.naam, k.geboortedatum, k.brp_adres
  FROM caseplan_clientchild k
 WHERE k.client_id = (SELECT client_id FROM caseplan_case WHERE id = %(case_id)s)
 ORDER BY k.geboortedatum, k.naam"""

WHOLE_TEAM = """
SELECT m.id, m.role, m.access, m.starts_on, m.ends_on, m.removed_at,
       u.first_name, u.last_name, u.email, uo.name AS user_organisation, o.name AS organisation,
       rb.first_name AS removed_by_first_name, rb.last_name AS removed_by_last_name
  FROM caseplan_casemember m
  LEFT JOIN privacy_user u ON u.id = m.user_id
  LEFT JOIN privacy_organisation uo ON uo.id = u.organisation_id
  LEFT JOIN privacy_organisation o ON o.id = m.organisation_id
  LEFT JOIN privacy_user rb ON rb.id = m.removed_by_id
 WHERE m.case_id = %(case_id)s
 ORDER BY m.removed_at, m.role, m.id"""

# The "add a whole organisation" select on the team page (shown to members who may edit).
ACTIVE_ORGANISATIONS = "SELECT id, name FROM privacy_organisation WHERE is_active ORDER BY name"


# --- the scenarios ------------------------------------------------------------------------------------------

register(
    Scenario(
        name="Mijn casussen",
        url=lambda ctx, i: "/casussen/",
        raw_sql=(case_list_sql(LIST_COLUMNS, extra=PROCESS_MANAGERS),),
        description="first page of the user's cases, newest first, with client, gemeente and process managers",
    )
)
register(
    Scenario(
        name="Mijn casussen, zoeken op naam",
        url=lambda ctx, i: "/casussen/?" + urlencode({"q": ctx.search_term}),
        raw_sql=(case_list_sql(LIST_COLUMNS, search=True, extra=PROCESS_MANAGERS),),
        description="the same list filtered on a surname that occurs among the user's cases",
    )
)
register(
    Scenario(
        name="Casuspagina",
        url=lambda ctx, i: f"/casussen/{ctx.case_id(i)}/",
        raw_sql=(
            case_sql(CASE_PAGE_COLUMNS),
            ACTIVE_MEMBERS,
            RECENT_CHANGES,
        ),
        description="case, client summary, active team, last changes, permission check and can-edit",
    )
)
register(
    Scenario(
        name="Cliëntpagina",
        url=lambda ctx, i: f"/casussen/{ctx.case_id(i)}/client/",
        raw_sql=(case_sql(CASE_HEADER + ", cl.*"), CLIENT_CHILDREN),
        description="every client field, the children, permission check and can-edit",
    )
)
register(
    Scenario(
        name="Casusteam",
        url=lambda ctx, i: f"/casussen/{ctx.case_id(i)}/team/",
        raw_sql=(case_sql(CASE_HEADER), WHOLE_TEAM, ACTIVE_ORGANISATIONS),
        description="current and former members with their organisations, and the add-member form",
    )
)
register(
    Scenario(
        name="API GET /api/v1/cases/",
        url=lambda ctx, i: "/api/v1/cases/",
        raw_sql=(case_list_sql(API_LIST_COLUMNS),),
        description="first page (25) of the user's cases as JSON, with the total count",
    )
)
register(
    Scenario(
        name="API GET /api/v1/cases/<pk>/",
        url=lambda ctx, i: f"/api/v1/cases/{ctx.case_id(i)}/",
        raw_sql=(case_sql(API_LIST_COLUMNS, can_edit=False),),
        description="one case as JSON with client summary, gemeente code and purpose",
    )
)
