"""The case team page: a process manager finds a person by name and adds them, and removes members; a
read-only member cannot edit."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from caseplan.access import cases_visible_to
from notifications.models import Notification
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login, snap
from tests.factories import OrganisationFactory, UserFactory
from tests.world import World


def test_process_manager_adds_and_removes_team_members(page: Page, world: World) -> None:
    newcomer = UserFactory(
        email="hulpverlener@ggz.test",
        first_name="Gerda",
        last_name="de Vries",
        organisation=OrganisationFactory(ggz=True, name="GGZ Twente-test"),
    )
    login(page, world.owner)
    page.goto(f"/casussen/{world.case.pk}/team/")
    team = page.get_by_role("region", name="Casusteam")

    add = page.get_by_role("region", name="Teamlid toevoegen")
    add.get_by_role("searchbox", name="Persoon zoeken").fill("gerda de vr")  # htmx shows them while typing
    found = add.get_by_role("radio", name="Gerda de Vries · GGZ Twente-test · Partner")
    expect(add.get_by_role("radio")).to_have_count(1)
    assert_no_axe_violations(page)
    snap(page, "19-team-zoeken")
    found.check()
    add.get_by_label("Rol in de casus").select_option(label="Casemanager")
    add.get_by_label("Rechten", exact=True).select_option(label="Inzien en bewerken")
    add.get_by_role("button", name="Toevoegen").click()

    expect(page.get_by_role("status")).to_contain_text("Gerda de Vries is toegevoegd aan het casusteam.")
    expect(team.get_by_role("row").filter(has_text="Gerda de Vries")).to_contain_text("Casemanager")
    assert cases_visible_to(newcomer).filter(pk=world.case.pk).exists()
    told = Notification.objects.get(recipient=newcomer)
    assert told.title == f"U bent toegevoegd aan het casusteam van casus {world.case.reference}"
    assert_no_axe_violations(page)
    snap(page, "20-team-toegevoegd")

    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    team.get_by_role("button", name="Ahmed Yilmaz verwijderen").click()
    expect(page.get_by_role("status")).to_contain_text("Ahmed Yilmaz is uit het casusteam verwijderd.")
    expect(team.get_by_role("row").filter(has_text="Ahmed Yilmaz")).to_have_count(0)
    expect(page.get_by_role("region", name="Eerdere teamleden")).to_contain_text("Ahmed Yilmaz")
    assert not cases_visible_to(world.reader).filter(pk=world.case.pk).exists()
    assert questions == [
        "Ahmed Yilmaz uit het casusteam verwijderen? Het teamlid ziet de casus daarna niet meer."
    ]
    assert_no_axe_violations(page)
    snap(page, "21-team-verwijderd")


def test_read_only_member_sees_no_edit_buttons_and_outsider_sees_nothing(
    page: Page, new_page: Callable[[], Page], world: World
) -> None:
    case = world.case
    login(page, world.reader)

    page.goto(f"/casussen/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pieter Jansen")
    expect(page.get_by_role("link", name="Bewerken")).to_have_count(0)
    expect(page.get_by_text("alleen inzien", exact=True)).to_be_visible()

    page.goto(f"/casussen/{case.pk}/client/")
    expect(page.get_by_role("heading", name="Gegevens cliënt")).to_be_visible()
    expect(page.get_by_role("link", name="Bewerken")).to_have_count(0)

    page.goto(f"/casussen/{case.pk}/team/")
    expect(page.get_by_role("row").filter(has_text="Petra Mulder")).to_be_visible()
    expect(page.get_by_role("button", name="Verwijderen")).to_have_count(0)
    expect(page.get_by_role("heading", name="Teamlid toevoegen")).to_have_count(0)
    expect(page.locator("form[method=post]").filter(has=page.get_by_role("textbox"))).to_have_count(0)
    assert_no_axe_violations(page)
    snap(page, "22-team-alleen-inzien")

    response = page.goto(f"/casussen/{case.pk}/client/bewerken/")
    assert response is not None
    assert response.status == 403

    # Someone outside the team: the case does not exist for them, and it is not in their list.
    outsider = new_page()
    login(outsider, world.outsider)
    expect(outsider.locator("#case-results")).to_contain_text("U zit nog in geen enkel casusteam")
    response = outsider.goto(f"/casussen/{case.pk}/")
    assert response is not None
    assert response.status == 404
    expect(outsider.get_by_text("Pieter Jansen")).to_have_count(0)
