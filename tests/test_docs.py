"""The user documentation (README.md and docs/) says what the program does.

* Every relative link resolves in a fresh clone (files tracked by git, headings for anchors), and
  nothing points outside the repository (no ``../shared``).
* The examples run: each ```` ```sh ```` block is run line by line with the real ``ehelse`` against
  the sample data, in a folder with the sample workbooks (``# avslutningskode N`` after a command
  is its expected exit code); each ```` ```json ehelse … --json ```` block has the shape of what
  that command prints. Blocks marked ``illustrasjon`` are not run.
* The tables match the code: the workbook columns (the templates and the importers' schemas),
  the error codes, the commands and their options, and the settings.

A feature described with «kommer» is not built yet: an option or JSON key named in such a
sentence may be missing from the program (and, once built, is still documented).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT

DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [ROOT / "README.md", *DOCS]


def _tracked() -> set[str]:
    """What a fresh clone has: the files git tracks, and their folders."""
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    files = {f for f in out.split("\0") if f}
    folders = {str(Path(f).parent) for f in files}
    while True:
        parents = {str(Path(f).parent) for f in folders} - folders
        if not parents:
            break
        folders |= parents
    return files | folders


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = _without_code(path.read_text(encoding="utf-8"))
    return {slug(m[1]) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*$", text, re.MULTILINE)}


def _without_code(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)


LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def links(path: Path) -> list[str]:
    text = re.sub(r"`[^`\n]*`", "", _without_code(path.read_text(encoding="utf-8")))
    return [m[1] for m in LINK.finditer(text)]


@pytest.mark.parametrize("doc", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves_in_a_fresh_clone(doc):
    tracked = _tracked()
    assert doc.relative_to(ROOT).as_posix() in tracked, f"{doc} er ikke lagt til i git"
    problems = []
    for target in links(doc):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: …
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (doc.parent / file_part).resolve() if file_part else doc
        try:
            relative = resolved.relative_to(ROOT).as_posix()
        except ValueError:
            problems.append(f"{target}: peker ut av repositoriet")
            continue
        if relative not in tracked:
            problems.append(f"{target}: {relative} finnes ikke i en fersk klone")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            problems.append(f"{target}: ingen overskrift gir #{anchor}")
    assert not problems, f"{doc.name}:\n" + "\n".join(problems)


def test_the_documentation_never_points_outside_the_repository():
    for doc in PAGES:
        assert "../shared" not in doc.read_text(encoding="utf-8"), doc


def test_docs_has_an_index_linking_every_page():
    index = ROOT / "docs" / "README.md"
    linked = {Path(t.partition("#")[0]).name for t in links(index)}
    assert {d.name for d in DOCS} - {"README.md"} <= linked
    assert "docs/README.md" in links(ROOT / "README.md")


# -- the examples --------------------------------------------------------------------------


@dataclass
class Block:
    info: str
    body: str
    line: int

    @property
    def words(self) -> list[str]:
        return self.info.split()


def blocks(path: Path) -> list[Block]:
    found = []
    text = path.read_text(encoding="utf-8")
    for m in re.finditer(r"^```([^\n]*)\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
        found.append(Block(m[1].strip(), m[2], text[: m.start()].count("\n") + 1))
    return found


def kommer_words(path: Path) -> set[str]:
    """Names in backticks in a sentence that says «kommer» (not built yet)."""
    text = path.read_text(encoding="utf-8")
    words: set[str] = set()
    for sentence in re.split(r"(?<=[.;])\s+|\n\s*[*|-]", text):
        if "«kommer»" in sentence:
            for code in re.findall(r"`([^`]+)`", sentence):
                words.update(re.findall(r"-{0,2}\w+(?:-\w+)*", code))
    return words


def run_ehelse(line: str) -> tuple[int, str, str]:
    """One documented command, run by the real program in this process."""
    from cli.main import main

    argv = shlex.split(line, comments=True)
    assert argv and argv[0] == "ehelse", f"et kjørbart eksempel må være en ehelse-kommando: {line}"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv[1:])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def expected_code(line: str) -> int:
    m = re.search(r"#\s*avslutningskode\s+(\d+)", line)
    return int(m[1]) if m else 0


def shape(value):
    """The structure of a JSON value: keys of objects, the shape of a list's first element."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return None


