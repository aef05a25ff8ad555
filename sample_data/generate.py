"""Regenerate the committed sample workbooks and check them.

    python -m sample_data.generate [OUT_DIR] [--seed N]

OUT_DIR defaults to ``sample_data/workbooks/``. After writing, :func:`check` re-opens every file
with openpyxl and verifies sheet names, header rows, IDs, vocabularies, references and the
2025-K2 → 2025-K3 figures of the real meeting paper (NUIT case 41/25), and that the councils'
cases refer to meetings, measures and indicators of the sample, then prints a summary.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from model.periods import is_period, is_quarter, period_kind
from model.vocab import (  # the one vocabulary the importers check against
    ALL_GOALS,
    DIRECTIONS,
    PHASES,
    RISKS,
    STATES,
)
from model.vocab import INDICATOR_LEVELS as LEVELS
from model.vocab import INDICATOR_STATUSES as IND_STATUSES
from model.vocab import INDICATOR_TYPES as TYPES
from model.vocab import STATUS_COLOURS as COLOURS
from sample_data import WORKBOOK_DIR, generate
from sample_data.cases import CASE_HEADERS, MEETING_HEADERS
from sample_data.indicators import GOAL_HEADERS, INDICATOR_HEADERS, VALUE_HEADERS
from sample_data.portfolio import HEADERS as PORTFOLIO_HEADERS

REGIONS = ("Helse Sør-Øst", "Helse Vest", "Helse Midt-Norge", "Helse Nord")

_ID_RE = re.compile(r"^T-\d{4}$")
_NUMBER_TEXT_RE = re.compile(r"^-?\d+(,\d+)?( %)?$")


class CheckError(AssertionError):
    """A generated workbook breaks the upload format or the expected figures."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise CheckError(message)


def _table(ws: Any) -> tuple[list[Any], list[dict[str, Any]]]:
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0]) if rows else []
    return header, [dict(zip(header, r, strict=True)) for r in rows[1:]]


def _goal_tokens(value: Any) -> list[str]:
    return [t.strip() for t in re.split(r"[,;]", str(value)) if t.strip()]


# --------------------------------------------------------------------------------------------
# Portfolio
# --------------------------------------------------------------------------------------------


def _check_portfolio(path: Path) -> tuple[str, list[dict[str, Any]]]:
    wb = load_workbook(path)
    name = path.name
    _require(
        wb.sheetnames in (["Om rapporten", "Tiltak"], ["Om rapporten", "Tiltak", "Milepæler"]),
        f"{name}: sheets {wb.sheetnames}",
    )
    info = {r[0]: r[1] for r in wb["Om rapporten"].iter_rows(values_only=True)}
    round_id = info.get("Rapporteringsrunde")
    _require(isinstance(round_id, str) and is_quarter(round_id), f"{name}: round")
    _require(name == f"portefolje_{round_id}.xlsx", f"{name}: file name and round differ")
    _require(isinstance(info.get("Rapporteringsfrist"), datetime), f"{name}: deadline not a date")
    _require(info.get("Innsendt av") == "Porteføljekontoret", f"{name}: Innsendt av")
    header, rows = _table(wb["Tiltak"])
    _require(tuple(header) == PORTFOLIO_HEADERS, f"{name}: header row {header}")
    ids = [r["Tiltak-ID"] for r in rows]
    _require(len(ids) == len(set(ids)), f"{name}: duplicate Tiltak-ID")
    present = set(ids)
    for n, r in enumerate(rows, start=2):
        where = f"{name} row {n}"
        _require(bool(_ID_RE.match(str(r["Tiltak-ID"]))), f"{where}: Tiltak-ID")
        for col in ("Tiltak", "Tiltakseier", "Satsning"):
            _require(isinstance(r[col], str) and r[col].strip() != "", f"{where}: {col}")
        _require(r["Fase"] in PHASES, f"{where}: Fase {r['Fase']!r}")
        _require(r["Tilstand"] in STATES, f"{where}: Tilstand {r['Tilstand']!r}")
        if r["Tilstand"] in ("Aktiv", "Pause"):
            _require(r["Samlet status"] in COLOURS, f"{where}: Samlet status required")
        if r["Tilstand"] in ("Ferdigstilt", "Stoppet"):
            _require(r["Fase"] == "Avsluttet", f"{where}: finished measure not Avsluttet")
        for col in ("Samlet status", "Status fremdrift", "Status kostnad", "Status gevinst"):
            _require(r[col] is None or r[col] in COLOURS, f"{where}: {col} {r[col]!r}")
        _require(r["Risiko"] is None or r["Risiko"] in RISKS, f"{where}: Risiko")
        if r["Strategiske mål"] is not None:
            for token in _goal_tokens(r["Strategiske mål"]):
                _require(token.removeprefix("S") in "12345" and len(token) <= 2, f"{where}: mål")
        finish = r["Planlagt ferdig"]
        _require(
            finish is None or isinstance(finish, datetime) or is_quarter(str(finish)),
            f"{where}: Planlagt ferdig {finish!r}",
        )
        if r["Avhengigheter"] is not None:
            for dep in str(r["Avhengigheter"]).split(","):
                _require(dep.strip() in present, f"{where}: unknown dependency {dep!r}")
                _require(dep.strip() != r["Tiltak-ID"], f"{where}: depends on itself")
    reds_active = sum(1 for r in rows if r["Tilstand"] == "Aktiv" and r["Samlet status"] == "Rød")
    _require(reds_active <= 3, f"{name}: {reds_active} red measures")
    return str(round_id), rows


