"""The privacy officer's retention pages (issue 14): only the privacy officer reaches them; a list is
reviewed per item under the item's lock, approved with a question that names the counts, second-reviewed by
another privacy officer where a rule asks for it; holds are placed and lifted; the rules are read-only; early
deletion makes a list of its own. The record and the proposal/destruction themselves: test_record_pages.py
and the service tests."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse

from privacy.models import (
    AccessLog,
    Decision,
    DestructionItem,
    DestructionList,
    HoldKind,
    ItemStatus,
    ListOrigin,
    ListStatus,
    RetentionHold,
)
from tests.matrix_check import access_log_mark
from tests.privacy.retention.pages_world import cast, close_long_ago, proposed_list
from tests.world import World, verified_client

TOMORROW = datetime.date.today() + datetime.timedelta(days=1)
NEXT_YEAR = datetime.date.today() + datetime.timedelta(days=365)


def _list_url(destruction_list) -> str:
    return reverse("privacy:destruction_list", kwargs={"pk": destruction_list.pk})


def _item_url(item) -> str:
    return reverse("privacy:destruction_item", kwargs={"pk": item.destruction_list_id, "item_pk": item.pk})


def _page(response) -> str:
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return response.content.decode()


# --- who gets in ---------------------------------------------------------------------------------------


def _pages(world: World) -> list[str]:
    destruction_list = proposed_list(world, months=1)
    item = destruction_list.items.first()
    return [
        reverse("privacy:home"),
        reverse("privacy:destruction_lists"),
        _list_url(destruction_list),
        _item_url(item),
        reverse("privacy:destruction_cancel", kwargs={"pk": destruction_list.pk}),
        reverse("privacy:destruction_progress", kwargs={"pk": destruction_list.pk}),
        reverse("privacy:retention_holds"),
        reverse("privacy:retention_rules"),
        reverse("privacy:destruction_request"),
    ]


def test_only_the_privacy_officer_reaches_the_pages(world: World):
    people = cast(world)
    urls = _pages(world)
    officer = verified_client(people.officer)
    for url in urls:
        assert officer.get(url).status_code == 200, url
    for user in (people.beheerder, world.owner, world.reader, world.outsider):
        http = verified_client(user)
        for url in urls:
            assert http.get(url).status_code == 404, (user.function, url)


def test_the_menu_shows_privacy_to_the_privacy_officer_only(world: World):
    people = cast(world)
    link = f'href="{reverse("privacy:home")}"'
    assert link in _page(verified_client(people.officer).get(reverse("my_work")))
    assert link not in _page(verified_client(people.beheerder).get(reverse("my_work")))
    assert link not in _page(world.client_for("owner").get(reverse("my_work")))


def test_the_privacy_officer_starts_in_the_privacy_pages_after_logging_in(world: World):
    people = cast(world)
    response = verified_client(people.officer).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("privacy:home")
    assert world.client_for("owner").get(reverse("home"))["Location"] == reverse("caseplan:my_cases")


# --- the list and its items ------------------------------------------------------------------------------


def test_the_list_page_pages_and_filters_items_and_logs_the_references(world: World):
    people = cast(world)
    destruction_list = proposed_list(world, months=55)
    http = verified_client(people.officer)
    mark = access_log_mark()
    first = _page(http.get(_list_url(destruction_list)))
    assert "56 onderdelen" in first and "Pagina 1 van 2" in first
    assert world.case.reference in first
    assert first.count('id="item-') == 50
    logged = AccessLog.objects.filter(pk__gt=mark, user=people.officer)
    assert list(logged.values_list("client_id", flat=True)) == [world.case.client_id]

    second = _page(http.get(_list_url(destruction_list), {"pagina": 2}))
    assert second.count('id="item-') == 6

    dossiers = _page(http.get(_list_url(destruction_list), {"soort": "case_dossier"}))
    assert "1 onderdeel" in dossiers and world.case.reference in dossiers and "2010-01" not in dossiers
    extended = _page(http.get(_list_url(destruction_list), {"besluit": Decision.EXTEND}))
    assert "0 onderdelen" in extended and "Geen onderdelen met dit filter." in extended


def test_extending_an_item_needs_a_reason_and_a_date_and_keeps_what_was_typed(world: World):
    people = cast(world)
    destruction_list = proposed_list(world, months=2)
    item = destruction_list.items.get(kind="case_dossier")
    http = verified_client(people.officer)
    form = _page(http.get(_item_url(item), {"terug": "soort=case_dossier&pagina=1&x=evil"}))
    assert 'value="vernietigen" ' in form and "checked" in form

    refused = _page(
        http.post(_item_url(item), {"revision": item.revision, "decision": Decision.EXTEND, "reason": ""})
    )
    assert "Controleer uw invoer." in refused
    assert "Geef een reden." in refused and "Geef de datum tot wanneer het bewaard blijft." in refused
    assert re.search(r'value="langer_bewaren"[^>]*checked', refused)  # the choice is kept

    saved = http.post(
        _item_url(item),
        {
            "revision": item.revision,
            "decision": Decision.EXTEND,
            "reason": "Wetenschappelijk onderzoek naar recidive",
            "extend_until": NEXT_YEAR.isoformat(),
            "terug": "soort=case_dossier&pagina=1&x=evil",
        },
    )
    assert saved.status_code == 302
    assert saved["Location"] == f"{_list_url(destruction_list)}?soort=case_dossier&pagina=1#item-{item.pk}"
    item.refresh_from_db()
    assert (item.decision, item.extend_until, item.decided_by) == (Decision.EXTEND, NEXT_YEAR, people.officer)
    shown = _page(http.get(_list_url(destruction_list)))
    assert "Wetenschappelijk onderzoek naar recidive" in shown
    assert f"tot en met {NEXT_YEAR:%d-%m-%Y}" in shown


def test_a_conflicting_decision_is_refused_and_shows_the_other_version(world: World):
    people = cast(world)
    destruction_list = proposed_list(world)
    item = destruction_list.items.get()
    revision = item.revision
    verified_client(people.second).post(
        _item_url(item), {"revision": revision, "decision": Decision.EXCLUDE, "reason": "Lopende klacht"}
    )
    mine = {
        "revision": revision,
        "decision": Decision.EXTEND,
        "reason": "Statistiek over vijf jaar",
        "extend_until": NEXT_YEAR.isoformat(),
    }
    response = verified_client(people.officer).post(_item_url(item), mine)
    page = _page(response)
    assert "Iemand anders heeft het besluit over dit onderdeel intussen gewijzigd." in html.unescape(page)
    conflict = page.split('id="h-conflict"')[1].split("</section>")[0]
    assert "Uitzonderen" in conflict and "Lopende klacht" in conflict and "Frank Geerts" in conflict
    assert "Statistiek over vijf jaar" in page  # what I typed is still there
    assert f'name="revision" value="{revision + 1}"' in page
    item.refresh_from_db()
    assert (item.decision, item.decision_reason) == (Decision.EXCLUDE, "Lopende klacht")


def test_approving_asks_with_the_counts_and_a_dossier_waits_for_the_second_reviewer(world: World):
    people = cast(world)
    close_long_ago(world.case)
    destruction_list = proposed_list(world, months=3)
    item = destruction_list.items.filter(kind="notifications").first()
    officer = verified_client(people.officer)
    officer.post(
        _item_url(item),
        {"revision": item.revision, "decision": Decision.EXCLUDE, "reason": "Nodig voor een audit"},
    )
    page = html.unescape(_page(officer.get(_list_url(destruction_list))))
    assert (
        page.count("data-confirm=") == 1 and "<section" not in page.split("<title>")[1].split("</title>")[0]
    )
    question = re.search(r'data-confirm="([^"]*)"', page).group(1)
    assert destruction_list.number in question
    assert "Vernietigen: 3 onderdelen. Langer bewaren: 0. Uitzonderen: 1." in question
    assert "tweede beoordeling" in page

    approved = officer.post(
        reverse("privacy:destruction_approve", kwargs={"pk": destruction_list.pk}),
        {"revision": destruction_list.revision},
    )
    assert approved.status_code == 302
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.AWAITING_SECOND_REVIEW
    assert destruction_list.reviewed_by == people.officer

    # The first reviewer may not review twice; the page says why.
    own = _page(officer.get(_list_url(destruction_list)))
    assert "Vaststellen als tweede beoordelaar" not in own
    assert "U hebt de lijst zelf vastgesteld" in own
    refused = officer.post(
        reverse("privacy:destruction_second_review", kwargs={"pk": destruction_list.pk}),
        {"revision": destruction_list.revision},
    )
    assert refused.status_code == 403
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.AWAITING_SECOND_REVIEW


def test_the_second_reviewer_approves_and_the_job_destroys_the_list(
    world: World, django_capture_on_commit_callbacks
):
    people = cast(world)
    close_long_ago(world.case)
    destruction_list = proposed_list(world, months=2)
    verified_client(people.officer).post(
        reverse("privacy:destruction_approve", kwargs={"pk": destruction_list.pk}),
        {"revision": destruction_list.revision},
    )
    destruction_list.refresh_from_db()
    second = verified_client(people.second)
    page = _page(second.get(_list_url(destruction_list)))
    assert "Vaststellen als tweede beoordelaar" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = second.post(
            reverse("privacy:destruction_second_review", kwargs={"pk": destruction_list.pk}),
            {"revision": destruction_list.revision},
        )
    assert response.status_code == 302
    destruction_list.refresh_from_db()
    assert destruction_list.second_reviewed_by == people.second
    assert destruction_list.status == ListStatus.DESTROYED
    assert destruction_list.items_done == destruction_list.items_total == 3
    page = _page(second.get(_list_url(destruction_list)))
    assert (
        "Vernietiging afgerond" in page
        and reverse("privacy:destruction_record", args=[destruction_list.pk]) in page
    )
    assert world.case.reference not in page  # the reference is cleared at destruction


def test_an_approval_of_a_stale_list_is_refused(world: World):
    people = cast(world)
    destruction_list = proposed_list(months=1)
    url = reverse("privacy:destruction_approve", kwargs={"pk": destruction_list.pk})
    verified_client(people.second).post(
        reverse("privacy:destruction_cancel", kwargs={"pk": destruction_list.pk}),
        {"revision": destruction_list.revision, "reason": "Dubbel voorstel"},
    )
    response = verified_client(people.officer).post(url, {"revision": destruction_list.revision}, follow=True)
    assert "Deze lijst is intussen door iemand anders gewijzigd." in html.unescape(_page(response))
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.CANCELLED


def test_cancelling_destroys_nothing(world: World):
    people = cast(world)
    destruction_list = proposed_list(world)
    http = verified_client(people.officer)
    url = reverse("privacy:destruction_cancel", kwargs={"pk": destruction_list.pk})
    assert "Na annuleren wordt er niets van deze lijst vernietigd." in _page(http.get(url))
    response = http.post(url, {"revision": destruction_list.revision, "reason": "Voorstel was onvolledig"})
    assert response.status_code == 302
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.CANCELLED and destruction_list.cancelled_by == people.officer
    assert (
        DestructionItem.objects.filter(destruction_list=destruction_list, status=ItemStatus.PENDING).count()
        == 1
    )
    page = _page(http.get(_list_url(destruction_list)))
    assert "Lijst vaststellen" not in page and "Beoordelen" not in page


# --- progress -------------------------------------------------------------------------------------------


def test_the_progress_box_polls_while_the_job_runs_and_reloads_the_page_when_it_is_done(world: World):
    people = cast(world)
    destruction_list = proposed_list(months=4)
    destruction_list.status = ListStatus.DESTROYING
    destruction_list.items_done = 1
    destruction_list.save()
    http = verified_client(people.officer)
    url = reverse("privacy:destruction_progress", kwargs={"pk": destruction_list.pk})
    box = _page(http.get(url, headers={"HX-Request": "true"}))
    assert f'hx-get="{url}"' in box and 'hx-trigger="every 2s"' in box
    assert "Vernietigd: 1 van 4 onderdelen" in box and 'max="4" value="1"' in box

    destruction_list.status = ListStatus.DESTROYED
    destruction_list.items_done = 4
    destruction_list.save()
    done = http.get(url, headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_failures_are_shown_and_can_be_tried_again(world: World, django_capture_on_commit_callbacks):
    people = cast(world)
    destruction_list = proposed_list(months=3)
    failed = destruction_list.items.first()
    DestructionItem.objects.filter(pk=failed.pk).update(
        status=ItemStatus.FAILED, attempts=3, last_error="OperationalError: lock timeout"
    )
    DestructionItem.objects.exclude(pk=failed.pk).filter(destruction_list=destruction_list).update(
        status=ItemStatus.DESTROYED, reference=""
    )
    destruction_list.status = ListStatus.DESTROYED_WITH_ERRORS
    destruction_list.items_done = 3
    destruction_list.save()
    http = verified_client(people.officer)
    page = _page(http.get(_list_url(destruction_list)))
    assert "1 onderdeel kon na herhaalde pogingen niet worden vernietigd." in page
    assert "OperationalError: lock timeout" in page and failed.reference in page
    assert "Opnieuw proberen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(reverse("privacy:destruction_retry", kwargs={"pk": destruction_list.pk}))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == ItemStatus.DESTROYED
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.DESTROYED


# --- holds, rules, early deletion --------------------------------------------------------------------------


def test_a_hold_is_placed_by_case_number_listed_and_lifted_with_a_reason(world: World):
    people = cast(world)
    http = verified_client(people.officer)
    url = reverse("privacy:retention_holds")
    typed = {
        "subject": "case",
        "reference": "ZZ-0000-0000",
        "reason": "klacht",
        "explanation": "Klacht 2026-14",
    }
    refused = _page(http.post(url, typed))
    assert "Er is geen casus met dit casusnummer." in refused and "Klacht 2026-14" in refused

    assert http.post(url, {**typed, "reference": world.case.reference}).status_code == 302
    hold = RetentionHold.objects.get()
    assert (hold.kind, hold.client_id, hold.placed_by) == (
        HoldKind.HOLD,
        world.case.client_id,
        people.officer,
    )
    mark = access_log_mark()
    listed = _page(http.get(url))
    assert world.case.reference in listed and "Klacht 2026-14" in listed
    assert AccessLog.objects.filter(pk__gt=mark, client_id=world.case.client_id).exists()

    lift_url = reverse("privacy:retention_hold_lift", kwargs={"pk": hold.pk})
    empty = _page(http.post(lift_url, {"revision": hold.revision, "lift_reason": ""}))
    assert "Controleer uw invoer." in empty
    lifted = _page(
        http.post(lift_url, {"revision": hold.revision, "lift_reason": "Klacht afgehandeld"}, follow=True)
    )
    assert f"De bewaarplicht op {world.case.reference} is opgeheven." in lifted
    hold.refresh_from_db()
    assert hold.lifted_by == people.officer and hold.lift_reason == "Klacht afgehandeld"
    assert world.case.reference not in _page(http.get(url))  # no longer among the active holds
    assert "Klacht afgehandeld" in _page(http.get(url, {"alle": "1"}))


def test_lifting_a_hold_someone_else_changed_is_refused(world: World):
    people = cast(world)
    http = verified_client(people.officer)
    http.post(
        reverse("privacy:retention_holds"),
        {
            "subject": "case",
            "reference": world.case.reference,
            "reason": "procedure",
            "explanation": "Zaak 12",
        },
    )
    hold = RetentionHold.objects.get()
    RetentionHold.objects.filter(pk=hold.pk).update(revision=hold.revision + 1)
    page = _page(
        http.post(
            reverse("privacy:retention_hold_lift", kwargs={"pk": hold.pk}),
            {"revision": hold.revision, "lift_reason": "Zaak geseponeerd"},
        )
    )
    assert "Iemand anders heeft deze bewaarplicht intussen gewijzigd." in html.unescape(page)
    assert "Zaak geseponeerd" in page
    hold.refresh_from_db()
    assert hold.lifted_at is None


def test_the_rules_are_read_only_for_the_privacy_officer(world: World):
    people = cast(world)
    page = html.unescape(_page(verified_client(people.officer).get(reverse("privacy:retention_rules"))))
    assert "Casusdossier (cliënt met al zijn casussen)" in page
    assert "Model privacyconvenant art. 9.1" in page
    assert "De functioneel beheerder wijzigt ze in beheer" in page
    assert "<form" not in page.split('id="main"')[1]


def test_early_deletion_makes_a_list_of_its_own(world: World):
    people = cast(world)
    http = verified_client(people.officer)
    url = reverse("privacy:destruction_request")
    typed = {
        "subject": "case",
        "reference": world.case.reference,
        "reason": "Verzoek tot verwijdering toegekend",
    }
    in_use = _page(http.post(url, typed))
    assert "Controleer uw invoer." in in_use and "Verzoek tot verwijdering toegekend" in in_use

    close_long_ago(world.case, years=0)
    response = http.post(url, typed)
    assert response.status_code == 302
    destruction_list = DestructionList.objects.get(origin=ListOrigin.ON_REQUEST)
    assert response["Location"] == _list_url(destruction_list)
    item = destruction_list.items.get()
    assert (item.kind, item.client_id) == ("case_dossier", world.case.client_id)
    page = _page(http.get(response["Location"]))
    assert "Verzoek tot verwijdering toegekend" in page and "Lijst vaststellen" in page


@pytest.mark.parametrize("items", [3, 60])
def test_the_list_page_query_count_does_not_grow_with_its_items(
    world: World, items: int, django_assert_num_queries
):
    people = cast(world)
    destruction_list = proposed_list(world, months=items)
    http = verified_client(people.officer)
    http.get(_list_url(destruction_list))  # sessions and caches warm
    with django_assert_num_queries(QUERIES_LIST_PAGE):
        _page(http.get(_list_url(destruction_list)))


# Session, user, TOTP device; the list; the items' count and page; the user's organisation and the access-log
# rows; the summary; whether a second review is needed; the unread count of the menu; the session's save.
QUERIES_LIST_PAGE = 14
