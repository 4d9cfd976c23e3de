"""The registry of measured pages and endpoints, each with the hand-written SQL that fetches the same data.

Add a scenario for every new page or endpoint that shows client data: a name, a URL builder (it gets the
``BenchContext`` and the iteration number, so detail pages can rotate over the benchmark user's cases) and
the raw SQL a careful hand-written implementation would run for it (named parameters from
``BenchContext.params``; several statements are timed together), and the identity it runs as (the heavy
process manager or the coordinator, see ``ops.bench.context``). The raw SQL is the yardstick: the ratio
page/raw in the report shows what the framework, the templates and the extra queries cost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from caseplan.models import CaseStatus
from deadlines.models import DeadlineStatus
from ops.bench.context import COORDINATOR, PM, BenchContext


@dataclass(frozen=True)
class Scenario:
    name: str
    url: Callable[[BenchContext, int], str]
    raw_sql: tuple[str, ...]
    description: str = ""
    identity: str = PM


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
                      AND gp.permission_id = %({param})s))"""


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
       c.prioritisation_reason, c.approach, c.closed_on, c.closed_reason, c.revision, c.created_at, c.updated_at,
       cl.id AS client_id, cl.achternaam, cl.voorvoegsel, cl.voornamen, cl.roepnaam, cl.geboortedatum,
       g.cbs_code AS gemeente, pu.code AS purpose, pu.name AS purpose_name"""


def case_list_sql(
    columns: str, *, search: bool = False, extra: str = "", limit: str = "page_size", count: bool = True
) -> str:
    """One page (``limit``, newest first) of the cases visible to the user, with the total count."""
    total = ",\n       (SELECT count(*) FROM matches) AS total" if count else ""
    return f"""
WITH visible AS ({VISIBLE_CASE_IDS}),
matches AS (
    SELECT c.id, c.created_at
      FROM visible v
      JOIN caseplan_case c ON c.id = v.case_id
      {"JOIN caseplan_client cl ON cl.id = c.client_id" if search else ""}
     WHERE TRUE {NAME_MATCH if search else ""}
),
page AS (SELECT id, created_at FROM matches ORDER BY created_at DESC, id DESC LIMIT %({limit})s)
SELECT {columns}{total}{"," if extra else ""}{extra}
  FROM page
  JOIN caseplan_case c ON c.id = page.id
  JOIN caseplan_client cl ON cl.id = c.client_id
  JOIN privacy_organisation g ON g.id = c.gemeente_id
  JOIN privacy_purpose pu ON pu.id = c.purpose_id
 ORDER BY c.created_at DESC, c.id DESC"""


def case_sql(columns: str, *, can_edit: bool = True) -> str:
    """The one case (with client, gemeente and purpose) if the user may see it, and whether they may edit."""
    edit = f",\n       {has_permission('change_perm')} AS can_edit" if can_edit else ""
    return f"""
SELECT {columns}{edit}
  FROM caseplan_case c
  JOIN caseplan_client cl ON cl.id = c.client_id
  JOIN privacy_organisation g ON g.id = c.gemeente_id
  JOIN privacy_purpose pu ON pu.id = c.purpose_id
 WHERE c.id = %(case_id)s AND {has_permission("view_perm")}"""


CASE_HEADER = """c.id, c.reference, c.status, c.high_priority, c.client_id, c.revision,
       cl.achternaam, cl.voorvoegsel, cl.voornamen, cl.roepnaam, cl.geboortedatum,
       g.name AS gemeente, pu.name AS purpose"""

CASE_PAGE_COLUMNS = """c.id, c.reference, c.status, c.high_priority, c.client_id, c.revision,
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


# --- dashboard, deadlines, notifications -----------------------------------------------------------------

OPEN_CASES = ", ".join(
    f"'{status.value}'" for status in (CaseStatus.AANGEMELD, CaseStatus.ACTIEF, CaseStatus.NAZORG)
)
ACTIVE_DEADLINES = ", ".join(
    f"'{s.value}'" for s in (DeadlineStatus.OPEN, DeadlineStatus.OVERDUE, DeadlineStatus.ESCALATED)
)
OVERDUE_DEADLINES = ", ".join(f"'{s.value}'" for s in (DeadlineStatus.OVERDUE, DeadlineStatus.ESCALATED))