def _active(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["Tilstand"] == "Aktiv"]


def _yellow_share(rows: list[dict[str, Any]]) -> float:
    active = _active(rows)
    return sum(r["Samlet status"] == "Gul" for r in active) / len(active)


def _check_rounds(rounds: dict[str, list[dict[str, Any]]]) -> None:
    order = sorted(rounds)
    _require(order[0] == "2023-K1" and order[-1] == "2025-K4" and len(order) == 12, "rounds")
    k2, k3 = rounds["2025-K2"], rounds["2025-K3"]
    _require(len(_active(k2)) == 57, f"2025-K2: {len(_active(k2))} active, expected 57")
    _require(len(_active(k3)) == 68, f"2025-K3: {len(_active(k3))} active, expected 68")
    new = {r["Tiltak-ID"] for r in k3} - {r["Tiltak-ID"] for r in k2}
    _require(len(new) == 11, f"2025-K3: {len(new)} new, expected 11")
    states = Counter(r["Tilstand"] for r in k3)
    _require(states["Ferdigstilt"] == 2, f"2025-K3: {states['Ferdigstilt']} completed")
    _require(states["Pause"] == 4, f"2025-K3: {states['Pause']} paused")
    reds = [r["Tiltak"] for r in k3 if r["Samlet status"] == "Rød"]
    _require(reds == ["Mine timeavtaler"], f"2025-K3: red {reds}")
    _require(_yellow_share(k3) > _yellow_share(k2), "2025-K3: yellow share did not go up")
    names_k3 = {r["Tiltak"] for r in k3 if r["Tiltak-ID"] in new}
    for must in (
        "Nettlegen",
        "KI for bildediagnostikk",
        "KI-løsning for tale til oppsummering",
        "Nytt nødnett",
    ):
        _require(must in names_k3, f"2025-K3: {must} is not among the new measures")
    # IDs are stable: one name per ID over all rounds, and an ID never comes back once gone
    names: dict[str, str] = {}
    gone: set[str] = set()
    previous: set[str] = set()
    for round_id in order:
        ids = {r["Tiltak-ID"] for r in rounds[round_id]}
        _require(not (ids & gone), f"{round_id}: a disappeared measure came back")
        gone |= previous - ids
        previous = ids
        for r in rounds[round_id]:
            _require(
                names.setdefault(r["Tiltak-ID"], r["Tiltak"]) == r["Tiltak"],
                f"{round_id}: {r['Tiltak-ID']} renamed",
            )
        share = _yellow_share(rounds[round_id])
        _require(0.2 <= share <= 0.36, f"{round_id}: yellow share {share:.2f}")


