"""Plausibility of a portfolio round against what the database already holds (formats.md §6).

The row checks need no database (a red status without a comment is refused in
:mod:`importers.portfolio`); these need the earlier rounds:

* ``comment-required`` (warning): the colour got worse than in the previous round, or Planlagt
  ferdig moved later, and Statuskommentar is empty;
* ``unknown-owner``: a Tiltakseier no earlier round has and the configured list
  (``EHELSE_OWNERS``) does not name – a warning naming the closest known name, an error when a
  list of owners is configured;
* ``round-gap`` (warning): the round skips a quarter after the previous round in the database.
"""

from __future__ import annotations

import difflib
from typing import Any

from sqlalchemy import Connection, select

from importers.sheets import Issues
from model.periods import finish_date, finish_text, previous_quarter
from model.settings import get_settings
from model.tables import Measure, MeasureReport, ReportingRound

#: Worse is a higher rank.
COLOUR_RANK = {"Grønn": 0, "Gul": 1, "Rød": 2}


def current_rounds(conn: Connection) -> list[str]:
    """Rounds with data: a round row, or (collected from the owners' submissions) reports."""
    rr, mr = ReportingRound.__table__, MeasureReport.__table__
    codes = set(
        conn.execute(select(rr.c.code).where(rr.c.replaced_by_batch_id.is_(None))).scalars()
    )
    codes |= set(
        conn.execute(
            select(mr.c.round_code).distinct().where(mr.c.replaced_by_batch_id.is_(None))
        ).scalars()
    )
    return sorted(codes)


def round_rows(conn: Connection, round_code: str) -> dict[str, Any]:
    """The current rows of one round by Tiltak-ID."""
    mr, m = MeasureReport.__table__, Measure.__table__
    rows = conn.execute(
        select(m.c.code, mr)
        .join(m, m.c.id == mr.c.measure_id)
        .where(mr.c.round_code == round_code, mr.c.replaced_by_batch_id.is_(None))
    ).all()
    return {r.code: r for r in rows}


def known_owners(conn: Connection) -> set[str]:
    """Owners of every round in the database."""
    mr = MeasureReport.__table__
    return set(
        conn.execute(
            select(mr.c.owner).distinct().where(mr.c.replaced_by_batch_id.is_(None))
        ).scalars()
    )


def closest(name: str, known: set[str]) -> str | None:
    """The known name most like ``name`` (case and spacing do not count), if one is close: the
    only known name that begins with it («Helse Midt» → «Helse Midt-Norge RHF»), else the most
    similar by :mod:`difflib` above 0.8 («Helse vest» → «Helse Vest RHF»; «Bergen kommune» is
    not «Oslo kommune»)."""
    by_key = {" ".join(k.split()).casefold(): k for k in sorted(known)}
    key = " ".join(name.split()).casefold()
    starting = [k for k in by_key if len(key) >= 4 and k.startswith(key)]
    if len(starting) == 1:
        return by_key[starting[0]]
    match = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.8)
    return by_key[match[0]] if match else None


def check_round(conn: Connection, data: Any, issues: Issues, *, info_sheet: bool = True) -> None:
    """Add the plausibility problems of ``data`` (a validated :class:`PortfolioData`)."""
    from importers.portfolio import INFO_SHEET, MEASURES_SHEET

    rounds = current_rounds(conn)
    earlier = [r for r in rounds if data.round and r < data.round]
    previous = earlier[-1] if earlier else None
    if previous and data.round and previous != previous_quarter(data.round):
        issues.warning(
            "round-gap",
            f"Runden {data.round} kommer ikke rett etter forrige runde i databasen, {previous}: "
            f"runden {previous_quarter(data.round)} mangler. Sjekk at rapporteringsrunden er "
            "riktig; endringene sammenlignes med "
            f"{previous}.",
            sheet=INFO_SHEET if info_sheet else None,
            row=data.round_row if info_sheet else None,
            column="Rapporteringsrunde",
            value=data.round,
        )
    _check_owners(conn, data, issues, sheet=MEASURES_SHEET)
    if previous is None:
        return
    before = round_rows(conn, previous)
    for report in data.reports:
        old = before.get(report["code"]) if report.get("code") else None
        if old is None or report.get("comment"):
            continue
        new_colour, old_colour = report.get("status_overall"), old.status_overall
        if (
            new_colour in COLOUR_RANK
            and old_colour in COLOUR_RANK
            and new_colour != "Rød"  # a red status without a comment is an error already
            and COLOUR_RANK[new_colour] > COLOUR_RANK[old_colour]
        ):
            issues.warning(
                "comment-required",
                f"Samlet status er endret fra {old_colour} til {new_colour} siden {previous}, "
                "men Statuskommentar er tom. Skriv kort hva som har skjedd.",
                sheet=MEASURES_SHEET,
                row=report["source_row"],
                column="Statuskommentar",
            )
        was, now = finish_date(old.planned_finish), finish_date(report.get("planned_finish"))
        if was and now and now > was:
            issues.warning(
                "comment-required",
                f"Planlagt ferdig er flyttet fra {finish_text(old.planned_finish)} til "
                f"{finish_text(report['planned_finish'])} siden {previous}, men Statuskommentar "
                "er tom. Skriv kort hvorfor tiltaket blir senere ferdig.",
                sheet=MEASURES_SHEET,
                row=report["source_row"],
                column="Statuskommentar",
            )


def _check_owners(conn: Connection, data: Any, issues: Issues, *, sheet: str) -> None:
    configured = get_settings().owner_list()
    known = known_owners(conn) | set(configured)
    if not known:
        return  # the first round of a new database: every owner is new
    rows_by_owner: dict[str, list[int]] = {}
    for report in data.reports:
        if report.get("owner") and report["owner"] not in known:  # None: the column is missing
            rows_by_owner.setdefault(report["owner"], []).append(report["source_row"])
    for owner, rows in rows_by_owner.items():
        near = closest(owner, known)
        where = (
            f" (rad {rows[0]})"
            if len(rows) == 1
            else f" (rad {', '.join(str(r) for r in rows[:10])}{' …' if len(rows) > 10 else ''})"
        )
        guess = f" Mente du «{near}»?" if near else ""
        if configured:
            issues.error(
                "unknown-owner",
                f"Tiltakseier «{owner}»{where} står ikke i listen over tiltakseiere.{guess} "
                "Skriv navnet slik det står i listen eller i tidligere runder, eller be en "
                "administrator legge eieren til i innstillingen EHELSE_OWNERS.",
                sheet=sheet,
                row=rows[0],
                column="Tiltakseier",
                value=owner,
            )
        else:
            issues.warning(
                "unknown-owner",
                f"Tiltakseier «{owner}»{where} finnes ikke i tidligere runder.{guess} "
                + (
                    "Rett skrivemåten hvis det er samme eier; ellers blir det en ny eier."
                    if near
                    else "Sjekk skrivemåten; er det en ny eier, kan filen lastes inn som den er."
                ),
                sheet=sheet,
                row=rows[0],
                column="Tiltakseier",
                value=owner,
            )