def shape_problems(documented, real, allowed_missing: set[str], where: str = "") -> list[str]:
    if isinstance(documented, dict) and isinstance(real, dict):
        problems = [
            f"{where}.{k}: står i dokumentasjonen, men ikke i utskriften"
            for k in documented.keys() - real.keys()
        ]
        problems += [
            f"{where}.{k}: skrives ut, men er ikke dokumentert"
            for k in real.keys() - documented.keys()
            if k not in allowed_missing
        ]
        for key in documented.keys() & real.keys():
            problems += shape_problems(
                documented[key], real[key], allowed_missing, f"{where}.{key}"
            )
        return problems
    if isinstance(documented, list) and isinstance(real, list):
        if documented and real:
            return shape_problems(documented[0], real[0], allowed_missing, f"{where}[0]")
        return []
    if (documented is None) != (real is None) and not (documented == [] or real == []):
        return [f"{where}: {documented!r} i dokumentasjonen, {real!r} i utskriften"]
    return []


def _workdir(tmp_path: Path) -> Path:
    """The folder the examples run in: the sample workbooks, «feil.xlsx», a portfolio
    workbook with «Oransje» in Samlet status (the refused file of the import example), and
    «forslag.txt» (an edited forslag til vedtak)."""
    from tests.importers.builders import measure, portfolio_workbook

    work = tmp_path / "eksempler"
    work.mkdir()
    for workbook in (ROOT / "sample_data" / "workbooks").glob("*.xlsx"):
        shutil.copy(workbook, work / workbook.name)
    portfolio_workbook(work / "feil.xlsx", "2025-K3", [measure("T-0001", "PLL", "Oransje")])
    (work / "forslag.txt").write_text(
        "NUIT tar statusrapporten til orientering.\n", encoding="utf-8"
    )  # the edited proposal of the export example
    return work


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_the_examples_run_and_print_what_is_documented(
    doc, monkeypatch, tmp_path, db_factory, sample_template
):
    runnable = [b for b in blocks(doc) if b.words[:1] in (["sh"], ["json"])]
    runnable = [b for b in runnable if "illustrasjon" not in b.words]
    if not runnable:
        return  # a page without examples to run
    monkeypatch.setenv("EHELSE_DB_URL", db_factory.clone(sample_template, "docs"))
    from model.settings import get_settings

    get_settings.cache_clear()
    monkeypatch.chdir(_workdir(tmp_path))
    allowed = kommer_words(doc)
    problems: list[str] = []
    for block in runnable:
        if block.words[0] == "sh":
            for line in block.body.splitlines():
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                code, out, err = run_ehelse(line)
                if code != expected_code(line):
                    problems.append(
                        f"linje {block.line}: «{line.strip()}» ga avslutningskode {code}, "
                        f"ikke {expected_code(line)}: {(err or out)[-500:]}"
                    )
        else:
            command = " ".join(block.words[1:])
            _code, out, err = run_ehelse(command)
            try:
                real = json.loads(out)
            except json.JSONDecodeError:
                problems.append(f"linje {block.line}: «{command}» skrev ikke JSON: {err[-300:]}")
                continue
            documented = json.loads(block.body)
            problems += [
                f"linje {block.line} ({command}): {p}"
                for p in shape_problems(shape(documented), shape(real), allowed)
            ]
    assert not problems, f"{doc.name}:\n" + "\n".join(problems)


def test_serve_prints_what_the_operations_page_shows():
    from dashboard.serve import database_lines

    text = next(b.body for b in blocks(ROOT / "docs" / "drift.md") if b.words[:1] == ["text"])
    lines = text.splitlines()
    shown = lines[0].removeprefix("Databasen: ")
    assert lines[:2] == database_lines(shown, default=True)


# -- the tables ----------------------------------------------------------------------------