# --------------------------------------------------------------------------------------------
# Indicators
# --------------------------------------------------------------------------------------------


def _check_indicators(path: Path) -> tuple[str, dict[str, dict[str, Any]], list[dict[str, Any]]]:
    wb = load_workbook(path)
    name = path.name
    version = name.removeprefix("indikatorer_").removesuffix(".xlsx")
    expected = (
        ["Mål", "Indikatorer", "Verdier"] if version == "v0.7" else ["Indikatorer", "Verdier"]
    )
    _require(wb.sheetnames == expected, f"{name}: sheets {wb.sheetnames}")
    if "Mål" in wb.sheetnames:
        header, goals = _table(wb["Mål"])
        _require(tuple(header) == GOAL_HEADERS, f"{name}: Mål header {header}")
        _require([g["Kode"] for g in goals] == list(ALL_GOALS), f"{name}: goal codes")
        _require(all(g["Navn"] and g["Beskrivelse"] for g in goals), f"{name}: goal texts")
    header, rows = _table(wb["Indikatorer"])
    _require(tuple(header) == INDICATOR_HEADERS, f"{name}: Indikatorer header {header}")
    codes = [r["Indikator-ID"] for r in rows]
    _require(len(codes) == len(set(codes)), f"{name}: duplicate Indikator-ID")
    inds = {r["Indikator-ID"]: r for r in rows}
    for code, r in inds.items():
        where = f"{name} {code}"
        _require(bool(re.match(r"^[OS]\d-\d{2}$", code)), f"{where}: ID")
        _require(bool(r["Navn"]), f"{where}: Navn")
        _require(all(t in ALL_GOALS for t in _goal_tokens(r["Mål"])), f"{where}: Mål")
        _require(r["Type"] in TYPES, f"{where}: Type")
        _require(r["Status"] in IND_STATUSES, f"{where}: Status")
        _require(r["Nivå"] in LEVELS, f"{where}: Nivå")
        _require(r["Retning"] in DIRECTIONS, f"{where}: Retning")
        _require(r["Versjon"] == version, f"{where}: Versjon {r['Versjon']!r}")
        if r["Del av"] is not None:
            _require(r["Del av"] in inds and r["Del av"] != code, f"{where}: Del av")
        for col in ("Mål 2030", "Grense", "Basisår"):
            _require(r[col] is None or isinstance(r[col], int | float), f"{where}: {col}")
    header, values = _table(wb["Verdier"])
    _require(tuple(header) == VALUE_HEADERS, f"{name}: Verdier header {header}")
    _require(len(values) < 3000, f"{name}: {len(values)} value rows")
    keys: set[tuple[str, str, str]] = set()
    for n, v in enumerate(values, start=2):
        where = f"{name} Verdier row {n}"
        _require(v["Indikator-ID"] in inds, f"{where}: unknown indicator {v['Indikator-ID']!r}")
        period = str(v["Periode"])
        _require(
            is_period(period) and period_kind(period) != "date",
            f"{where}: Periode {v['Periode']!r}",
        )
        value = v["Verdi"]
        _require(
            isinstance(value, int | float) or bool(_NUMBER_TEXT_RE.match(str(value))),
            f"{where}: Verdi {value!r}",
        )
        _require(bool(v["Område"]), f"{where}: Område")
        key = (v["Indikator-ID"], period, v["Område"])
        _require(key not in keys, f"{where}: duplicate {key}")
        keys.add(key)
    with_values = {v["Indikator-ID"] for v in values}
    children = Counter(r["Del av"] for r in rows if r["Del av"])
    for code, r in inds.items():
        if r["Status"] == "Under arbeid":
            _require(code not in with_values, f"{name} {code}: Under arbeid with values")
        if code in children:
            _require(r["Status"] == "Klar" and code not in with_values, f"{name} {code}: parent")
            _require(2 <= children[code] <= 4, f"{name} {code}: {children[code]} children")
    return version, inds, values


