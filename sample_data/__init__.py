"""Realistic sample data: twelve portfolio reporting rounds, two indicator-set versions and the
councils' meetings, cases and decisions of 2024–2025.

The committed workbooks in :data:`WORKBOOK_DIR` are what ``ehelse sample`` imports, in the order
of :func:`sample_files`. They are produced by :func:`generate` (``python -m sample_data.generate``)
and are exactly the upload formats of ``formats.md`` §1 and §2, typed the way directorate staff
type them (dates as date cells, some years as numbers, some values with a decimal comma).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from model.periods import quarters

WORKBOOK_DIR: Path = Path(__file__).resolve().parent / "workbooks"

INDICATORS_V07 = "indikatorer_v0.7.xlsx"
INDICATORS_V08 = "indikatorer_v0.8.xlsx"
CASES = "saker_2024-2025.xlsx"
PORTFOLIO_ROUNDS: tuple[str, ...] = quarters("2023-K1", "2025-K4")


def _file_names() -> list[str]:
    return [
        INDICATORS_V07,
        *(f"portefolje_{r}.xlsx" for r in PORTFOLIO_ROUNDS),
        INDICATORS_V08,
        CASES,
    ]


def sample_files() -> list[Path]:
    """The committed workbooks in import order: indicator set v0.7, the portfolio rounds oldest
    first (2023-K1 … 2025-K4), indicator set v0.8, then the councils' cases (last: they refer to
    measures and indicators)."""
    return [WORKBOOK_DIR / name for name in _file_names()]


def generate(out_dir: Path, seed: int = 2025) -> list[Path]:
    """Write all sample workbooks into ``out_dir`` and return them in import order.

    Deterministic: the same seed gives byte-identical files (document properties and zip
    timestamps are fixed).
    """
    import random

    from sample_data import cases as cs
    from sample_data import indicators as ind
    from sample_data import portfolio as pf
    from sample_data.xlsx import Sheet, write

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rounds = pf.build_portfolio(seed)
    if tuple(r.round_id for r in rounds) != PORTFOLIO_ROUNDS:
        raise RuntimeError("portfolio rounds out of step with PORTFOLIO_ROUNDS")

    portfolio_paths: list[Path] = []
    milestones = pf.milestone_rows(rounds)
    for rnd in rounds:
        info = Sheet(
            "Om rapporten",
            None,
            [
                ("Rapporteringsrunde", rnd.round_id),
                ("Rapporteringsfrist", rnd.deadline),
                ("Innsendt av", "Porteføljekontoret"),
            ],
            widths={"A": 22, "B": 22},
        )
        measures = Sheet(
            "Tiltak",
            pf.HEADERS,
            [[row[h] for h in pf.HEADERS] for row in rnd.rows],
            widths={
                "Tiltak-ID": 10,
                "Tiltak": 48,
                "Tiltakseier": 30,
                "Satsning": 22,
                "Strategiske mål": 14,
                "Fase": 14,
                "Tilstand": 12,
                "Samlet status": 13,
                "Planlagt ferdig": 14,
                "Statuskommentar": 80,
                "Avhengigheter": 18,
            },
            wrap=("Statuskommentar",),
        )
        sheets = [info, measures]
        if milestones[rnd.round_id]:
            sheets.append(
                Sheet(
                    "Milepæler",
                    pf.MILESTONE_HEADERS,
                    [list(r) for r in milestones[rnd.round_id]],
                    widths={
                        "Tiltak-ID": 10,
                        "Milepæl": 44,
                        "Planlagt dato": 14,
                        "Status": 14,
                        "Kommentar": 50,
                    },
                )
            )
        stamp = datetime.combine(rnd.deadline, datetime.min.time()).replace(hour=15)
        portfolio_paths.append(write(out_dir / f"portefolje_{rnd.round_id}.xlsx", sheets, stamp))

    green_share = {
        rnd.round_id: round(
            100
            * sum(r["Samlet status"] == pf.GREEN for r in rnd.rows if r["Tilstand"] == "Aktiv")
            / sum(r["Tilstand"] == "Aktiv" for r in rnd.rows),
            1,
        )
        for rnd in rounds
    }
    rng = random.Random(seed + 7)
    v07 = ind.indicator_set(green_share)
    v08 = ind.indicator_set_v08(v07)
    offsets = ind.area_offsets(rng)
    v07_values = ind.value_rows(v07, offsets, rng, later=False)
    v07_path = write(
        out_dir / INDICATORS_V07,
        [
            Sheet("Mål", ind.GOAL_HEADERS, list(ind.GOALS), widths={"Navn": 70, "Beskrivelse": 90}),
            *_indicator_sheets(v07, "v0.7", v07_values),
        ],
        datetime(2025, 11, 13, 9, 0),
    )
    v08_values = ind.revised_rows(v07_values) + ind.value_rows(v08, offsets, rng, later=True)
    v08_path = write(
        out_dir / INDICATORS_V08,
        _indicator_sheets(v08, "v0.8", v08_values),
        datetime(2026, 2, 10, 9, 0),
    )
    k4_red = [
        (r["Tiltak-ID"], r["Tiltak"], r["Tiltakseier"])
        for r in rounds[-1].rows
        if r["Samlet status"] == pf.RED
    ]
    cases_path = write(
        out_dir / CASES,
        [
            Sheet(
                "Møter",
                cs.MEETING_HEADERS,
                [list(m) for m in cs.MEETINGS],
                widths={"Møte-ID": 14, "Forum": 22, "Dato": 12, "Sted": 44},
            ),
            Sheet(
                "Saker",
                cs.CASE_HEADERS,
                [list(r.values()) for r in cs.case_rows(k4_red)],
                widths={
                    "Saksnummer": 11,
                    "Møte-ID": 13,
                    "Tittel": 48,
                    "Sakstype": 12,
                    "Forslag til vedtak": 60,
                    "Vedtak": 60,
                    "Tiltak": 22,
                    "Indikatorer": 22,
                    "Mål": 16,
                    "Oppfølging innen": 15,
                },
                wrap=("Tittel", "Forslag til vedtak", "Vedtak"),
            ),
        ],
        datetime(2025, 12, 1, 9, 0),
    )
    return [v07_path, *portfolio_paths, v08_path, cases_path]


def _indicator_sheets(
    indicator_set: tuple[Any, ...], version: str, values: list[dict[str, Any]]
) -> list[Any]:
    """The sheets «Indikatorer» (the set as ``version``) and «Verdier» of an indicator workbook."""
    from sample_data import indicators as ind
    from sample_data.xlsx import Sheet

    return [
        Sheet(
            "Indikatorer",
            ind.INDICATOR_HEADERS,
            [list(r.values()) for r in ind.indicator_rows(indicator_set, version)],
            widths={"Indikator-ID": 12, "Navn": 70, "Mål": 10, "Datakilde": 34},
        ),
        Sheet(
            "Verdier",
            ind.VALUE_HEADERS,
            [list(r.values()) for r in values],
            widths={"Indikator-ID": 12, "Periode": 10, "Verdi": 10, "Område": 18, "Kommentar": 40},
        ),
    ]