def table_after(path: Path, heading: str) -> list[list[str]]:
    """The rows (cells, without Markdown emphasis) of the first table after ``heading``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(heading)
    rows = []
    for line in text[start:].splitlines()[1:]:
        if line.startswith("|"):
            inner = line.strip().removeprefix("|").removesuffix("|")
            cells = [re.sub(r"[*`]", "", c).strip() for c in re.split(r"(?<!\\)\|", inner)]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif rows:
            break
    return rows[1:]  # without the header row


def _template_headers(kind: str, sheet: str, tmp_path: Path) -> list[str]:
    from openpyxl import load_workbook

    from importers.templates import write_template

    path = write_template(kind, tmp_path / f"{kind}.xlsx")
    rows = load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True)
    return [c for c in next(rows) if c]


@pytest.mark.parametrize(
    ("kind", "sheet", "schema"),
    [
        ("portfolio", "Tiltak", "importers.portfolio:SCHEMA"),
        ("portfolio", "Milepæler", "importers.portfolio:MILESTONE_SCHEMA"),
        ("indicators", "Mål", "importers.indicators:GOAL_SCHEMA"),
        ("indicators", "Indikatorer", "importers.indicators:INDICATOR_SCHEMA"),
        ("indicators", "Verdier", "importers.indicators:VALUE_SCHEMA"),
        ("cases", "Møter", "importers.cases:MEETING_SCHEMA"),
        ("cases", "Saker", "importers.cases:CASE_SCHEMA"),
    ],
)
def test_the_workbook_columns_are_the_templates_and_the_importers(kind, sheet, schema, tmp_path):
    import importlib

    module, name = schema.split(":")
    columns = getattr(importlib.import_module(module), name)
    documented = table_after(ROOT / "docs" / "arbeidsboker.md", f"### Arket «{sheet}»")
    names = [row[0] for row in documented]
    assert names == [c.header for c in columns]
    assert names == _template_headers(kind, sheet, tmp_path)
    for row, column in zip(documented, columns, strict=True):
        must = column.required and column.value_required
        assert row[1].startswith("ja") == (must or column.required), row


def test_the_report_keys_and_error_codes_are_the_importers():
    from importers.errors import CODES
    from importers.portfolio import INFO_KEYS

    page = ROOT / "docs" / "arbeidsboker.md"
    keys = [row[0].casefold() for row in table_after(page, "### Arket «Om rapporten»")]
    assert keys == list(INFO_KEYS)
    assert [row[0] for row in table_after(page, "## Feilkodene")] == list(CODES)


def _parser_options() -> dict[str, list[set[str]]]:
    """Every command (``role grant`` …) and its options (each as its set of spellings), as the
    program parses them."""
    from cli.main import build_parser

    options: dict[str, list[set[str]]] = {}

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if prefix and not subs:
            options[prefix] = [set(a.option_strings) for a in parser._actions if a.option_strings]
            options[prefix] = [o for o in options[prefix] if "--help" not in o]
        for sub in subs:
            for name, child in sub.choices.items():
                walk(child, f"{prefix} {name}".strip())

    walk(build_parser(), "")
    return options


def test_every_command_and_option_is_documented_and_exists():
    page = ROOT / "docs" / "kommandolinjen.md"
    text = page.read_text(encoding="utf-8")
    documented: dict[str, set[str]] = {}
    for cell, _does in table_after(page, "## Kommandoene"):
        for usage in re.findall(r"ehelse [^,]+", cell.replace("\\|", "|")):
            words = usage.split()[1:]
            command = words[0] + (f" {words[1]}" if words[0] in ("role", "round") else "")
            documented.setdefault(command, set()).update(
                re.findall(r"(?<![\w-])--?[a-z][a-z-]*", usage)
            )
    real = _parser_options()
    assert documented.keys() == real.keys()
    upcoming = kommer_words(page)
    for command, options in real.items():
        spellings = set().union(*options) if options else set()
        missing = [o for o in options if not o & (documented[command] | upcoming)]
        assert not missing, f"ehelse {command}: udokumentert {missing}"
        assert documented[command] <= spellings, (command, documented[command] - spellings)
        name = command.split()[0]
        assert re.search(rf"^### .*ehelse {name}\b", text, re.MULTILINE), f"ingen del om {name}"


def test_every_setting_is_documented():
    from model.settings import Settings

    page = (ROOT / "docs" / "drift.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`EHELSE_{name.upper()}`" in page, name