# The dashboard's team filter: cases with an active member whom the user coordinates.
COORDINATED_CASE_IDS = """
    SELECT m.case_id
      FROM privacy_user u
      JOIN caseplan_casemember m ON m.user_id = u.id AND m.removed_at IS NULL
     WHERE u.coordinator_id = %(user_id)s"""


# Cases with a published plan, and cases whose newest plan version has a domain with a problem but no goal
# or no responsible partner (caseplan.selectors.plans).
PUBLISHED_PLAN_CASE_IDS = """
    SELECT p.case_id FROM caseplan_planversion v JOIN caseplan_plan p ON p.id = v.plan_id
     WHERE v.status = 'vastgesteld'"""
FLAGGED_PLAN_CASE_IDS = """
    SELECT p.case_id
      FROM caseplan_plandomain pd
      JOIN caseplan_planversion v ON v.id = pd.version_id
      JOIN caseplan_plan p ON p.id = v.plan_id
     WHERE v.number = (SELECT max(v2.number) FROM caseplan_planversion v2 WHERE v2.plan_id = v.plan_id)
       AND pd.current_situation <> ''
       AND (NOT EXISTS (SELECT 1 FROM caseplan_goal g WHERE g.domain_id = pd.id)
            OR NOT EXISTS (SELECT 1 FROM caseplan_intervention i
                            WHERE i.domain_id = pd.id AND i.responsible_organisation_id IS NOT NULL))"""


def dashboard_sql(*, team: bool = False) -> tuple[str, ...]:
    """The dashboard's aggregate queries by hand: the gemeente filter, open cases per status and priority,
    the deadline figures, the plan figures, inflow and outflow per month over the last twelve months."""
    only_team = f"\n     WHERE v.case_id IN ({COORDINATED_CASE_IDS})" if team else ""
    scope = f"WITH visible AS ({VISIBLE_CASE_IDS}),\nscope AS (SELECT v.case_id FROM visible v{only_team})"
    return (
        f"""
WITH visible AS ({VISIBLE_CASE_IDS})
SELECT o.id, o.name, o.type, o.cbs_code, o.is_active, o.group_id
  FROM privacy_organisation o
 WHERE o.id IN (SELECT c.gemeente_id FROM visible v JOIN caseplan_case c ON c.id = v.case_id)
 ORDER BY o.name""",
        f"""
{scope}
SELECT c.status, c.high_priority, count(*)
  FROM scope JOIN caseplan_case c ON c.id = scope.case_id
 WHERE c.status IN ({OPEN_CASES})
 GROUP BY c.status, c.high_priority""",
        f"""
{scope}
SELECT count(*) FILTER (WHERE d.status IN ({OVERDUE_DEADLINES})) AS overdue,
       count(*) FILTER (WHERE d.status = '{DeadlineStatus.ESCALATED.value}') AS escalated,
       count(*) FILTER (WHERE d.status IN ({OVERDUE_DEADLINES}) AND d.kind = 'plan-evaluatie')
           AS evaluation_overdue,
       count(*) FILTER (WHERE d.status = '{DeadlineStatus.OPEN.value}'
                          AND d.due_on BETWEEN %(week_start)s AND %(week_end)s) AS this_week
  FROM scope JOIN deadlines_deadline d ON d.case_id = scope.case_id""",
        f"""
{scope}
SELECT count(*) FILTER (WHERE c.id NOT IN ({PUBLISHED_PLAN_CASE_IDS})) AS without_plan,
       count(*) FILTER (WHERE c.id IN ({FLAGGED_PLAN_CASE_IDS})) AS escalate
  FROM scope JOIN caseplan_case c ON c.id = scope.case_id
 WHERE c.status IN ({OPEN_CASES})""",
        f"""
{scope}
SELECT date_trunc('month', c.created_at AT TIME ZONE %(tz)s) AS month, count(*)
  FROM scope JOIN caseplan_case c ON c.id = scope.case_id
 WHERE c.created_at >= %(since)s
 GROUP BY 1""",
        f"""
{scope}
SELECT date_trunc('month', c.closed_on) AS month, count(*)
  FROM scope JOIN caseplan_case c ON c.id = scope.case_id
 WHERE c.closed_on >= %(first_month)s
 GROUP BY 1""",
    )


