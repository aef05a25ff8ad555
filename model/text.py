"""Deterministic Norwegian sentences from the numbers (no language model: templates only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from model import fmt
from model.tables import Measure, MeasureReport


def _names(
    engine: Engine, round_code: str, codes: list[str], as_of_batch: int | None = None
) -> dict[str, tuple[str, str]]:
    from model.queries import current

    if not codes:
        return {}
    m, mr = Measure.__table__, MeasureReport.__table__
    query = (
        select(m.c.code, mr.c.name, mr.c.owner)
        .join(m, m.c.id == mr.c.measure_id)
        .where(mr.c.round_code == round_code, current(mr, as_of_batch), m.c.code.in_(codes))
    )
    with engine.connect() as conn:
        # A sentence names a measure; the measure's own page has the whole name.
        return {r.code: (fmt.shorten(r.name), fmt.shorten(r.owner)) for r in conn.execute(query)}


def yellow_share(summary: dict[str, Any]) -> float | None:
    colours = summary["colours_active"]
    total = sum(colours.values())
    return 100 * colours.get("Gul", 0) / total if total else None


def status_text(
    engine: Engine,
    summary: dict[str, Any],
    previous: dict[str, Any] | None = None,
    as_of_batch: int | None = None,
) -> str:
    """The paragraph the secretariat writes in the meeting paper about one round.

    ``as_of_batch``: names as they were right after that import batch (a pinned meeting view).
    """
    from model.queries import round_summary

    r = summary["round"]
    prev_code = summary["previous_round"]
    if previous is None and prev_code:
        previous = round_summary(engine, prev_code, as_of_batch)
    parts: list[str] = []
    deadline = summary.get("deadline")
    head = f"Rapporteringsrunde {r}"
    if deadline:
        from datetime import date

        head += f" (frist {fmt.long_date(date.fromisoformat(deadline))})"
    if previous:
        parts.append(
            f"{head}: Antall aktive tiltak i porteføljen har "
            + (
                f"økt fra {previous['active']} til {summary['active']}"
                if summary["active"] > previous["active"]
                else f"gått ned fra {previous['active']} til {summary['active']}"
                if summary["active"] < previous["active"]
                else f"holdt seg på {summary['active']}"
            )
            + f" siden {prev_code}."
        )
    else:
        parts.append(f"{head}: Porteføljen har {summary['active']} aktive tiltak.")
    new = summary["new"]
    if new:
        names = _names(engine, r, new, as_of_batch)
        listed = [f"«{names[c][0]}» ({names[c][1]})" for c in new[:6] if c in names]
        more = " med flere" if len(new) > 6 else ""
        parts.append(
            f"Det er {fmt.count_word(len(new), 'nytt tiltak', 'nye tiltak')}: {fmt.list_nb(listed)}{more}."
        )
    facts = []
    if summary["completed"]:
        facts.append(
            f"{fmt.count_word(summary['completed'], 'tiltak', 'tiltak')} er rapportert ferdigstilt"
        )
    if summary["paused"]:
        facts.append(f"{fmt.count_word(summary['paused'], 'tiltak', 'tiltak')} er på pause")
    if summary["stopped"]:
        facts.append(f"{fmt.count_word(summary['stopped'], 'tiltak', 'tiltak')} er stoppet")
    if facts:
        sentence = fmt.list_nb(facts) + "."
        parts.append(sentence[0].upper() + sentence[1:])
    red = summary["red"]
    if red:
        names = _names(engine, r, red, as_of_batch)
        listed = [f"«{names[c][0]}» ({names[c][1]})" for c in red if c in names]
        parts.append(
            f"{fmt.count_word(len(red), 'tiltak', 'tiltak')} melder rød status: {fmt.list_nb(listed)}."
        )
    else:
        parts.append("Ingen tiltak melder rød status.")
    changed = summary.get("changed") or []
    if prev_code and changed:
        parts.append(_changes_sentence(engine, r, prev_code, changed, as_of_batch))
    now_share = yellow_share(summary)
    if previous and now_share is not None:
        before = yellow_share(previous)
        if before is not None:
            if now_share > before + 0.05:
                trend = "høyere enn"
            elif now_share < before - 0.05:
                trend = "lavere enn"
            else:
                trend = "på samme nivå som"
            parts.append(
                f"Andelen aktive tiltak med gul status er {fmt.percent(now_share, 0)}, {trend} ved forrige "
                f"rapportering ({fmt.percent(before, 0)})."
            )
    return " ".join(parts)


_SEVERITY = {"Grønn": 0, "Gul": 1, "Rød": 2}


def _changes_sentence(
    engine: Engine,
    round_code: str,
    prev_code: str,
    changed: list[dict[str, Any]],
    as_of_batch: int | None,
) -> str:
    """``Siden 2025-K2 har 3 tiltak fått dårligere samlet status, blant dem «X» (grønn → gul) …``"""
    worse = [c for c in changed if _SEVERITY[c["to"]] > _SEVERITY[c["from"]]]
    better = len(changed) - len(worse)
    if not worse:
        return (
            f"Siden {prev_code} har {fmt.count_word(better, 'tiltak', 'tiltak')} fått bedre "
            "samlet status, og ingen har fått dårligere."
        )
    # Worst first (to Rød before to Gul), then by ID: the same order every time.
    worse.sort(key=lambda c: (-_SEVERITY[c["to"]], c["id"]))
    names = _names(engine, round_code, [c["id"] for c in worse[:4]], as_of_batch)
    listed = [
        f"«{names[c['id']][0]}» ({c['from'].lower()} → {c['to'].lower()})"
        for c in worse[:4]
        if c["id"] in names
    ]
    more = " med flere" if len(worse) > 4 else ""
    text = (
        f"Siden {prev_code} har {fmt.count_word(len(worse), 'tiltak', 'tiltak')} fått dårligere "
        f"samlet status: {fmt.list_nb(listed)}{more}"
    )
    if better:
        text += f", mens {fmt.count_word(better, 'tiltak', 'tiltak')} har fått bedre"
    return text + "."
