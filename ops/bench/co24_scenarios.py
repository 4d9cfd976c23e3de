"""Benchmark scenarios for CO24dak: the journal of the case with 5,000 signals (first page, and filtered on a
checklist item), the API's journal, and the back office's client search, each with the hand-written SQL that
fetches the same data.

Two identities of their own (seeded by ``ops.bench.co24_data``): the benchmark process manager as a member of
that case's team (the same user as "procesmanager", with the case and the item to filter on in its context),
and an operator of the back office that serves the case's municipality.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import Permission
from django.db.models import Count

from caseplan.models import CaseMember
from co24.access import backoffice_cases
from co24.models import ChecklistItem, ItemKind, Signal
from co24.selectors import INTAKE_LIMIT
from ops.bench.co24_data import BENCH_CO24_EMAIL
from ops.bench.context import CONTEXT_BUILDERS, BenchContext, build_context
from ops.bench.scenarios import CASE_HEADER, Scenario, has_permission, register
from ops.bench.state import BENCH_EMAIL
from privacy.models import User

CO24_TEAM, CO24_BACKOFFICE = "procesmanager (CO24dak-team)", "back office CO24"


@dataclass(frozen=True)
class Co24Context(BenchContext):
    """The case whose journal is measured (``case_ids[0]``), the item key to filter on, the journal's size."""

    item_key: str = ""
    signals: int = 0
    filtered_signals: int = 0

    def params(self, iteration: int) -> dict[str, Any]:
        return {**super().params(iteration), "item_key": self.item_key, "intake_limit": INTAKE_LIMIT}


def _permission_id(codename: str) -> int:
    return Permission.objects.get(content_type__app_label="caseplan", codename=codename).pk


def team_context() -> Co24Context:
    """The benchmark process manager, on the team of its case with the most signals."""
    base = build_context(BENCH_EMAIL)
    mine = CaseMember.objects.filter(user=base.user, removed_at__isnull=True).values("case_id")
    busiest = (
        Signal.objects.filter(case_id__in=mine)
        .values("case_id")
        .annotate(n=Count("id"))
        .order_by("-n", "case_id")
        .first()
    )
    if busiest is None:
        raise LookupError(f"{BENCH_EMAIL} is on no CO24dak case: the benchmark data has no CO24dak signals.")
    case_id = busiest["case_id"]
    item = (
        ChecklistItem.objects.filter(checklist__case_id=case_id, kind=ItemKind.RISK, red_flag=True)
        .order_by("checklist__number", "order", "id")
        .first()
    )
    key = str(item.key) if item is not None else ""
    filtered = Signal.objects.filter(case_id=case_id, answers__answer="ja", answers__item__key=key).distinct()
    values = {f.name: getattr(base, f.name) for f in fields(BenchContext)}
    values["case_ids"] = (case_id,)
    return Co24Context(**values, item_key=key, signals=busiest["n"], filtered_signals=filtered.count())


def backoffice_context() -> Co24Context:
    """The back-office operator, searching for the most common surname among its back office's clients."""
    user = User.objects.select_related("organisation").get(email=BENCH_CO24_EMAIL)
    reachable = backoffice_cases(user)
    common = (
        reachable.values("client__achternaam")
        .annotate(n=Count("id"))
        .order_by("-n", "client__achternaam")
        .first()
    )
    if common is None:
        raise LookupError(
            f"{BENCH_CO24_EMAIL} reaches no enrolled case: the benchmark data has no CO24dak cases."
        )
    view = _permission_id("view_case")
    return Co24Context(
        user=user,
        case_ids=tuple(reachable.order_by("-pk").values_list("pk", flat=True)[:1]),
        search_term=common["client__achternaam"],
        view_permission_id=view,
        change_permission_id=_permission_id("change_case"),
        visible_cases=reachable.count(),
        direct_cases=0,
        group_cases=0,
    )


CONTEXT_BUILDERS[CO24_TEAM] = team_context
CONTEXT_BUILDERS[CO24_BACKOFFICE] = backoffice_context


# --- SQL building blocks ----------------------------------------------------------------------------------

# The case with its enrolment, whether the user may edit it and may read medical notes, if they may see it.
JOURNAL_CASE = f"""
SELECT {CASE_HEADER}, e.backoffice_id, e.started_on, e.ended_on,
       {has_permission("change_perm")} AS can_edit,
       EXISTS (SELECT 1 FROM caseplan_casemember m
                WHERE m.case_id = c.id AND m.removed_at IS NULL AND m.user_id = %(user_id)s
                  AND m.role = 'casuscoordinator') AS medical
  FROM caseplan_case c
  JOIN caseplan_client cl ON cl.id = c.client_id
  JOIN privacy_organisation g ON g.id = c.gemeente_id
  JOIN privacy_purpose pu ON pu.id = c.purpose_id
  LEFT JOIN co24_enrolment e ON e.case_id = c.id
 WHERE c.id = %(case_id)s AND {has_permission("view_perm")}"""
# The filter form's choices: every caller of the case, and one item per key with its newest wording.
JOURNAL_CALLERS = """
SELECT id, name, active FROM co24_caller WHERE case_id = %(case_id)s ORDER BY active DESC, name"""
JOURNAL_ITEMS = """
SELECT DISTINCT ON (i.key) i.id, i.key, i.kind, i.text, i.order
  FROM co24_checklistitem i JOIN co24_checklist v ON v.id = i.checklist_id
 WHERE v.case_id = %(case_id)s
 ORDER BY i.key, v.number DESC"""
HAS_ITEM = """
   AND EXISTS (SELECT 1 FROM co24_signalanswer a JOIN co24_checklistitem i ON i.id = a.item_id
                WHERE a.signal_id = s.id AND a.answer = 'ja' AND i.key = %(item_key)s)"""