def _check_versions(
    v07: dict[str, dict[str, Any]],
    v08: dict[str, dict[str, Any]],
    values07: list[dict[str, Any]],
    values08: list[dict[str, Any]],
) -> None:
    removed, added = set(v07) - set(v08), set(v08) - set(v07)
    _require(len(removed) == 1 and len(added) == 1, f"versions: -{removed} +{added}")
    _require(
        added <= {v["Indikator-ID"] for v in values08}, "versions: new indicator has no values"
    )
    changed = [
        c
        for c in set(v07) & set(v08)
        if any(v07[c][k] != v08[c][k] for k in INDICATOR_HEADERS if k != "Versjon")
    ]
    _require(len(changed) >= 1, "versions: no indicator redefined")
    statuses = Counter(r["Status"] for r in v07.values())
    _require(0.15 <= statuses["Under arbeid"] / len(v07) <= 0.35, "v0.7: share of Under arbeid")
    _require({r["Type"] for r in v07.values()} == set(TYPES), "v0.7: types")
    areas = {v["Område"] for v in values07}
    _require("Hele landet" in areas and set(REGIONS) <= areas and len(areas) >= 20, "v0.7: areas")
    kinds = {period_kind(str(v["Periode"])) for v in values07}
    _require({"quarter", "month"} <= kinds, "v0.7: period kinds")
    single = [
        c
        for c, r in v07.items()
        if r["Status"] == "Klar"
        and sum(v["Indikator-ID"] == c and v["Område"] == "Hele landet" for v in values07) == 1
    ]
    _require(len(single) >= 1, "v0.7: no Klar indicator with a single observation")
    s101 = {
        str(v["Periode"]): v["Verdi"]
        for v in values07
        if v["Indikator-ID"] == "S1-01" and v["Område"] == "Hele landet"
    }
    _require(
        all(s101.get(p) == x for p, x in (("2019", 33), ("2021", 46), ("2022", 54), ("2023", 57))),
        "v0.7: S1-01 public series",
    )


# --------------------------------------------------------------------------------------------
# Council cases
# --------------------------------------------------------------------------------------------

CASE_TYPES = ("Orientering", "Drøfting", "Beslutning", "Godkjenning")
_CASE_NUMBER_RE = re.compile(r"^\d{1,3}/\d{2}$")


