"""Norwegian wording of the pages in one place, so every page says things the same way.

The word for a value of the domain (a category, a role, a round state …) comes from
``model/labels.py``, which the model, the meeting papers and the command line share; this module
holds what only the pages show: column headings, page texts and the indicator badges. A category
is always shown as colour **and** icon **and** word (theme.CATEGORY_STYLE). The badge HTML is
built from these constants only, never from user data.
"""

from __future__ import annotations

import math

from dashboard.theme import CATEGORY_STYLE, CATEGORY_TINT, STATUS_BADGE, TEXT, UNKNOWN_BADGE
from model import fmt
from model.labels import CATEGORY_LABELS_NB, COMPOSITE_METHOD_LABELS_NB, METHOD_LABELS_NB
from model.periods import period_label

APP_TITLE = "E-helse: portefølje og indikatorer"

COLUMNS = {
    "code": "Tiltak-ID",
    "name": "Tiltak",
    "owner": "Tiltakseier",
    "programme_area": "Satsning",
    "goals": "Strategiske mål",
    "phase": "Fase",
    "state": "Tilstand",
    "status_overall": "Samlet status",
    "status_progress": "Fremdrift",
    "status_cost": "Kostnad",
    "status_benefit": "Gevinst",
    "risk": "Risiko",
    "planned_finish": "Planlagt ferdig",
    "comment": "Statuskommentar",
    "dependencies": "Avhengigheter",
    "round_code": "Runde",
    "round": "Runde",
    "link": "Detaljer",
}

EMPTY_DATABASE = (
    "Databasen har ingen data ennå. Last opp en porteføljerapport på siden «Last opp», eller kjør "
    "`ehelse sample` for å fylle den med eksempeldata."
)
SHOW_TABLE = "Vis som tabell"
#: Where a person's role was set (the Brukere page).
ROLE_SOURCE_NB = {"database": "Satt her", "fil": "Rollefilen"}

TYPE_NB = {
    "Struktur": "Strukturindikator",
    "Prosess": "Prosessindikator",
    "Effekt": "Effektindikator",
}
LEVEL_NB = {"Strategisk": "Strategisk indikator", "Støtte": "Støtteindikator"}
BASIS_NB = {
    "target": "målt mot målet for 2030",
    "trend": "målt som trend (ingen mål for 2030 ennå)",
}
NO_TARGET = "ikke fastsatt"
#: Static CSS of the indicator pages: long indicator names in page links wrap instead of being
#: cut off (Streamlit keeps a page link on one line by default).
INDICATOR_CSS = """
<style>
  [data-testid="stMain"] [data-testid="stPageLink-NavLink"] span,
  [data-testid="stMain"] [data-testid="stPageLink-NavLink"] p {
    white-space: normal !important; overflow: visible !important;
  }
</style>
"""
EMPTY_INDICATORS = (
    "Databasen har ingen indikatorer ennå. Last opp en indikatorarbeidsbok på siden «Last opp», "
    "eller kjør `ehelse sample` for å fylle den med eksempeldata."
)


def category_label(category: str) -> str:
    """``▲ God fremgang``: icon and word."""
    return f"{CATEGORY_STYLE[category][1]} {CATEGORY_LABELS_NB[category]}"


def _badge(text: str, border: str, tint: str) -> str:
    return (
        f'<span style="display:inline-block;padding:1px 8px;border-radius:4px;'
        f"border:1px solid {border};border-left:6px solid {border};background:{tint};"
        f'color:{TEXT};font-size:0.92rem;line-height:1.35">{text}</span>'
    )


def category_badge(category: str) -> str:
    """A coloured badge with icon and word (static HTML from constants only)."""
    return _badge(category_label(category), CATEGORY_STYLE[category][0], CATEGORY_TINT[category])


def status_badge(status: str) -> str:
    icon, border, tint = STATUS_BADGE.get(status, UNKNOWN_BADGE)
    word = status if status in STATUS_BADGE else "Ukjent status"
    return _badge(f"{icon} {word}", border, tint)


def method_text(method: str, composite_method: str) -> str:
    """``Metode: Open SDG (fremdriftsmål) · Sammensatte indikatorer: Gjennomsnittlig poeng``."""
    return (
        f"Metode: {METHOD_LABELS_NB[method]} · Sammensatte indikatorer: "
        f"{COMPOSITE_METHOD_LABELS_NB[composite_method]}"
    )


def value_text(value: float | None, unit: str | None, decimals: int | None = None) -> str:
    """A value with its unit the Norwegian way: ``57 %``, ``1 234``, ``22 prosentpoeng``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    shown = fmt.number(value, decimals)
    if not unit or unit.casefold() == "antall":
        return shown
    if unit == "%":
        return f"{shown}{fmt.NBSP}%"
    return f"{shown} {unit}"


def target_text(target: float | None, unit: str | None) -> str:
    return NO_TARGET if target is None else value_text(target, unit)


def growth_text(rate: float | None, decimals: int = 1) -> str:
    """An annual growth rate (0.146) as ``14,6 %`` (the label says "per year")."""
    if rate is None:
        return "–"
    return fmt.fraction_percent(rate, decimals)


def period_text(period: str | None) -> str:
    return "–" if not period else period_label(period)


def count_badge(category: str, count: int) -> str:
    """``▲ God fremgang: 2`` as a badge (static HTML from constants and a number)."""
    return _badge(
        f"{category_label(category)}: {int(count)}",
        CATEGORY_STYLE[category][0],
        CATEGORY_TINT[category],
    )