def visible_deadlines_sql(statuses: str, *, mine: bool = False) -> str:
    """Ids and due dates of the deadlines in ``statuses`` the user sees (needs the ``visible`` CTE): those
    on their cases, those they or their organisation own, those of the people they coordinate. A UNION of
    index scans; with ``mine`` only their own (which they always see)."""
    parts = [
        f"SELECT d.id, d.due_on FROM deadlines_deadline d "
        f"WHERE d.owner_user_id = %(user_id)s AND d.status IN ({statuses})",
        f"SELECT d.id, d.due_on FROM deadlines_deadline d "
        f"WHERE d.owner_organisation_id = %(org_id)s AND d.status IN ({statuses})",
    ]
    if not mine:
        parts += [
            f"SELECT d.id, d.due_on FROM visible v JOIN deadlines_deadline d ON d.case_id = v.case_id "
            f"WHERE d.status IN ({statuses})",
            f"SELECT d.id, d.due_on FROM privacy_user u JOIN deadlines_deadline d ON d.owner_user_id = u.id "
            f"WHERE u.coordinator_id = %(user_id)s AND d.status IN ({statuses})",
        ]
    return "\n    UNION\n    ".join(parts)


DEADLINE_COLUMNS = """d.id, d.kind, d.title, d.anchor_date, d.due_on, d.status, d.escalation_level, d.done_at,
       r.code AS rule, r.name AS rule_name, r.amount, r.unit, r.direction,
       c.id AS case_id, c.reference, c.client_id, cl.achternaam, cl.voorvoegsel, cl.voornamen, cl.roepnaam,
       pu.name AS purpose, ou.first_name, ou.last_name, ou.email, oo.name AS owner_organisation"""


def deadline_list_sql(
    statuses: str, *, limit: str, mine: bool = False, count: bool = True, columns: str = DEADLINE_COLUMNS
) -> str:
    """One page (``limit``, soonest due first) of the deadlines in ``statuses`` the user sees, with rule,
    case, client, owner, whether the user sees the case, and the total count."""
    total = ",\n       (SELECT count(*) FROM matches) AS total" if count else ""
    return f"""
WITH visible AS ({VISIBLE_CASE_IDS}),
matches AS (
    {visible_deadlines_sql(statuses, mine=mine)}
),
page AS (SELECT id, due_on FROM matches ORDER BY due_on, id LIMIT %({limit})s)
SELECT {columns},
       d.case_id IN (SELECT case_id FROM visible) AS case_visible{total}
  FROM page
  JOIN deadlines_deadline d ON d.id = page.id
  JOIN deadlines_deadlinerule r ON r.id = d.rule_id
  LEFT JOIN caseplan_case c ON c.id = d.case_id
  LEFT JOIN caseplan_client cl ON cl.id = c.client_id
  LEFT JOIN privacy_purpose pu ON pu.id = c.purpose_id
  LEFT JOIN privacy_user ou ON ou.id = d.owner_user_id
  LEFT JOIN privacy_organisation oo ON oo.id = d.owner_organisation_id
 ORDER BY d.due_on, d.id"""


NOTIFICATION_COLUMNS = "n.id, n.kind, n.title, n.url, n.created_at, n.read_at"

UNREAD_NOTIFICATIONS = f"""
SELECT {NOTIFICATION_COLUMNS}
  FROM notifications_notification n
 WHERE n.recipient_id = %(user_id)s AND n.read_at IS NULL
 ORDER BY n.created_at DESC, n.id DESC
 LIMIT %(work_notifications)s"""

