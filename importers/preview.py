"""What an upload would change, computed before anything is written (for the confirm step)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from importers.indicators import IndicatorData
from importers.portfolio import PortfolioData
from model import queries


def preview_portfolio(engine: Engine, data: PortfolioData) -> dict[str, Any]:
    """Compare the file's round with what the database holds.

    ``replaces``: the round already exists and will be replaced. The comparison is with that
    round when it exists, else with the round before it: new, removed and colour-changed measures.
    """
    rounds = queries.list_rounds(engine)
    replaces = data.round in rounds
    base = data.round if replaces else queries.previous_round(rounds, data.round or "")
    before = queries.round_reports(engine, base).set_index("code") if base else None
    new, changed = [], []
    for report in data.reports:
        code = report["code"]
        if before is None or code not in before.index:
            new.append(
                {
                    "code": code,
                    "name": report["name"],
                    "owner": report["owner"],
                    "status": report["status_overall"],
                }
            )
            continue
        old = before.loc[code]["status_overall"]
        if old and report["status_overall"] and old != report["status_overall"]:
            changed.append(
                {"code": code, "name": report["name"], "from": old, "to": report["status_overall"]}
            )
    in_file = {r["code"] for r in data.reports}
    removed = (
        []
        if before is None
        else [
            {"code": code, "name": row["name"]}
            for code, row in before.iterrows()
            if code not in in_file
        ]
    )
    return {
        "round": data.round,
        "replaces": replaces,
        "compared_with": base,
        "rows": len(data.reports),
        "new": new,
        "changed": changed,
        "removed": removed,
    }


def preview_indicators(engine: Engine, data: IndicatorData) -> dict[str, Any]:
    """How many indicators and values are new, and how many existing ones would change."""
    from sqlalchemy import select

    from model.tables import Indicator, Observation

    i, o = Indicator.__table__, Observation.__table__
    codes = {ind["code"] for ind in data.indicators} | {v[0] for v in data.values}
    with engine.connect() as conn:
        known = (
            dict(
                conn.execute(select(i.c.code, i.c.id).where(i.c.code.in_(sorted(codes)))).all()
            )
            if codes
            else {}
        )
        existing: dict[tuple[int, str, str], float] = {}
        if known:
            rows = conn.execute(
                select(o.c.indicator_id, o.c.period, o.c.area, o.c.value).where(
                    o.c.indicator_id.in_(sorted(known.values())), o.c.replaced_by_batch_id.is_(None)
                )
            )
            existing = {(r.indicator_id, r.period, r.area): r.value for r in rows}
    new_values = changed_values = 0
    for code, period, _t, area, value, _c in data.values:
        old = existing.get((known.get(code, -1), period, area))
        if old is None:
            new_values += 1
        elif old != value:
            changed_values += 1
    return {
        "version": data.version,
        "indicators": len(data.indicators),
        "new_indicators": sorted(
            c for c in {ind["code"] for ind in data.indicators} if c not in known
        ),
        "values": len(data.values),
        "new_values": new_values,
        "changed_values": changed_values,
        "goals": len(data.goals),
    }


def preview_cases(engine: Engine, data: Any) -> dict[str, Any]:
    """What a ``Saker`` workbook adds and changes: meetings and cases new or changed (by Møte-ID
    and by forum + Saksnummer), and the decisions it records for the first time."""
    from model.cases import list_cases, list_meetings

    meetings = {m["code"]: m for m in list_meetings(engine)}
    cases = {c.key: c for c in list_cases(engine)}
    new_meetings = [m["code"] for m in data.meetings if m["code"] not in meetings]
    changed_meetings = [
        m["code"]
        for m in data.meetings
        if m["code"] in meetings
        and (
            meetings[m["code"]]["forum"],
            meetings[m["code"]]["date"],
            meetings[m["code"]]["place"],
        )
        != (m["forum"], m["date"], m["place"] or None)
    ]
    new_cases, changed_cases, decisions = [], [], []
    for case in data.cases:
        key = (case["forum"], case["number"])
        old = cases.get(key)
        item = {"forum": case["forum"], "number": case["number"], "title": case["title"]}
        if old is None:
            new_cases.append(item)
        elif (
            old.meeting,
            old.title,
            old.type,
            old.proposal,
            old.decision,
            old.measures,
            old.indicators,
            old.goals,
            old.round,
            old.follow_up_by,
        ) != (
            case["meeting"],
            case["title"],
            case["case_type"],
            case["proposal"] or None,
            case["decision"] or None,
            tuple(case["measures"]),
            tuple(case["indicators"]),
            tuple(case["goals"]),
            case["round"],
            case["follow_up_by"],
        ):
            changed_cases.append(item)
        if case["decision"] and (old is None or not old.decision):
            decisions.append(item)
    return {
        "new_meetings": new_meetings,
        "changed_meetings": changed_meetings,
        "new_cases": new_cases,
        "changed_cases": changed_cases,
        "decisions": decisions,
    }
