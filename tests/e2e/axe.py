"""Run axe-core (bundled by axe-playwright-python) in a Playwright page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


def run_axe(page) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations on the page as axe reports them."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_source()))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:4]:
            lines.append(
                f"    {node['target']}  {node.get('failureSummary', '').splitlines()[-1] if node.get('failureSummary') else ''}"
            )
            lines.append(f"    {node['html'][:160]}")
    return "\n".join(lines)