def _check_cases(
    path: Path, measures: set[str], indicators: set[str]
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    wb = load_workbook(path)
    name = path.name
    _require(wb.sheetnames == ["Møter", "Saker"], f"{name}: sheets {wb.sheetnames}")
    header, meeting_rows = _table(wb["Møter"])
    _require(tuple(header) == MEETING_HEADERS, f"{name}: Møter header {header}")
    meetings = {m["Møte-ID"]: m for m in meeting_rows}
    _require(len(meetings) == len(meeting_rows), f"{name}: duplicate Møte-ID")
    for m in meeting_rows:
        _require(isinstance(m["Dato"], datetime), f"{name} {m['Møte-ID']}: Dato not a date")
        _require(2024 <= m["Dato"].year <= 2025, f"{name} {m['Møte-ID']}: year")
    header, cases = _table(wb["Saker"])
    _require(tuple(header) == CASE_HEADERS, f"{name}: Saker header {header}")
    keys: set[tuple[str, str]] = set()
    for n, c in enumerate(cases, start=2):
        where = f"{name} Saker row {n}"
        _require(bool(_CASE_NUMBER_RE.match(str(c["Saksnummer"]))), f"{where}: Saksnummer")
        _require(c["Møte-ID"] in meetings, f"{where}: unknown meeting {c['Møte-ID']!r}")
        meeting = meetings[c["Møte-ID"]]
        _require(
            str(c["Saksnummer"]).endswith(f"/{meeting['Dato'].year % 100:02d}"),
            f"{where}: Saksnummer year differs from the meeting's",
        )
        key = (meeting["Forum"], c["Saksnummer"])
        _require(key not in keys, f"{where}: duplicate {key}")
        keys.add(key)
        _require(c["Sakstype"] in CASE_TYPES, f"{where}: Sakstype {c['Sakstype']!r}")
        _require(bool(c["Tittel"]) and bool(c["Forslag til vedtak"]), f"{where}: text")
        for code in _goal_tokens(c["Tiltak"] or ""):
            _require(code in measures, f"{where}: unknown measure {code}")
        for code in _goal_tokens(c["Indikatorer"] or ""):
            _require(code in indicators, f"{where}: unknown indicator {code}")
        for col in ("Runde", "Oppfølging innen"):
            _require(c[col] is None or is_quarter(str(c[col])), f"{where}: {col}")
    return meetings, cases


# --------------------------------------------------------------------------------------------


def check(paths: Sequence[Path]) -> list[str]:
    """Re-open every workbook and verify it; returns (and prints) a one-line summary per file."""
    lines: list[str] = []
    rounds: dict[str, list[dict[str, Any]]] = {}
    sets: dict[str, tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]] = {}
    for path in paths:
        path = Path(path)
        size = path.stat().st_size
        if path.name.startswith("portefolje_"):
            round_id, rows = _check_portfolio(path)
            rounds[round_id] = rows
            states = Counter(r["Tilstand"] for r in rows)
            colours = Counter(r["Samlet status"] for r in _active(rows))
            lines.append(
                f"{path.name:28} {size:>7} B  {len(rows):3} tiltak  "
                + " ".join(f"{s}={states[s]}" for s in STATES)
                + "  | aktive: "
                + " ".join(f"{c}={colours[c]}" for c in COLOURS)
                + f" (gul {100 * _yellow_share(rows):.1f} %)"
            )
        elif path.name.startswith("indikatorer_"):
            version, inds, values = _check_indicators(path)
            sets[version] = (inds, values)
            statuses = Counter(r["Status"] for r in inds.values())
            levels = Counter(r["Nivå"] for r in inds.values())
            lines.append(
                f"{path.name:28} {size:>7} B  {len(inds):3} indikatorer  "
                f"Klar={statuses['Klar']} Under arbeid={statuses['Under arbeid']}  "
                f"Strategisk={levels['Strategisk']} Støtte={levels['Støtte']}  "
                f"| {len(values)} verdier, {len({v['Område'] for v in values})} områder"
            )
        elif path.name.startswith("saker_"):
            measures = {r["Tiltak-ID"] for rows in rounds.values() for r in rows}
            indicators = {c for inds, _values in sets.values() for c in inds}
            meetings, cases = _check_cases(path, measures, indicators)
            forums = Counter(m["Forum"] for m in meetings.values())
            decided = sum(1 for c in cases if c["Vedtak"])
            follow_ups = sum(1 for c in cases if c["Oppfølging innen"])
            lines.append(
                f"{path.name:28} {size:>7} B  {len(meetings):3} møter  {len(cases)} saker  "
                + " ".join(f"{f}={n}" for f, n in forums.items())
                + f"  | {decided} vedtak, {follow_ups} med oppfølging"
            )
        else:
            raise CheckError(f"{path.name}: unknown workbook")
    if rounds:
        _check_rounds(rounds)
    if {"v0.7", "v0.8"} <= set(sets):
        _check_versions(sets["v0.7"][0], sets["v0.8"][0], sets["v0.7"][1], sets["v0.8"][1])
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.generate",
        description="Skriv eksempelarbeidsbøkene (portefølje og indikatorer) og kontroller dem.",
    )
    parser.add_argument(
        "out_dir",
        nargs="?",
        type=Path,
        default=WORKBOOK_DIR,
        help=f"mappe å skrive til (standard: {WORKBOOK_DIR})",
    )
    parser.add_argument("--seed", type=int, default=2025, help="frø for tilfeldige verdier")
    args = parser.parse_args(argv)
    paths = generate(args.out_dir, seed=args.seed)
    for line in check(paths):
        print(line)
    print(f"{len(paths)} arbeidsbøker i {Path(args.out_dir).resolve()} – kontroll OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