INBOX = (
    "SELECT count(*) FROM notifications_notification WHERE recipient_id = %(user_id)s",
    f"""
SELECT {NOTIFICATION_COLUMNS}
  FROM notifications_notification n
 WHERE n.recipient_id = %(user_id)s
 ORDER BY n.created_at DESC, n.id DESC
 LIMIT %(inbox_page)s""",
)


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
register(
    Scenario(
        name="Dashboard (coördinator)",
        url=lambda ctx, i: "/casussen/dashboard/",
        raw_sql=dashboard_sql(),
        description="caseload dashboard over ~2,000 cases: gemeenten, open cases per status, deadline and plan "
        "figures, twelve months of inflow and outflow",
        identity=COORDINATOR,
    )
)
register(
    Scenario(
        name="Dashboard (procesmanager)",
        url=lambda ctx, i: "/casussen/dashboard/",
        raw_sql=dashboard_sql(),
        description="the same dashboard over the heavy user's cases",
    )
)
register(
    Scenario(
        name="Dashboard, mijn team (procesmanager)",
        url=lambda ctx, i: "/casussen/dashboard/?team=1",
        raw_sql=dashboard_sql(team=True),
        description="the dashboard narrowed to cases with a member the user coordinates (a few hundred people)",
    )
)
register(
    Scenario(
        name="Dashboard, mijn team (coördinator)",
        url=lambda ctx, i: "/casussen/dashboard/?team=1",
        raw_sql=dashboard_sql(team=True),
        description="the coordinator's dashboard narrowed to cases with a member it coordinates",
        identity=COORDINATOR,
    )
)
register(
    Scenario(
        name="Termijnen verlopen (coördinator)",
        url=lambda ctx, i: "/termijnen/?status=verlopen",
        raw_sql=(deadline_list_sql(OVERDUE_DEADLINES, limit="deadline_page"),),
        description="first page (50, soonest due first) of the overdue and escalated deadlines the coordinator "
        "sees, with the total count",
        identity=COORDINATOR,
    )
)
register(
    Scenario(
        name="Mijn werk",
        url=lambda ctx, i: "/werk/",
        raw_sql=(
            deadline_list_sql(ACTIVE_DEADLINES, limit="work_deadlines", mine=True, count=False),
            case_list_sql(LIST_COLUMNS, extra=PROCESS_MANAGERS, limit="work_cases", count=False),
            UNREAD_NOTIFICATIONS,
        ),
        description="the user's 15 first active deadlines, 10 newest cases, 10 newest unread notifications",
    )
)
register(
    Scenario(
        name="Meldingen",
        url=lambda ctx, i: "/meldingen/",
        raw_sql=INBOX,
        description="first page (30, newest first) of the user's notifications, with the total count",
    )
)
register(
    Scenario(
        name="API GET /api/v1/deadlines/",
        url=lambda ctx, i: "/api/v1/deadlines/",
        raw_sql=(deadline_list_sql(ACTIVE_DEADLINES, limit="api_page"),),
        description="first page (25) of the active deadlines the user sees as JSON, with the total count",
    )
)

_PLAN_VERSION = """WITH v AS (
    SELECT pv.id FROM caseplan_planversion pv JOIN caseplan_plan p ON p.id = pv.plan_id
     WHERE p.case_id = %(case_id)s AND pv.status = 'vastgesteld' ORDER BY pv.number DESC LIMIT 1)"""
PLAN_PAGE = (
    _PLAN_VERSION
    + " SELECT s.key, s.data, s.revision FROM caseplan_plansection s WHERE s.version_id IN (SELECT id FROM v)",
    _PLAN_VERSION
    + " SELECT d.*, td.goal_suggestions FROM caseplan_plandomain d JOIN caseplan_templatedomain td"
    " ON td.id = d.template_domain_id WHERE d.version_id IN (SELECT id FROM v) ORDER BY d.number",
    _PLAN_VERSION + " SELECT g.* FROM caseplan_goal g JOIN caseplan_plandomain d ON d.id = g.domain_id"
    " WHERE d.version_id IN (SELECT id FROM v)",
    _PLAN_VERSION
    + " SELECT i.*, o.name FROM caseplan_intervention i JOIN caseplan_plandomain d ON d.id = i.domain_id"
    " LEFT JOIN privacy_organisation o ON o.id = i.responsible_organisation_id WHERE d.version_id IN (SELECT id FROM v)",
    _PLAN_VERSION
    + " SELECT s.*, o.name FROM caseplan_plansanction s LEFT JOIN caseplan_sanctionoption o ON o.id = s.option_id"
    " WHERE s.version_id IN (SELECT id FROM v)",
)


def _plan_url(ctx: BenchContext, iteration: int) -> str:
    from caseplan.models import Case
    from ops.bench.plans import full_plan

    case_id = ctx.case_id(iteration)
    version = full_plan(Case.objects.get(pk=case_id))
    return f"/casussen/{case_id}/plan/v{version.pk}/"


register(
    Scenario(
        name="Maatwerkplan (volledig gevuld)",
        url=_plan_url,
        raw_sql=PLAN_PAGE,
        description="a published maatwerkplan with every section, 8 leefgebieden with 3 goals and 2 interventions "
        "each, and 5 sanctions (made on first use)",
    )
)


# Scenarios of other features register themselves in their own modules.
import ops.bench.co24_scenarios  # noqa: E402, F401
from ops.bench import nazorg_scenarios, overleg_scenarios  # noqa: E402, F401
