"""Writes of retention and destruction: the daily proposal, the review of a list (per item, first and
second review), holds, early deletion on request, and the rules' checks. The destruction itself (the job's
loop) is in ``privacy/services/destruction.py``.

Every service is keyword-only, typed and atomic; edits of a list or item check its ``revision``
(``EditConflict``), and a list that is no longer under review refuses changes (``StateConflict``)."""

from __future__ import annotations

import datetime

from django.db import transaction

from privacy.models import (
    Decision,
    DestructionItem,
    DestructionList,
    HoldKind,
    HoldReason,
    RetentionHold,
    RetentionRule,
    User,
)


def retention_rule_check(*, rule: RetentionRule) -> None:
    """Refuse a rule its kind does not allow: a term longer than the maximum (the covenant caps the case
    dossier at five years; longer only per item by an extension), or a ``counts_from`` the kind cannot
    compute. Raises ``ValidationError`` naming the field."""
    raise NotImplementedError


@transaction.atomic
def retention_rule_save(*, rule: RetentionRule, by: User | None) -> RetentionRule:
    """Check and save a rule edited by the functional administrator (admin): bumps ``revision``, sets
    ``updated_by``, writes history."""
    raise NotImplementedError


@transaction.atomic
def retention_propose(
    *, today: datetime.date | None = None, by: User | None = None
) -> DestructionList | None:
    """The daily proposal: per active rule, set-based, the roots whose term has passed, minus those in use,
    under an active hold, extension or exclusion, and those already on an unfinished list. Writes ONE list
    (origin periodic) with all of them, or nothing (returns None) when nothing expired."""
    raise NotImplementedError


@transaction.atomic
def destruction_item_decide(
    *,
    item: DestructionItem,
    decision: Decision | str,
    revision: int,
    by: User,
    reason: str = "",
    extend_until: datetime.date | None = None,
) -> DestructionItem:
    """Per item: vernietigen (the default), langer bewaren (reason and a date after today required) or
    uitzonderen (reason required). Only while the list is under (first) review."""
    raise NotImplementedError


@transaction.atomic
def destruction_list_approve(
    *, destruction_list: DestructionList, revision: int, by: User
) -> DestructionList:
    """ "Lijst vaststellen" (first review). When an item to destroy falls under a rule that requires a second
    review the list waits for it; otherwise it is approved: extensions and exclusions become holds and the
    destruction job is queued after commit."""
    raise NotImplementedError


@transaction.atomic
def destruction_list_second_review(
    *, destruction_list: DestructionList, revision: int, by: User
) -> DestructionList:
    """The controller's second reviewer approves: a different person than the first reviewer, with the
    permission ``privacy.second_review_destruction``. Then as approval above."""
    raise NotImplementedError


@transaction.atomic
def destruction_list_cancel(
    *, destruction_list: DestructionList, revision: int, by: User, reason: str = ""
) -> DestructionList:
    """Cancel a list under review: nothing is destroyed, its roots may be proposed again."""
    raise NotImplementedError


@transaction.atomic
def destruction_list_retry(*, destruction_list: DestructionList, by: User) -> DestructionList:
    """ "Opnieuw proberen" on a list destroyed with errors: its failed items go back to pending and the job is
    queued again after commit."""
    raise NotImplementedError


@transaction.atomic
def destruction_request_early(
    *, subject: str, reference: str, reason: str, by: User, today: datetime.date | None = None
) -> DestructionList:
    """Early deletion on request (a granted erasure request, a record entered by mistake): an on_request list
    with one item for the client of the case number (``subject="case"``) or for the episode
    (``subject="episode"``), reviewed and destroyed like any other. ``reason`` says why, without names."""
    raise NotImplementedError


@transaction.atomic
def retention_hold_place(
    *,
    subject: str,
    reference: str,
    reason: HoldReason | str,
    by: User,
    explanation: str = "",
    until: datetime.date | None = None,
    kind: HoldKind | str = HoldKind.HOLD,
) -> RetentionHold:
    """Place a hold (bewaarplicht), extension or exclusion on the client of a case number, or on an episode.
    It blocks proposals at once, and a destruction job re-checks it per item right before destroying."""
    raise NotImplementedError


@transaction.atomic
def retention_hold_lift(*, hold: RetentionHold, reason: str, revision: int, by: User) -> RetentionHold:
    """Lift a hold, with a reason (required)."""
    raise NotImplementedError
