"""Deterministic Norwegian sentences from a round's report (no language model: templates only).

Pure functions of :class:`model.round_report.RoundReport`: no database, every number worded by
:mod:`model.fmt` from the report's typed values, so the page, the pack and the command line
say the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from model import fmt
from model.attainment import CATEGORIES, PROGRESS_ORDER
from model.labels import CATEGORY_LABELS_NB, status_words
from model.periods import finish_text

if TYPE_CHECKING:
    from model.attainment import Assessment
    from model.attainment_service import GoalAttainment
    from model.round_report import DistributionRow, MeasureRow, RoundReport


def _named(rows: Sequence[MeasureRow]) -> list[str]:
    # A sentence names a measure; the measure's own page has the whole name.
    return [f"«{fmt.shorten(m.name)}» ({fmt.shorten(m.owner)})" for m in rows]


def status_text(report: RoundReport) -> str:
    """The paragraph the secretariat writes in the meeting paper about one round (the whole
    round, whatever filter a page shows)."""
    sentences = (
        _opening_sentence(report),
        _not_reported_sentence(report),
        _new_sentence(report),
        _states_sentence(report),
        _red_sentence(report),
        _changes_sentence(report) if report.previous_round and report.changed else None,
        _yellow_sentence(report),
    )
    return " ".join(s for s in sentences if s)


def _opening_sentence(report: RoundReport) -> str:
    """The round, its deadline and how the number of active measures moved."""
    prev = report.previous_round
    active = report.figure("active")
    head = f"Rapporteringsrunde {report.round}"
    if report.deadline:
        head += f" (frist {fmt.long_date(report.deadline)})"
    if not prev or active.previous is None:
        return f"{head}: Porteføljen har {int(active.value or 0)} aktive tiltak."
    now, before = int(active.value or 0), int(active.previous)
    if now > before:
        movement = f"økt fra {before} til {now}"
    elif now < before:
        movement = f"gått ned fra {before} til {now}"
    else:
        movement = f"holdt seg på {now}"
    return f"{head}: Antall aktive tiltak i porteføljen har {movement} siden {prev}."


def _not_reported_sentence(report: RoundReport) -> str | None:
    """Figures of a round still being collected: say so before anyone quotes them."""
    if not (report.is_open and report.not_reported):
        return None
    missing = fmt.count_word(len(report.not_reported), "forventet tiltak", "forventede tiltak")
    return (
        f"Runden er ikke publisert, og {missing} er ikke rapportert ennå; de er ikke med i tallene."
    )


def _new_sentence(report: RoundReport) -> str | None:
    new = report.new
    if not new:
        return None
    more = " med flere" if len(new) > 6 else ""
    return (
        f"Det er {fmt.count_word(len(new), 'nytt tiltak', 'nye tiltak')}: "
        f"{fmt.list_nb(_named(new[:6]))}{more}."
    )


#: The states a round's paragraph counts, with how the sentence says them.
_STATE_PHRASES = (
    ("completed", "er rapportert ferdigstilt i denne runden"),
    ("paused", "er på pause"),
    ("stopped", "er stoppet"),
)


def _states_sentence(report: RoundReport) -> str | None:
    facts = [
        f"{fmt.count_word(report.counts[key], 'tiltak', 'tiltak')} {phrase}"
        for key, phrase in _STATE_PHRASES
        if report.counts[key]
    ]
    if not facts:
        return None
    sentence = fmt.list_nb(facts) + "."
    return sentence[0].upper() + sentence[1:]


def _red_sentence(report: RoundReport) -> str:
    red = report.red
    if not red:
        return "Ingen tiltak melder rød status."
    return (
        f"{fmt.count_word(len(red), 'tiltak', 'tiltak')} melder rød status: "
        f"{fmt.list_nb(_named(red))}."
    )


def _yellow_sentence(report: RoundReport) -> str | None:
    share = report.yellow_share
    if share.value is None:
        return None
    sentence = f"Andelen aktive tiltak med gul status er {share.shown}"
    if report.previous_round and share.change_text is not None:
        sentence += f" ({share.change_text} siden {report.previous_round})"
    return sentence + "."


def _changes_sentence(report: RoundReport) -> str:
    """``Siden 2025-K2 har 3 tiltak fått dårligere samlet status, blant dem «X» (grønn → gul) …``"""
    prev = report.previous_round
    worse = report.worse
    better = len(report.changed) - len(worse)
    if not worse:
        return (
            f"Siden {prev} har {fmt.count_word(better, 'tiltak', 'tiltak')} fått bedre "
            "samlet status, og ingen har fått dårligere."
        )
    listed = [
        f"«{fmt.shorten(c.name)}» ({c.before.lower()} → {c.after.lower()})" for c in worse[:4]
    ]
    more = " med flere" if len(worse) > 4 else ""
    text = (
        f"Siden {prev} har {fmt.count_word(len(worse), 'tiltak', 'tiltak')} fått dårligere "
        f"samlet status: {fmt.list_nb(listed)}{more}"
    )
    if better:
        text += f", mens {fmt.count_word(better, 'tiltak', 'tiltak')} har fått bedre"
    return text + "."


def distribution_finding(rows: Sequence[DistributionRow]) -> str:
    """``I 2025-K3 har 69 % av de aktive tiltakene grønn status; andelen gule økte med
    1 prosentpoeng fra 2025-K2 (til 28 %), og 1 tiltak er rødt.`` — the share rule of
    formats.md section 5 (rounded once; the change from the unrounded shares)."""
    if not rows:
        return "Ingen runder å vise."
    last = rows[-1]
    text = (
        f"I {last.round} har {fmt.share_percent(last.share('Grønn'))} av de aktive tiltakene "
        "grønn status"
    )
    yellow = last.yellow_share
    if len(rows) > 1 and yellow is not None and rows[-2].yellow_share is not None:
        before = rows[-2]
        change = fmt.change_words("share", yellow - (before.yellow_share or 0.0))
        if change == "uendret":
            text += f"; andelen gule er {fmt.share_percent(yellow)}, uendret siden {before.round}"
        else:
            text += f"; andelen gule er {fmt.share_percent(yellow)} ({change} siden {before.round})"
    else:
        text += f"; {fmt.share_percent(yellow)} er gule"
    red = last.counts["Rød"]
    return text + f", og {fmt.count_word(red, 'tiltak er rødt', 'tiltak er røde')}."


def goal_counts_finding(
    goals: Sequence[GoalAttainment], assessments: Sequence[Assessment], *, support: bool = False
) -> str:
    """``Av 14 strategiske indikatorer har 6 god fremgang …; høyest snittpoeng har S3 (5,0) …``."""
    what = "indikatorer" if support else "strategiske indikatorer"
    if not assessments:
        return f"Ingen {what} å vise."
    n = len(assessments)
    by = {c: sum(1 for a in assessments if a.category == c) for c in CATEGORIES}
    good = by["achieved"] + by["substantial-progress"]
    middle = by["moderate-progress"] + by["limited-progress"]
    unknown = by["insufficient-data"] + by["under-development"]
    text = (
        f"Av {n} {what} har {good} nådd målet eller god fremgang, {middle} moderat eller "
        f"begrenset fremgang og {by['deterioration']} tilbakegang; {unknown} kan ikke vurderes "
        "ennå (for lite data eller under arbeid)."
    )
    scored = [g for g in goals if g.mean_score is not None]
    if len(scored) >= 2:
        best = max(scored, key=lambda g: g.mean_score or 0.0)
        worst = min(scored, key=lambda g: g.mean_score or 0.0)
        text += (
            f" Høyest snittpoeng har {best.code} ({fmt.number(best.mean_score, 1)}), "
            f"lavest {worst.code} ({fmt.number(worst.mean_score, 1)})."
        )
    return text


def children_finding(parent: Assessment) -> str:
    """The composite's own explanation, prefixed with the spread of its children."""
    kids = parent.children
    if not kids:
        return parent.explanation_nb
    ordered = [c for c in PROGRESS_ORDER if any(k.category == c for k in kids)]
    spread = ", ".join(
        f"{sum(1 for k in kids if k.category == c)} {CATEGORY_LABELS_NB[c].lower()}"
        for c in reversed(ordered)
    )
    other = sum(1 for k in kids if k.category not in PROGRESS_ORDER)
    if other:
        spread += f", {other} uten vurdering"
    return f"Delindikatorene: {spread}. {parent.explanation_nb}"


