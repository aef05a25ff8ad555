"""Deterministic Norwegian sentences from the numbers (no language model: templates only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from model import fmt
from model.tables import Measure, MeasureReport


def _names(engine: Engine, round_code: str, codes: list[str]) -> dict[str, tuple[str, str]]:
    if not codes:
        return {}
    m, mr = Measure.__table__, MeasureReport.__table__
    query = (
        select(m.c.code, mr.c.name, mr.c.owner)
        .join(m, m.c.id == mr.c.measure_id)
        .where(
            mr.c.round_code == round_code, mr.c.replaced_by_batch_id.is_(None), m.c.code.in_(codes)
        )
    )
    with engine.connect() as conn:
        return {r.code: (r.name, r.owner) for r in conn.execute(query)}


def yellow_share(summary: dict[str, Any]) -> float | None:
    colours = summary["colours_active"]
    total = sum(colours.values())
    return 100 * colours.get("Gul", 0) / total if total else None


def status_text(
    engine: Engine, summary: dict[str, Any], previous: dict[str, Any] | None = None
) -> str:
    """The paragraph the secretariat writes in the meeting paper about one round."""
    from model.queries import round_summary

    r = summary["round"]
    prev_code = summary["previous_round"]
    if previous is None and prev_code:
        previous = round_summary(engine, prev_code)
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
        names = _names(engine, r, new)
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
        names = _names(engine, r, red)
        listed = [f"«{names[c][0]}» ({names[c][1]})" for c in red if c in names]
        parts.append(
            f"{fmt.count_word(len(red), 'tiltak', 'tiltak')} melder rød status: {fmt.list_nb(listed)}."
        )
    else:
        parts.append("Ingen tiltak melder rød status.")
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
