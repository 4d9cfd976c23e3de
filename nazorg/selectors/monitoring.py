"""The WODC/MI monitor (seed 003: L303-309, L901-913, the MI vragen L1522-1682), counted in the database.

The figures cover the detentions the user's own side of the hand-over handles: an MMD'er (or PI
coordinator) sees their prison, a municipal contact person or coordinator their municipality (as the
municipality that has the hand-over or as gemeente van vestiging). Everyone else has no monitor.

Which detentions count in a period (start and end inclusive):
- instroom: aanvang detentie in the period. Screened or why not, the hand-over (yes/no, channel, which
  municipality), the status per basic condition on the basisdocument, the situation before detention, and
  the MMD'er's measures (basisdocument within its deadline, complete);
- uitstroom: datum ontslag in the period. The situation before detention (basisdocument) next to the
  situation on the day of release (ontslagbericht);
- toestemming: consent forms signed in the period.
Only the current (submitted) version of a document counts. Screened means a submitted basisdocument;
otherwise the episode's reason for not screening, otherwise "nog niet gescreend".

Five aggregate queries, whatever the number of detentions: the date bounds, the intake cohort, its
municipalities, the release cohort and the consent forms.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, FilteredRelation, Min, OuterRef, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deadlines.models import ACTIVE_STATUSES, Deadline, DeadlineStatus
from nazorg.access import episodes_visible_to, is_municipal_user, is_prison_user
from nazorg.models import Consent, DetentionEpisode, DocumentKind, DocumentStatus, NotScreenedReason
from nazorg.models import choices as c
from nazorg.selectors.episodes import DEADLINE_FOR_DOCUMENT
from privacy.models import User

# --------------------------------------------------------------------------------------------- periods

HALF_YEAR_KEY = re.compile(r"^(\d{4})-H([12])$")
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_PERIOD_OPTIONS = 20  # ten years of half years in the selector


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    key: str = ""  # "2026-H2" for a half year; empty for a range of one's own

    @property
    def label(self) -> str:
        if self.key:
            year, half = self.key.split("-H")
            if half == "1":
                return _("1e halfjaar %(year)s") % {"year": year}
            return _("2e halfjaar %(year)s") % {"year": year}
        return self.range_label

    @property
    def range_label(self) -> str:
        return _("%(start)s t/m %(end)s") % {
            "start": date_format(self.start, "j F Y"),
            "end": date_format(self.end, "j F Y"),
        }

    @property
    def params(self) -> dict[str, str]:
        """The query string that selects this period again (page, CSV link)."""
        if self.key:
            return {"periode": self.key}
        return {"van": self.start.isoformat(), "tot": self.end.isoformat()}


def half_year(year: int, half: int) -> Period:
    if half == 1:
        return Period(datetime.date(year, 1, 1), datetime.date(year, 6, 30), f"{year}-H1")
    return Period(datetime.date(year, 7, 1), datetime.date(year, 12, 31), f"{year}-H2")


def half_year_of(day: datetime.date) -> Period:
    return half_year(day.year, 1 if day.month <= 6 else 2)


def half_years(first: datetime.date, last: datetime.date) -> list[Period]:
    """The half years from ``last`` back to ``first``, newest first, at most MAX_PERIOD_OPTIONS."""
    periods: list[Period] = []
    current = half_year_of(last)
    floor = half_year_of(min(first, last)).start
    while current.start >= floor and len(periods) < MAX_PERIOD_OPTIONS:
        periods.append(current)
        current = half_year_of(current.start - datetime.timedelta(days=1))
    return periods


def parse_period(params: Mapping[str, str], *, today: datetime.date) -> tuple[Period, str]:
    """The period asked for: ``van`` and ``tot`` (a range of one's own) win over ``periode`` (a half year).
    Without either, the current half year. Returns the period and an error message ("" when fine); on an
    error the current half year is shown."""
    default = half_year_of(today)
    start_text, end_text = params.get("van", "").strip(), params.get("tot", "").strip()
    if start_text or end_text:
        try:
            start = datetime.date.fromisoformat(start_text)
            end = datetime.date.fromisoformat(end_text)
        except ValueError:
            return default, _("Geef bij een eigen periode een begin- én einddatum op (JJJJ-MM-DD).")
        if start > end:
            return default, _("De begindatum ligt na de einddatum.")
        if start.year < FIRST_YEAR or end.year > LAST_YEAR:
            return default, _("Kies een periode tussen %(first)s en %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
        return Period(start, end), ""
    key = params.get("periode", "").strip()
    if not key:
        return default, ""
    match = HALF_YEAR_KEY.match(key)
    if match is None or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return default, _("Onbekende periode; kies een halfjaar uit de lijst.")
    return half_year(int(match[1]), int(match[2])), ""


# ------------------------------------------------------------------------------------------ the figures


@dataclass(frozen=True)
class Cell:
    value: int
    base: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.value / self.base) if self.base else None


@dataclass(frozen=True)
class Segment:
    """One bar of the chart beside a table row, in a 100 wide SVG viewBox (preformatted: no localisation)."""

    x: str
    y: str
    width: str
    height: str
    css: str = "bar"
    fill: str = ""  # an SVG fill colour where app.css has no class (the four condition statuses)


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]
    segments: list[Segment] = field(default_factory=list)


@dataclass(frozen=True)
class Series:
    label: str
    css: str = "bar"
    fill: str = ""


@dataclass
class Table:
    """One question of the monitor: its rows, one column per series, and how its chart is drawn."""

    key: str
    title: str
    note: str
    columns: list[Series]
    rows: list[Row]
    chart: str = "bar"  # "bar" (one series), "stacked" (shares of one whole), "grouped" (series side by side)
    show_base: bool = False  # the cells' bases differ: show "x van y"
    row_header: str = ""  # the heading of the first column; "Antwoord" when empty

    def __post_init__(self) -> None:
        for row in self.rows:
            row.segments = _segments(self, row)

    @property
    def chart_height(self) -> int:
        return 10 * len(self.columns) + 1 if self.chart == "grouped" else 14

    @property
    def wide(self) -> bool:
        """Several columns or "x van y" cells: the table gets the full width of the page."""
        return self.chart != "bar" or self.show_base


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    alert: bool = False


@dataclass
class Monitor:
    period: Period
    available: bool  # the user's role has a monitor
    organisation: str = ""
    periods: list[Period] = field(default_factory=list)
    has_episodes: bool = False
    intake_figures: list[Figure] = field(default_factory=list)
    intake_tables: list[Table] = field(default_factory=list)
    release_figures: list[Figure] = field(default_factory=list)
    release_tables: list[Table] = field(default_factory=list)
    consent_figures: list[Figure] = field(default_factory=list)

    @property
    def parts(self) -> list[Part]:
        """The three cohorts, each with what decides whether a detention counts in the period."""
        return [
            Part(
                "instroom",
                _("Instroom: screening en overdracht"),
                _("Detenties met aanvang detentie in de periode."),
                self.intake_figures,
                self.intake_tables,
            ),
            Part(
                "uitstroom",
                _("Uitstroom: de situatie op de dag van ontslag"),
                _("Detenties met datum ontslag in de periode."),
                self.release_figures,
                self.release_tables,
            ),
            Part(
                "toestemming",
                _("Toestemmingsformulieren"),
                _("Toestemmingen met datum ondertekening in de periode."),
                self.consent_figures,
                [],
            ),
        ]


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    rule: str
    figures: list[Figure]
    tables: list[Table]

    @property
    def groups(self) -> list[TableGroup]:
        """Runs of narrow tables (side by side) and wide ones (full width), in their order."""
        groups: list[TableGroup] = []
        for table in self.tables:
            if not groups or groups[-1].wide != table.wide:
                groups.append(TableGroup(table.wide, []))
            groups[-1].tables.append(table)
        return groups


@dataclass(frozen=True)
class TableGroup:
    wide: bool
    tables: list[Table]


def _fmt(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".") or "0"


def _share(cell: Cell) -> float:
    return 100 * cell.value / cell.base if cell.base else 0.0


def _segments(table: Table, row: Row) -> list[Segment]:
    if table.chart == "stacked":
        segments, x = [], 0.0
        for cell, series in zip(row.cells, table.columns, strict=True):
            width = _share(cell)
            if width:
                segments.append(Segment(_fmt(x), "1", _fmt(width), "12", series.css, series.fill))
            x += width
        return segments
    if table.chart == "grouped":  # one bar per series, 9 high, one under the other
        return [
            Segment("0", _fmt(1 + index * 10), _fmt(_share(cell)), "9", series.css)
            for index, (cell, series) in enumerate(zip(row.cells, table.columns, strict=True))
        ]
    return [Segment("0", "1", _fmt(_share(row.cells[0])), "12")]


# ----------------------------------------------------------------------------------------------- scope


def monitor_scope(user: User) -> QuerySet[DetentionEpisode] | None:
    """The episodes the monitor counts for this user, or None when their role has no monitor."""
    if not user.is_authenticated or not user.organisation_id:
        return None
    visible = episodes_visible_to(user)
    organisation = user.organisation_id
    if is_prison_user(user):
        return visible.filter(prison_id=organisation)
    if is_municipal_user(user):
        return visible.filter(Q(gemeente_id=organisation) | Q(gemeente_vestiging_id=organisation))
    return None


# ------------------------------------------------------------------------------------------- the counts

BASIS, ONTSLAG = "basis", "ontslag"
YES = ("ja",)
NO = ("nee",)
HOUSED = tuple(sorted(c.HOUSED))
COMPLETE_STATUSES = ("1", "2", "4")  # anything but "3 Onbekend"
BASISDOCUMENT_DEADLINE = DEADLINE_FOR_DOCUMENT[DocumentKind.BASISDOCUMENT]

# The four condition statuses in the stacked chart. app.css has classes for three colours only, so these
# are SVG fill attributes (allowed by the CSP, which governs style attributes, not presentation ones).
STATUS_FILLS = {"1": "#a15c00", "2": "#1e6b2d", "3": "#6f7780", "4": "#b3001b"}


@dataclass(frozen=True)
class Measure:
    """One MI question asked at intake (basisdocument) and again on the day of release (ontslagbericht)."""

    key: str
    label: Any
    before: tuple[str, tuple[str, ...]]
    after: tuple[str, tuple[str, ...]]
    among: tuple[str, tuple[str, ...]] | None = None  # counted only among those with this answer


MEASURES = (
    Measure("id", gettext_lazy("Geldig ID-bewijs"), ("id_geldig", YES), ("id_geldig", YES)),
    Measure("inkomen", gettext_lazy("Een vorm van inkomen"), ("mi_inkomen", YES), ("inkomen", YES)),
    Measure(
        "dagbesteding",
        gettext_lazy("Een vorm van dagbesteding"),
        ("dagbesteding", YES),
        ("dagbesteding", YES),
    ),
    Measure(
        "onderdak",
        gettext_lazy("Een vorm van huisvesting of onderdak"),
        ("mi_onderdak", YES),
        ("huisvesting", HOUSED),
    ),
    Measure("schulden", gettext_lazy("Schulden"), ("schulden", YES), ("schulden", YES)),
    Measure(
        "schuldhulp",
        gettext_lazy("Schuldhulpverlening (van wie schulden heeft)"),
        ("schuldhulp", YES),
        ("schuldhulp", YES),
        among=("schulden", YES),
    ),
    Measure(
        "zorg",
        gettext_lazy("Zorg: contact met een zorginstelling vóór detentie, afspraken over zorg erna"),
        ("zorg_contact_voor", YES),
        ("zorgafspraken", YES),
    ),
    Measure(
        "zorgverzekering",
        gettext_lazy("Ziektekostenverzekering"),
        ("mi_zorgverzekering", YES),
        ("zorgverzekering", YES),
    ),
)


def _answer(document: str, question: tuple[str, tuple[str, ...]]) -> Q:
    key, values = question
    if len(values) == 1:
        return Q(**{f"{document}__data__{key}": values[0]})
    return Q(**{f"{document}__data__{key}__in": list(values)})


def _has(document: str) -> Q:
    return Q(**{f"{document}__id__isnull": False})


def _with_documents(queryset: QuerySet[DetentionEpisode]) -> QuerySet[DetentionEpisode]:
    """Join the current basisdocument and ontslagbericht (at most one each per episode: nazorg_one_current),
    so a count over episodes never counts an episode twice."""

    def current(kind: str) -> FilteredRelation:
        return FilteredRelation(
            "documents", condition=Q(documents__kind=kind, documents__status=DocumentStatus.SUBMITTED)
        )

    return queryset.annotate(
        basis=current(DocumentKind.BASISDOCUMENT), ontslag=current(DocumentKind.ONTSLAGBERICHT)
    )


def _counts(queryset: QuerySet[DetentionEpisode], wanted: Mapping[str, Q]) -> dict[str, int]:
    """One query: the number of episodes, and per alias the number that match its condition."""
    return queryset.aggregate(
        total=Count("pk"), **{alias: Count("pk", filter=q) for alias, q in wanted.items()}
    )


def _basis_deadlines() -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        subject_type__app_label="nazorg",
        subject_type__model="detentionepisode",
        subject_id=OuterRef("pk"),
        kind=BASISDOCUMENT_DEADLINE,
    )


SCREENED = _has(BASIS)
PENDING = Q(basis__id__isnull=True, not_screened="")


def _intake_wanted(today: datetime.date) -> dict[str, Q]:
    deadlines = _basis_deadlines()
    on_time = Exists(deadlines.filter(status=DeadlineStatus.DONE, done_at__date__lte=F("due_on")))
    late = Exists(deadlines.filter(status=DeadlineStatus.DONE, done_at__date__gt=F("due_on")))
    overdue = Exists(deadlines.filter(status__in=ACTIVE_STATUSES, due_on__lt=today))  # scanned or not
    handed_over = _answer(BASIS, ("overgedragen", YES))
    wanted: dict[str, Q] = {
        "screened": SCREENED,
        **{
            f"not_{reason.value}": Q(basis__id__isnull=True, not_screened=reason.value)
            for reason in NotScreenedReason
        },
        "pending": PENDING,
        "handed_ja": handed_over,
        "handed_nee": _answer(BASIS, ("overgedragen", NO)),
        **{
            f"kanaal_{value}": handed_over & _answer(BASIS, ("overdracht_kanaal", (value,)))
            for value, _label in c.OVERDRACHT_KANAAL
        },
        **{
            f"status_{condition.value}_{value}": _answer(BASIS, (f"status_{condition.value}", (value,)))
            for condition in c.Condition
            for value, _label in c.CONDITION_STATUS
        },
        "on_time": SCREENED & Q(on_time),
        "late": SCREENED & Q(late) & ~Q(on_time),
        "complete": SCREENED
        & Q(*(_answer(BASIS, (f"status_{condition.value}", COMPLETE_STATUSES)) for condition in c.Condition)),
        "pending_overdue": PENDING & Q(overdue),
    }
    for measure in MEASURES:
        among = _answer(BASIS, measure.among) if measure.among else SCREENED
        wanted[f"before_{measure.key}"] = among & _answer(BASIS, measure.before)
        if measure.among:
            wanted[f"before_{measure.key}_base"] = among
    return wanted


def _release_wanted() -> dict[str, Q]:
    released_with_income = _answer(ONTSLAG, ("inkomen", YES))
    no_income = _answer(ONTSLAG, ("inkomen", NO))
    wanted: dict[str, Q] = {
        "with_basis": _has(BASIS),
        "with_ontslag": _has(ONTSLAG),
        **{
            f"bron_{value}": released_with_income & _answer(ONTSLAG, ("inkomen_bron", (value,)))
            for value, _label in c.INKOMSTENBRON
        },
        "no_income": no_income,
        "first_week": no_income & _answer(ONTSLAG, ("inkomen_eerste_week", YES)),
        **{
            f"huisvesting_{value}": _answer(ONTSLAG, ("huisvesting", (value,)))
            for value, _label in c.HUISVESTING
        },
        "contact_gemeente": _answer(ONTSLAG, ("contact_gemeente", YES)),
        "info_van_gemeente": _answer(ONTSLAG, ("info_van_gemeente", YES)),
    }
    for measure in MEASURES:
        before_base = _answer(BASIS, measure.among) if measure.among else _has(BASIS)
        after_base = _answer(ONTSLAG, measure.among) if measure.among else _has(ONTSLAG)
        wanted[f"before_{measure.key}"] = before_base & _answer(BASIS, measure.before)
        wanted[f"after_{measure.key}"] = after_base & _answer(ONTSLAG, measure.after)
        if measure.among:
            wanted[f"before_{measure.key}_base"] = before_base
            wanted[f"after_{measure.key}_base"] = after_base
    return wanted


# ------------------------------------------------------------------------------------------ the tables


def _simple(
    key: str, title: str, note: str, rows: Iterable[tuple[str, Any, int, int]], *, show_base: bool = False
) -> Table:
    return Table(
        key,
        title,
        note,
        [Series(_("Aantal"))],
        [Row(row_key, str(label), [Cell(value, base)]) for row_key, label, value, base in rows],
        show_base=show_base,
    )


def _intake(counts: Mapping[str, int], gemeenten: list[tuple[str, int]]) -> tuple[list[Figure], list[Table]]:
    total, screened, pending = counts["total"], counts["screened"], counts["pending"]
    not_screened = sum(counts[f"not_{reason.value}"] for reason in NotScreenedReason)
    handed = counts["handed_ja"]
    figures = [
        Figure("gestart", _("detenties gestart"), total),
        Figure("gescreend", _("gescreend"), screened),
        Figure("niet_gescreend", _("niet gescreend (vreemdeling of te kort)"), not_screened),
        Figure("nog_niet_gescreend", _("nog niet gescreend"), pending, alert=bool(counts["pending_overdue"])),
    ]
    screening = _simple(
        "screening",
        _("Is de gedetineerde gescreend?"),
        _("Van alle detenties die in de periode begonnen."),
        [
            ("gescreend", _("Ja: basisdocument ingediend"), screened, total),
            *(
                (
                    reason.value,
                    _("Nee: %(reason)s") % {"reason": reason.label},
                    counts[f"not_{reason.value}"],
                    total,
                )
                for reason in NotScreenedReason
            ),
            ("nog_niet", _("Nog niet gescreend"), pending, total),
        ],
    )
    handover = _simple(
        "overgedragen",
        _("Is de informatie overgedragen aan een gemeente?"),
        _("Van de gescreenden (MI-vraag in het basisdocument)."),
        [("ja", _("Ja"), handed, screened), ("nee", _("Nee"), counts["handed_nee"], screened)],
    )
    channel = _simple(
        "kanaal",
        _("Op welke wijze is de informatie overgedragen?"),
        _("Van wie de informatie aan een gemeente is overgedragen."),
        [(value, label, counts[f"kanaal_{value}"], handed) for value, label in c.OVERDRACHT_KANAAL],
    )
    municipalities = _simple(
        "gemeente",
        _("Aan welke gemeente is de informatie overgedragen?"),
        _("Van wie de informatie aan een gemeente is overgedragen; de gemeente die de nazorg nu heeft."),
        [(name or "-", name or _("Nog geen gemeente"), n, handed) for name, n in gemeenten],
    )
    statuses = Table(
        "status_intake",
        _("Status per basisvoorwaarde bij intake"),
        _("Van de gescreenden: het voorblad van het basisdocument (1 Ja = er is een probleem)."),
        [Series(str(label), "", STATUS_FILLS[value]) for value, label in c.CONDITION_STATUS],
        [
            Row(
                condition.value,
                str(condition.label),
                [
                    Cell(counts[f"status_{condition.value}_{value}"], screened)
                    for value, _l in c.CONDITION_STATUS
                ],
            )
            for condition in c.Condition
        ],
        chart="stacked",
        row_header=_("Basisvoorwaarde"),
    )
    before = _simple(
        "voor_detentie",
        _("Situatie vóór detentie (MI-vragen basis)"),
        _("Van de gescreenden: het aantal dat 'ja' antwoordde."),
        [
            (
                measure.key,
                measure.label,
                counts[f"before_{measure.key}"],
                counts[f"before_{measure.key}_base"] if measure.among else screened,
            )
            for measure in MEASURES
        ],
        show_base=True,
    )
    without_deadline = screened - counts["on_time"] - counts["late"]
    mmd = _simple(
        "mmd",
        _("Tijdigheid en volledigheid van de screening"),
        _(
            "Tijdig: het basisdocument was bij de gemeente binnen de termijn (10 werkdagen na de melding). "
            "Volledig: bij geen van de vijf basisvoorwaarden staat 'Onbekend'."
        ),
        [
            ("op_tijd", _("Basisdocument binnen de termijn"), counts["on_time"], screened),
            ("te_laat", _("Basisdocument na de termijn"), counts["late"], screened),
            ("zonder_termijn", _("Basisdocument zonder afgeronde termijn"), without_deadline, screened),
            ("volledig", _("Basisdocument volledig"), counts["complete"], screened),
            (
                "verlopen",
                _("Nog niet gescreend en de termijn is verstreken"),
                counts["pending_overdue"],
                pending,
            ),
        ],
        show_base=True,
    )
    return figures, [screening, handover, channel, municipalities, statuses, before, mmd]


def _release(counts: Mapping[str, int]) -> tuple[list[Figure], list[Table]]:
    total, with_basis, with_release = counts["total"], counts["with_basis"], counts["with_ontslag"]
    figures = [
        Figure("ontslagen", _("ontslagen"), total),
        Figure("met_ontslagbericht", _("met ontslagbericht"), with_release),
        Figure(
            "zonder_ontslagbericht",
            _("zonder ontslagbericht"),
            total - with_release,
            alert=total > with_release,
        ),
    ]

    def base(moment: str, measure: Measure) -> int:
        if measure.among:
            return counts[f"{moment}_{measure.key}_base"]
        return with_basis if moment == "before" else with_release

    comparison = Table(
        "voor_en_na",
        _("Basisvoorwaarden vóór detentie en op de dag van ontslag"),
        _(
            "Van wie in de periode werd ontslagen: het aantal 'ja' volgens het basisdocument (vóór detentie, "
            "%(basis)s met basisdocument) en volgens het ontslagbericht (op de dag van ontslag, %(release)s met "
            "ontslagbericht). Onderdak bij ontslag: huisvestingssituatie 1 tot en met 6."
        )
        % {"basis": with_basis, "release": with_release},
        [
            Series(_("Vóór detentie"), "bar"),
            Series(_("Op de dag van ontslag"), "bar bar--out"),
        ],
        [
            Row(
                measure.key,
                str(measure.label),
                [
                    Cell(counts[f"before_{measure.key}"], base("before", measure)),
                    Cell(counts[f"after_{measure.key}"], base("after", measure)),
                ],
            )
            for measure in MEASURES
        ],
        chart="grouped",
        show_base=True,
        row_header=_("Basisvoorwaarde"),
    )
    with_income = counts["after_inkomen"]
    sources = sum(counts[f"bron_{value}"] for value, _label in c.INKOMSTENBRON)
    income = _simple(
        "inkomen_ontslag",
        _("Inkomen op de dag van ontslag"),
        _("Van wie een ontslagbericht heeft."),
        [
            *(
                (value, _("Ja: %(source)s") % {"source": label}, counts[f"bron_{value}"], with_release)
                for value, label in c.INKOMSTENBRON
            ),
            ("ja_onbekend", _("Ja, bron niet ingevuld"), with_income - sources, with_release),
            ("nee", _("Nee"), counts["no_income"], with_release),
            (
                "nee_eerste_week",
                _("Nee, maar afspraken met de gemeente voor de eerste week"),
                counts["first_week"],
                with_release,
            ),
        ],
    )
    housing = _simple(
        "huisvesting_ontslag",
        _("Huisvesting op de dag van ontslag"),
        _("Van wie een ontslagbericht heeft."),
        [(value, label, counts[f"huisvesting_{value}"], with_release) for value, label in c.HUISVESTING],
    )
    contact = _simple(
        "contact_gemeente",
        _("Contact met de gemeente"),
        _("Van wie een ontslagbericht heeft."),
        [
            (
                "contact_gemeente",
                _("Na het basisdocument nog contact geweest met de gemeente"),
                counts["contact_gemeente"],
                with_release,
            ),
            (
                "info_van_gemeente",
                _("Informatie van de gemeente ontvangen"),
                counts["info_van_gemeente"],
                with_release,
            ),
        ],
    )
    return figures, [comparison, income, housing, contact]


def build_monitor(*, user: User, period: Period, today: datetime.date) -> Monitor:
    scope = monitor_scope(user)
    if scope is None:
        return Monitor(period=period, available=False)
    monitor = Monitor(period=period, available=True, organisation=user.organisation.name)  # type: ignore[union-attr]
    bounds = scope.aggregate(
        n=Count("pk"), first_start=Min("detention_start"), first_release=Min("released_on")
    )
    if not bounds["n"]:
        return monitor
    monitor.has_episodes = True
    first = min(day for day in (bounds["first_start"], bounds["first_release"], today) if day is not None)
    monitor.periods = half_years(first, today)
    if period.key and period.key not in {option.key for option in monitor.periods}:
        monitor.periods.insert(0, period)

    between = (period.start, period.end)
    intake = _with_documents(scope.filter(detention_start__range=between))
    intake_counts = _counts(intake, _intake_wanted(today))
    gemeenten = list(
        intake.filter(_answer(BASIS, ("overgedragen", YES)))
        .values_list("gemeente__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "gemeente__name")
    )
    monitor.intake_figures, monitor.intake_tables = _intake(intake_counts, gemeenten)

    release = _with_documents(scope.filter(released_on__range=between))
    monitor.release_figures, monitor.release_tables = _release(_counts(release, _release_wanted()))

    consents = Consent.objects.filter(episode__in=scope.values("pk"), signed_on__range=between).aggregate(
        signed=Count("pk"), withdrawn=Count("pk", filter=Q(withdrawn_on__isnull=False))
    )
    monitor.consent_figures = [
        Figure("toestemming", _("toestemmingsformulieren ondertekend"), consents["signed"]),
        Figure("ingetrokken", _("waarvan inmiddels ingetrokken"), consents["withdrawn"]),
    ]
    return monitor


# --------------------------------------------------------------------------------------------- the CSV

CSV_HEADER = [
    "periode_van",
    "periode_tot",
    "onderdeel",
    "vraag",
    "antwoord",
    "reeks",
    "aantal",
    "van",
    "procent",
]


def csv_rows(monitor: Monitor) -> list[list[object]]:
    """The monitor as one long table: one line per figure and per table cell."""
    rows: list[list[object]] = [list(CSV_HEADER)]
    start, end = monitor.period.start.isoformat(), monitor.period.end.isoformat()
    for part in monitor.parts:
        for figure in part.figures:
            rows.append([start, end, part.key, _("kerncijfers"), figure.label, "", figure.value, "", ""])
        for table in part.tables:
            for row in table.rows:
                for series, cell in zip(table.columns, row.cells, strict=True):
                    percent = cell.percent
                    rows.append(
                        [
                            start,
                            end,
                            part.key,
                            table.title,
                            row.label,
                            series.label,
                            cell.value,
                            cell.base,
                            "" if percent is None else percent,
                        ]
                    )
    return rows
