"""Run axe-core (bundled by axe-playwright-python) in a Playwright page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


def axe_results(page) -> dict[str, Any]:
    """axe-core's WCAG 2.1 A/AA results for the page (``violations``, ``incomplete`` …)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_source()))
    return page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )


def run_axe(page) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations on the page as axe reports them."""
    return axe_results(page)["violations"]


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


#: Where axe-core leaves colour contrast undecided («needs review»: the background is
#: overlapped, e.g. Streamlit's sidebar), the contrast is computed here from the styles:
#: the text colour with the opacity of its containers, over the backgrounds behind it.
_CONTRAST_JS = """(targets) => {
  const parse = (c) => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (fg, bg) => [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3])).concat([1]);
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const out = [];
  for (const target of targets) {
    const el = document.querySelector(target);
    if (!el) continue;
    const layers = [];
    let opacity = 1, image = false, opaque = false;
    for (let e = el; e && !opaque; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage !== 'none') image = true;
      const c = parse(s.backgroundColor);
      if (c && c[3] > 0) { layers.push(c); opaque = c[3] === 1; }
      if (!opaque) opacity *= parseFloat(s.opacity);
    }
    if (image) continue;  // a picture or gradient behind the text: not decidable here either
    let bg = [255, 255, 255, 1];
    for (const layer of layers.reverse()) bg = over(layer, bg);
    const s = getComputedStyle(el), colour = parse(s.color);
    const fg = over([colour[0], colour[1], colour[2], colour[3] * opacity], bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) {
      const hex = (c) => '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
      out.push({target, ratio: Math.round(ratio * 100) / 100, needed, fg: hex(fg), bg: hex(bg),
                text: (el.innerText || '').trim().slice(0, 80)});
    }
  }
  return out;
}"""


def undecided_contrast(page, results: dict[str, Any]) -> list[dict[str, Any]]:
    """Text whose contrast axe could not decide (in ``results``), computed from the styles,
    that fails WCAG 1.4.3, as axe-style violations (id ``color-contrast``, impact ``serious``)."""
    targets = [
        n["target"][0]
        for v in results["incomplete"]
        if v["id"] == "color-contrast"
        for n in v["nodes"]
    ]
    failures = page.evaluate(_CONTRAST_JS, targets) if targets else []
    if not failures:
        return []
    return [
        {
            "id": "color-contrast",
            "impact": "serious",
            "help": "Elements must meet minimum color contrast ratio thresholds (beregnet her: "
            "axe kunne ikke avgjøre bakgrunnen)",
            "nodes": [
                {
                    "target": [f["target"]],
                    "html": f"«{f['text']}»",
                    "failureSummary": f"kontrast {f['ratio']}:1 ({f['fg']} på {f['bg']}), "
                    f"krever {f['needed']}:1",
                }
                for f in failures
            ],
        }
    ]