ROW_COLUMNS = """s.id, s.received_at, s.caller_id, s.caller_name, s.caller_relation, s.urgency,
       s.medical, s.account, s.follow_up"""


def journal_page(*, filtered: bool = False, api: bool = False) -> str:
    """One page (newest first) of the case's signals with the total, the caller, the answers ("ja" only on the
    page; every answer, with the item's key, in the API), and the alerts each signal fired."""
    where = "s.case_id = %(case_id)s" + (HAS_ITEM if filtered else "")
    answered = "" if api else " AND a.answer = 'ja'"
    api_columns = ", s.channel, s.external_id, s.created_at, s.checklist_id" if api else ""
    api_joins = (
        "\n  LEFT JOIN privacy_organisation o ON o.id = ca.organisation_id"
        "\n  LEFT JOIN co24_checklist v ON v.id = page.checklist_id"
        if api
        else ""
    )
    api_select = ", o.name AS organisation, v.number AS checklist_version" if api else ""
    return f"""
WITH page AS (
    SELECT {ROW_COLUMNS}{api_columns}
      FROM co24_signal s
     WHERE {where}
     ORDER BY s.received_at DESC, s.id DESC
     LIMIT %(page_size)s)
SELECT page.*, ca.name, ca.kind, ca.relation{api_select},
       (SELECT count(*) FROM co24_signal s WHERE {where}) AS total,
       (SELECT array_agg(i.kind || ' ' || i.red_flag || ' ' || a.answer || ' ' || i.key || ' ' || i.text
                         ORDER BY i.kind DESC, i.order, i.id)
          FROM co24_signalanswer a JOIN co24_checklistitem i ON i.id = a.item_id
         WHERE a.signal_id = page.id{answered}) AS answers,
       (SELECT array_agg(al.summary || ' ' || al.status || ' ' || r.kind ORDER BY al.fired_at, al.id)
          FROM co24_alert al JOIN co24_tippingrule r ON r.id = al.rule_id
         WHERE al.signal_id = page.id) AS alerts
  FROM page
  LEFT JOIN co24_caller ca ON ca.id = page.caller_id{api_joins}
 ORDER BY page.received_at DESC, page.id DESC"""


# The back office's clients: enrolled with it (and not ended) in a municipality it serves, matching the name.
INTAKE_SEARCH = """
SELECT c.id, c.reference, c.status, cl.achternaam, cl.voorvoegsel, cl.voornamen, cl.roepnaam, cl.alias,
       cl.geboortedatum, g.name AS gemeente, pu.name AS purpose
  FROM co24_enrolment e
  JOIN caseplan_case c ON c.id = e.case_id
  JOIN co24_backofficeservice bs ON bs.backoffice_id = e.backoffice_id AND bs.gemeente_id = c.gemeente_id
  JOIN caseplan_client cl ON cl.id = c.client_id
  JOIN privacy_organisation g ON g.id = c.gemeente_id
  JOIN privacy_purpose pu ON pu.id = c.purpose_id
 WHERE e.backoffice_id = %(org_id)s AND e.ended_on IS NULL
   AND (cl.achternaam ILIKE %(q)s OR cl.voornamen ILIKE %(q)s OR cl.roepnaam ILIKE %(q)s OR cl.alias ILIKE %(q)s)
 ORDER BY cl.achternaam, cl.voornamen, c.id
 LIMIT %(intake_limit)s"""


# --- the scenarios ------------------------------------------------------------------------------------------


def _case(ctx: BenchContext) -> int:
    return ctx.case_ids[0]


register(
    Scenario(
        name="CO24dak-journaal (5.000 signalen)",
        url=lambda ctx, i: f"/co24/{_case(ctx)}/",
        raw_sql=(JOURNAL_CASE, JOURNAL_CALLERS, JOURNAL_ITEMS, journal_page()),
        description="first page (25, newest first) of the journal of a case with 5,000 signals among 2,000,000, "
        "with the total, caller, the 'ja' answers and fired alerts per signal, and the filter form's callers "
        "and checklist items",
        identity=CO24_TEAM,
    )
)
register(
    Scenario(
        name="CO24dak-journaal, filter op checklist-item",
        url=lambda ctx, i: f"/co24/{_case(ctx)}/?" + urlencode({"item": ctx.item_key}),  # type: ignore[attr-defined]
        raw_sql=(JOURNAL_CASE, JOURNAL_CALLERS, JOURNAL_ITEMS, journal_page(filtered=True)),
        description="the same journal narrowed to the signals with 'ja' on a red-flag item (verbal aggression), "
        "across both checklist versions",
        identity=CO24_TEAM,
    )
)
register(
    Scenario(
        name="API GET /api/v1/co24/cases/<pk>/signals/",
        url=lambda ctx, i: f"/api/v1/co24/cases/{_case(ctx)}/signals/",
        raw_sql=(JOURNAL_CASE, journal_page(api=True)),
        description="the journal's first page (25) as JSON: every answer with its item, the caller with "
        "organisation, checklist version and alerts with their rule, and the total count",
        identity=CO24_TEAM,
    )
)
register(
    Scenario(
        name="CO24dak-intake, zoeken op naam (back office)",
        url=lambda ctx, i: "/co24/zoeken/?" + urlencode({"q": ctx.search_term}),
        raw_sql=(INTAKE_SEARCH,),
        description="the back office's phone screen: its enrolled clients in the municipalities it serves whose "
        "name matches the most common surname among them (15 at most)",
        identity=CO24_BACKOFFICE,
    )
)