#: The colour moves a transitions table is read for, worse ones first.
WORSE_MOVES = (("Grønn", "Gul"), ("Gul", "Rød"), ("Grønn", "Rød"))
BETTER_MOVES = (("Gul", "Grønn"), ("Rød", "Gul"), ("Rød", "Grønn"))


def colour_moves(table: Any) -> dict[str, int]:
    """``{"Grønn → Gul": 3, …}`` from a :func:`model.queries.transitions` table."""
    return {f"{a} → {b}": int(table.loc[a, b]) for a, b in (*WORSE_MOVES, *BETTER_MOVES)}


def transitions_finding(table: Any, from_round: str, to_round: str) -> str:
    """``Fra 2025-K2 til 2025-K3: 5 tiltak fikk dårligere status og 2 bedre; 11 kom til og 2
    falt ut av rapporteringen.``"""
    worse = sum(int(table.loc[a, b]) for a, b in WORSE_MOVES)
    better = sum(int(table.loc[a, b]) for a, b in BETTER_MOVES)
    return (
        f"Fra {from_round} til {to_round}: {fmt.count_word(worse, 'tiltak', 'tiltak')} fikk "
        f"dårligere status og {better} bedre; {int(table.loc['Ny'].sum())} kom til og "
        f"{int(table['Borte'].sum())} falt ut av rapporteringen."
    )


