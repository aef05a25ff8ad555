"""One home per concept, checked by reading the code (as tests/test_layers.py reads imports).

* The Norwegian word for a value of the domain (a category, a role, a round state, a batch
  status …) is defined in ``model/labels.py``; what only the pages say in ``dashboard/labels.py``.
* A decimal comma is made by ``model/fmt.py`` only (a number written by hand elsewhere drifts:
  «25.0» on one page, «25,0» on another).
* Periods and rounds are read, stepped and worded by ``model/periods.py`` only.
* Colours are named in ``model/palette.py`` (the primary colour, shared with the importers'
  workbooks) and ``dashboard/theme.py`` (the rest); the meeting mode's static style sheet
  takes the primary colour from the theme's CSS variable.
* The column headings of the upload sheets are listed in the importers' schemas only.
* The shape beside each status colour (● Grønn, ▲ Gul, ■ Rød) is defined in ``model/labels.py``.

A failure names the file and line of the second home.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from model import labels, vocab
from tests.helpers import ROOT

PACKAGES = ("model", "sample_data", "importers", "dashboard", "cli")
LABEL_HOMES = {"model/labels.py", "dashboard/labels.py"}
#: argparse's own message ids with their Norwegian text: a translation catalogue of the library's
#: messages for the command line, not words for values of the domain.
CATALOGUES = {("cli/main.py", "ARGPARSE_NB")}
_LABEL_NAME = re.compile(r"(_NB|LABELS?|_LABELS_NB)$")


def _files() -> Iterator[tuple[str, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in rel:
                yield rel, ast.parse(Path(path).read_text(encoding="utf-8"))


def _module_level_names(tree: ast.Module) -> Iterator[tuple[str, ast.AST, int]]:
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    yield target.id, stmt.value, stmt.lineno
        elif (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.value is not None
        ):
            yield stmt.target.id, stmt.value, stmt.lineno


def _is_table(value: ast.AST) -> bool:
    return isinstance(value, ast.Dict | ast.DictComp) or (
        isinstance(value, ast.BinOp) and isinstance(value.left, ast.Dict | ast.DictComp)
    )


def test_label_tables_have_two_homes_only():
    second_homes = [
        f"{rel}:{line} {name}"
        for rel, tree in _files()
        if rel not in LABEL_HOMES
        for name, value, line in _module_level_names(tree)
        if _LABEL_NAME.search(name) and _is_table(value) and (rel, name) not in CATALOGUES
    ]
    assert second_homes == [], (
        "label tables outside model/labels.py and dashboard/labels.py: " + ", ".join(second_homes)
    )


def test_the_words_of_the_domain_are_written_once():
    """A multi-word label («God fremgang», «Lastet inn») is not typed again as a whole text
    anywhere else (the vocabulary's own values, such as «Under arbeid», aside)."""
    vocabulary = {
        v
        for value in vars(vocab).values()
        if isinstance(value, tuple)
        for v in value
        if isinstance(v, str)
    }
    words = {
        word: name
        for name, table in vars(labels).items()
        if name.endswith("_NB") and isinstance(table, dict)
        for word in table.values()
        if " " in word and word not in vocabulary
    }
    assert len(words) > 20  # the check has something to look for
    again = [
        f"{rel}:{node.lineno} «{node.value}» ({words[node.value]})"
        for rel, tree in _files()
        if rel != "model/labels.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in words
    ]
    assert again == [], "written again instead of taken from model/labels.py: " + ", ".join(again)


def _calls(tree: ast.Module, method: str) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == method
        ):
            yield node


def test_only_model_fmt_makes_a_decimal_comma():
    """``.replace(".", ",")`` outside model/fmt.py (sample_data types numbers the way a person
    fills in a workbook, on purpose, and is left out)."""
    by_hand = [
        f"{rel}:{call.lineno}"
        for rel, tree in _files()
        if rel != "model/fmt.py" and not rel.startswith("sample_data/")
        for call in _calls(tree, "replace")
        if [ast.unparse(a) for a in call.args] == ["'.'", "','"]
    ]
    assert by_hand == [], "numbers formatted by hand instead of by model.fmt: " + ", ".join(by_hand)


def test_only_model_periods_reads_the_form_of_a_period():
    """No second parser of ``2025-K3``: no ``"-K"`` split or search and no quarter pattern
    (``K[1-4]``) outside model/periods.py."""
    readers = [
        f"{rel}:{node.lineno} {node.value!r}"
        for rel, tree in _files()
        if rel != "model/periods.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and (node.value == "-K" or "K[1-4]" in node.value or "[kK]" in node.value)
    ]
    assert readers == [], "periods read outside model/periods.py: " + ", ".join(readers)


_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b")
COLOUR_HOMES = {"model/palette.py", "dashboard/theme.py"}


def test_colours_are_named_in_the_palette_and_the_theme_only():
    loose = [
        f"{rel}:{node.lineno} {colour}"
        for rel, tree in _files()
        if rel not in COLOUR_HOMES
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        for colour in _HEX_COLOUR.findall(node.value)
    ]
    assert loose == [], "colours outside model/palette.py and dashboard/theme.py: " + ", ".join(
        loose
    )


def _upload_schemas() -> dict[str, set[str]]:
    from importers import cases, indicators, portfolio
    from importers.sheets import headers

    schemas = {
        "portfolio.SCHEMA": portfolio.SCHEMA,
        "portfolio.MILESTONE_SCHEMA": portfolio.MILESTONE_SCHEMA,
        "indicators.INDICATOR_SCHEMA": indicators.INDICATOR_SCHEMA,
        "indicators.VALUE_SCHEMA": indicators.VALUE_SCHEMA,
        "cases.MEETING_SCHEMA": cases.MEETING_SCHEMA,
        "cases.CASE_SCHEMA": cases.CASE_SCHEMA,
    }
    return {name: set(headers(schema)) for name, schema in schemas.items()}


def test_the_upload_sheets_headings_are_listed_only_in_the_importers_schemas():
    """A sheet's column headings are listed once, in its importer's schema; the templates, the
    prefilled workbooks and the sample generator take them from there (``importers.sheets.
    headers``). A second list of most of one sheet's headings is a second home (a table on a
    slide that shows a few of the same words is not: it is the page's wording)."""
    schemas = _upload_schemas()
    found = []
    for rel, tree in _files():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Tuple | ast.List | ast.Set):
                continue
            strings = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            for name, names in schemas.items():
                if len(strings & names) >= max(4, len(names) * 2 / 3):
                    found.append(f"{rel}:{node.lineno} lists headings of {name}")
    assert not found, "\n".join(found)


def test_the_shape_of_each_status_colour_is_defined_once():
    """● Grønn, ▲ Gul, ■ Rød: the shape beside a status colour (never colour alone) comes from
    ``model.labels.STATUS_ICONS``; a dict, tuple or call that pairs a status word with its
    shape anywhere else is a second home (the roadmap once had two copies of that wording)."""
    shapes = set(labels.STATUS_ICONS.values())
    found = []
    for rel, tree in _files():
        if rel == "model/labels.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                parts = [*node.keys, *node.values]
            elif isinstance(node, ast.Tuple | ast.List | ast.Call):
                parts = [*(node.args if isinstance(node, ast.Call) else node.elts)]
            else:
                continue
            strings = {p.value for p in parts if isinstance(p, ast.Constant)}
            if strings & set(labels.STATUS_ICONS) and strings & shapes:
                found.append(f"{rel}:{node.lineno} pairs a status with its shape")
    assert not found, "\n".join(found)
