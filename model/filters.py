"""Portfolio filters: a plain value that pages keep in the URL and apply to a round's reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

#: field → URL query parameter (Norwegian, readable in a shared link)
URL_KEYS = {
    "owners": "eier",
    "areas": "satsning",
    "goals": "mal",
    "phases": "fase",
    "states": "tilstand",
    "statuses": "status",
    "risks": "risiko",
    "search": "sok",
}


@dataclass(frozen=True)
class PortfolioFilter:
    owners: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    search: str = ""

    def is_empty(self) -> bool:
        return self == PortfolioFilter()

    def to_query(self) -> dict[str, list[str] | str]:
        out: dict[str, list[str] | str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                out[URL_KEYS[f.name]] = value if isinstance(value, str) else list(value)
        return out

    @classmethod
    def from_query(cls, get_all: Any) -> PortfolioFilter:
        """From a query-parameter reader: ``get_all(key) -> list[str]``."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            items = [v for v in get_all(URL_KEYS[f.name]) if v]
            values[f.name] = (items[0] if items else "") if f.name == "search" else tuple(items)
        return cls(**values)

    def apply(self, frame: Any) -> Any:
        """The rows of a ``round_reports`` frame that match every chosen criterion."""
        mask = frame["code"].notna()
        for field, column in (
            ("owners", "owner"),
            ("areas", "programme_area"),
            ("phases", "phase"),
            ("states", "state"),
            ("risks", "risk"),
        ):
            chosen = getattr(self, field)
            if chosen:
                mask &= frame[column].isin(chosen)
        if self.statuses:
            wanted = set(self.statuses)
            status = frame["status_overall"].fillna("Uten status")
            mask &= status.isin(wanted)
        if self.goals:
            wanted = set(self.goals)
            mask &= frame["goals"].fillna("").map(lambda g: bool(wanted & set(g.split(";"))))
        if self.search.strip():
            needle = self.search.strip().casefold()
            haystack = (
                frame["name"].fillna("") + "\n" + frame["comment"].fillna("") + "\n" + frame["code"]
            ).str.casefold()
            mask &= haystack.str.contains(needle, regex=False)
        return frame[mask]


def describe(filt: PortfolioFilter, goal_names: Mapping[str, str] | None = None) -> str:
    """The filters in words, for captions and export footers (``Filter: Tiltakseier: KS; Søk: «PLL»``)."""
    if filt.is_empty():
        return "Ingen filter"
    parts = []
    labels = {
        "owners": "Tiltakseier",
        "areas": "Satsning",
        "goals": "Mål",
        "phases": "Fase",
        "states": "Tilstand",
        "statuses": "Status",
        "risks": "Risiko",
    }
    for field, label in labels.items():
        chosen = getattr(filt, field)
        if chosen:
            parts.append(f"{label}: {', '.join(chosen)}")
    if filt.search:
        parts.append(f"Søk: «{filt.search}»")
    return "Filter: " + "; ".join(parts)
