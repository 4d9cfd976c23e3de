"""Run axe-core (vendored as axe.min.js) in a Playwright page and report WCAG 2.1 A/AA violations.

The pages send ``Content-Security-Policy: script-src 'self'``, which blocks an inline <script> tag;
``page.evaluate`` runs through the DevTools protocol and is not subject to the page's CSP, so the
pages are tested with their real policy in force. axe's preload is off: it copies the page's stylesheets
into inline <style> elements, which that policy refuses, and the refusal would be blamed on the page (only
the css-orientation-lock rule needs it).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE_PATH = Path(__file__).resolve().with_name("axe.min.js")
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
NODES_SHOWN = 3

_RUN = """
async ([tags, disabledRules]) => {
  const rules = Object.fromEntries(disabledRules.map((id) => [id, { enabled: false }]));
  const results = await window.axe.run(document, {
    preload: false,
    runOnly: { type: "tag", values: tags },
    rules,
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target,
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}
"""


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def inject_axe(page: Page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())


def axe_violations(
    page: Page, *, tags: tuple[str, ...] = WCAG_TAGS, disable: tuple[str, ...] = ()
) -> list[dict]:
    """The axe-core violations on the page as it is now, for the given rule tags."""
    inject_axe(page)
    return page.evaluate(_RUN, [list(tags), list(disable)])


def format_violations(violations: list[dict], *, url: str = "") -> str:
    lines = [f"{len(violations)} axe-core violation(s){f' on {url}' if url else ''}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation['impact']}]: {violation['help']} "
            f"({len(violation['nodes'])} element(s); {violation['helpUrl']})"
        )
        for node in violation["nodes"][:NODES_SHOWN]:
            target = " ".join(
                json.dumps(part) if not isinstance(part, str) else part for part in node["target"]
            )
            lines.append(f"    {target}")
            lines.append(f"      {node['html'][:160]}")
            if node.get("summary"):
                summary = " ".join(node["summary"].split())
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > NODES_SHOWN:
            lines.append(f"    … and {len(violation['nodes']) - NODES_SHOWN} more")
    return "\n".join(lines)


def assert_no_axe_violations(
    page: Page, *, tags: tuple[str, ...] = WCAG_TAGS, disable: tuple[str, ...] = ()
) -> None:
    violations = axe_violations(page, tags=tags, disable=disable)
    assert not violations, format_violations(violations, url=page.url)
