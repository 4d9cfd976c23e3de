"""The destruction record (verklaring van vernietiging) as a page and a PDF: what kinds of records, how
many, under which rule and legal ground, reviewed and approved by whom and when, started and finished — and
no name, BSN, case number or free text of anyone whose data was on the list."""

from __future__ import annotations

import datetime
import html
import io

from django.urls import reverse
from pypdf import PdfReader

from privacy.models import Decision, DestructionItem, ListStatus
from privacy.services.destruction import destruction_run
from privacy.services.retention import (
    destruction_item_decide,
    destruction_list_approve,
    destruction_list_second_review,
)
from tests.privacy.retention.pages_world import cast, close_long_ago, dossier_item, proposed_list
from tests.world import World, verified_client

NEXT_YEAR = datetime.date.today() + datetime.timedelta(days=365)
REASON = "Onderzoek naar recidive bij Sanne, vervolg in 2027"


def _destroyed_list(world: World):
    people = cast(world)
    close_long_ago(world.case, world.other_case)
    destruction_list = proposed_list(world, months=2)
    kept = dossier_item(destruction_list, world.other_case)
    destruction_item_decide(
        item=kept,
        decision=Decision.EXTEND,
        revision=kept.revision,
        by=people.officer,
        reason=REASON,
        extend_until=NEXT_YEAR,
    )
    destruction_list.refresh_from_db()
    destruction_list = destruction_list_approve(
        destruction_list=destruction_list, revision=destruction_list.revision, by=people.officer
    )
    destruction_list = destruction_list_second_review(
        destruction_list=destruction_list, revision=destruction_list.revision, by=people.second
    )
    assert destruction_run(destruction_list_id=destruction_list.pk).finished
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.DESTROYED
    return destruction_list


def _secrets(world: World) -> list[str]:
    client = world.case.client
    other = world.other_case.client
    return [
        client.achternaam,
        client.voornamen,
        client.bsn,
        world.case.reference,
        other.achternaam,
        other.bsn,
        world.other_case.reference,
        "recidive",
    ]


def test_the_record_page_names_rules_counts_and_reviewers_but_nobody_on_the_list(world: World):
    people = cast(world)
    secrets = _secrets(world)  # read before the destruction
    destruction_list = _destroyed_list(world)
    page = html.unescape(
        verified_client(people.officer)
        .get(reverse("privacy:destruction_record", kwargs={"pk": destruction_list.pk}))
        .content.decode()
    )
    body = page.split('id="main"')[1]
    assert "Verklaring van vernietiging" in body and destruction_list.number in body
    assert "Casusdossier (cliënt met al zijn casussen)" in body
    assert "Model privacyconvenant art. 9.1; AVG art. 5 lid 1 onder e" in body
    assert (
        "4 op de lijst: 3 vernietigd, 1 langer bewaard, 0 uitgezonderd" not in body
    )  # per rule, not in total
    assert "2 op de lijst: 1 vernietigd, 1 langer bewaard, 0 uitgezonderd" in body  # the dossiers
    assert "Monique Haverkamp" in body and "Frank Geerts" in body  # who reviewed: staff, not clients
    assert "Cliënten" in body or "cliënten" in body  # the kinds of records destroyed, by name
    for secret in secrets:
        assert secret not in body, secret


def test_the_record_pdf_holds_counts_and_rules_and_no_personal_data(world: World):
    people = cast(world)
    secrets = _secrets(world)
    destruction_list = _destroyed_list(world)
    response = verified_client(people.officer).get(
        reverse("privacy:destruction_record_pdf", kwargs={"pk": destruction_list.pk})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert destruction_list.number in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Verklaring van vernietiging" in text and destruction_list.number in text
    assert "Casusdossier (cliënt met al zijn casussen)" in text
    assert "Model privacyconvenant art. 9.1" in text
    assert "2 op de lijst: 1 vernietigd, 1 langer bewaard" in text
    assert "Monique Haverkamp" in text and "Frank Geerts" in text
    for secret in secrets:
        assert secret not in text, secret
    assert reader.metadata is not None and "Verklaring van vernietiging" in (reader.metadata.title or "")


def test_there_is_no_record_before_the_job_has_finished(world: World):
    people = cast(world)
    destruction_list = proposed_list(world)
    http = verified_client(people.officer)
    for name in ("privacy:destruction_record", "privacy:destruction_record_pdf"):
        assert http.get(reverse(name, kwargs={"pk": destruction_list.pk})).status_code == 404
    assert DestructionItem.objects.filter(destruction_list=destruction_list).exists()
