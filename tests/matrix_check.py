"""One row of the permission matrix (tests/test_permission_matrix.py), and its access-log rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max, Q
from django.http import HttpResponse

from nazorg.models import DetentionEpisode
from privacy.models import AccessLog, User
from tests.world import World


@dataclass
class Check:
    method: str = "get"
    kwargs: Callable[[World], dict[str, object]] = lambda w: {"pk": w.case.pk}
    data: Callable[[World], dict[str, object]] = lambda w: {}
    owner: int = 200
    reader: int = 200
    outsider: int = 404
    json: bool = False
    lists_cases: bool = False  # a list open to all: team members see the case in it, outsiders do not
    # For roots other than the world's case (a nazorg detention): who plays owner, reader and outsider,
    # and the reference a list must show to owner and reader but never to the outsider.
    actors: Callable[[World], dict[str, User]] | None = None
    lists: Callable[[World], str] | None = None
    # A GET that answers 200 to a team member shows client data and must write an access-log row naming
    # the case, client or detention. Only a page that shows none may say so, with the reason.
    logs: bool = True
    reason: str = ""

    def __post_init__(self) -> None:
        if not self.logs and not self.reason:
            raise ValueError("Check(logs=False) needs a reason: why does this page show no client data?")


def access_log_mark() -> int:
    """The newest access-log row before a request: the rows after it are the ones the request wrote."""
    return AccessLog.objects.aggregate(last=Max("pk"))["last"] or 0


def _naming_the_world(world: World) -> Q:
    """Access-log rows that name a client, case or detention of the test's world."""
    cases = [world.case]
    if world.built("co24"):
        cases.append(world.co24.case)
    named = Q(case_id__in=[case.pk for case in cases]) | Q(client_id__in=[case.client_id for case in cases])
    if world.built("nazorg"):
        episodes = DetentionEpisode.objects.all()
        named |= Q(detention_id__in=episodes.values("pk")) | Q(client_id__in=episodes.values("client_id"))
    return named


def assert_access_log(world: World, check: Check, who: str, response: HttpResponse, mark: int) -> None:
    """A team member's successful read is logged; a refusal, or anything the outsider gets, claims none."""
    written = AccessLog.objects.filter(pk__gt=mark).filter(_naming_the_world(world))
    if who == "outsider" or response.status_code >= 400:
        claims = list(written.values_list("action", "shown"))
        assert not claims, f"{who} got {response.status_code}, yet the access log records a read: {claims}"
    elif check.method == "get" and response.status_code == 200 and check.logs:
        assert written.exists(), (
            f"{who} read {response.request['PATH_INFO']} without an access-log row naming the client, "
            "case or detention (or declare Check(logs=False, reason=...) if it shows no client data)"
        )