def months_words(months: int) -> str:
    """``+6 måneder``, ``+1 måned``, ``−3 måneder`` (a slip in months, signed)."""
    sign = "+" if months > 0 else ("\u2212" if months < 0 else "")
    return f"{sign}{abs(months)} {'måned' if abs(months) == 1 else 'måneder'}"


def slip_line(slip: Any) -> str:
    """``Planlagt ferdig 31. des. 2026 → 2. kv. 2027 (+6 måneder)`` for a
    :class:`~model.round_report.Slip`."""
    return (
        f"Planlagt ferdig {finish_text(slip.before_text)} → "
        f"{finish_text(slip.after_text)} ({months_words(slip.months)})"
    )


def track_line(track: Any) -> str:
    """A measure's planned finish from first report to now, for a :class:`FinishTrack`:
    ``Først planlagt ferdig 30. juni 2026 (2024-K1), nå 31. des. 2027: 18 måneder senere,
    flyttet 3 ganger.``"""
    first, latest = track.first, track.latest
    if first is None or latest is None:
        return "Tiltaket har ikke oppgitt planlagt ferdig."
    if len(track.dated) == 1 or not track.moves:
        return f"Planlagt ferdig {finish_text(latest.text)}, uendret siden {first.round}."
    months = track.total_months
    if months > 0:
        how = f"{fmt.count_word(months, 'måned', 'måneder')} senere"
    elif months < 0:
        how = f"{fmt.count_word(-months, 'måned', 'måneder')} tidligere"
    else:
        how = "samme dato som først planlagt"
    slips = track.times_slipped
    moved = f", utsatt {fmt.count_word(slips, 'gang', 'ganger')}" if slips else ""
    return (
        f"Først planlagt ferdig {finish_text(first.text)} ({first.round}), nå "
        f"{finish_text(latest.text)} ({latest.round}): {how}{moved}."
    )


def risk_line(item: Any) -> str:
    """``avhenger av T-0001 Felles legemiddelliste (■ Rød) via T-0003 → T-0002`` for an
    :class:`~model.dependencies.AtRisk`."""
    status = status_words(item.source_status)
    line = f"avhenger av {item.source} {fmt.shorten(item.source_name)} ({status})"
    if not item.direct:
        line += " via " + " → ".join(item.chain[1:-1])
    return line
