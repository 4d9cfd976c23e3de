"""Nothing irreversible without a confirmation: deleting a goal asks first, and after adding a goal the
domain stays open for the next one."""

from __future__ import annotations

from playwright.sync_api import Dialog, Page, expect

from caseplan.models import Goal, PlanTemplate
from caseplan.services.plans import goal_save, plan_create
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login
from tests.world import World


def test_a_goal_is_deleted_only_after_the_question_and_adding_keeps_the_domain_open(
    page: Page, world: World
) -> None:
    version = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    domain = version.domains.get(number=2)
    goal_save(domain=domain, by=world.owner, kind="einddoel", text="Vrijwilligerswerk")
    login(page, world.owner)
    page.goto(f"/casussen/{world.case.pk}/plan/v{version.pk}/")
    section = page.locator("#domain-2")

    questions: list[str] = []

    def answer(dialog: Dialog, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    section.get_by_role("button", name="Doel Vrijwilligerswerk verwijderen").click()
    expect(section.locator("tbody")).to_contain_text("Vrijwilligerswerk")
    assert questions == ["Doel “Vrijwilligerswerk” verwijderen?"]
    assert Goal.objects.filter(domain=domain).count() == 1

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    section.get_by_role("button", name="Doel Vrijwilligerswerk verwijderen").click()
    expect(page.locator("#domain-2")).to_contain_text("Nog geen doelen.")
    assert not Goal.objects.filter(domain=domain).exists()

    section = page.locator("#domain-2")
    if section.locator("details.add-forms").get_attribute("open") is None:
        section.get_by_text("Doel of interventie toevoegen").click()
    section.locator("form.subform").first.get_by_label("Doel", exact=True).fill("Werken")
    section.get_by_role("button", name="Doel toevoegen").click()
    section = page.locator("#domain-2")
    expect(section.locator("tbody")).to_contain_text("Werken")
    expect(section.locator("form.subform").first.get_by_label("Doel", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
