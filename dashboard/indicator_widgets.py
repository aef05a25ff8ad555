"""Widgets shared by the indicator pages: the choice of version, method, composite method and
cut-off period, kept in the URL (``?versjon=v0.7&metode=…&sammensatt=…&per=2023``) so a link
shows the same picture, and carried along when one page links to another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard.components import url_selectbox, url_sync
from dashboard.labels import method_text
from model.attainment import COMPOSITE_METHODS, METHODS
from model.labels import COMPOSITE_METHOD_LABELS_NB, METHOD_LABELS_NB
from model.periods import is_period, period_label

URL_VERSION, URL_METHOD, URL_COMPOSITE, URL_AS_OF, URL_SUPPORT = (
    "versjon",
    "metode",
    "sammensatt",
    "per",
    "stotte",
)
ALL_PERIODS = ""


@dataclass(frozen=True)
class Choice:
    """What the reader chose: version of the set, methods, cut-off period, support counting."""

    version: str | None
    method: str = METHODS[0]
    composite_method: str = COMPOSITE_METHODS[0]
    as_of: str | None = None
    support: bool = False

    def link_params(self) -> dict[str, str]:
        """Query parameters that carry this choice to another indicator page (defaults left out)."""
        out: dict[str, str] = {}
        if self.version and URL_VERSION in st.query_params:
            out[URL_VERSION] = self.version
        if self.method != METHODS[0]:
            out[URL_METHOD] = self.method
        if self.composite_method != COMPOSITE_METHODS[0]:
            out[URL_COMPOSITE] = self.composite_method
        if self.as_of:
            out[URL_AS_OF] = self.as_of
        return out

    def caption(self) -> str:
        """``Metode: … · Sammensatte indikatorer: … · Indikatorsett v0.8 · Observasjoner: alle``."""
        version = f"Indikatorsett {self.version}" if self.version else "Uversjonerte indikatorer"
        cut = f"til og med {period_label(self.as_of)}" if self.as_of else "alle"
        return (
            f"{method_text(self.method, self.composite_method)} · {version} · Observasjoner: {cut}"
        )


def settings_bar(
    versions: Sequence[str],
    periods: Sequence[str],
    *,
    support_toggle: bool = False,
) -> Choice:
    """Version, method, composite method and cut-off period pickers, bound to the URL.

    ``versions`` oldest first; ``periods`` the national series' periods, oldest first.
    """
    columns = st.columns([1, 1.6, 1.6, 1.3])
    version = None
    if versions:
        newest_first = list(reversed(versions))
        version = url_selectbox(
            "Indikatorsett",
            newest_first,
            URL_VERSION,
            newest_first[0],
            where=columns[0],
            format_func=lambda v: f"Versjon {v}",
            key="ind_version",
            help="Hvilken versjon av indikatorsettet som vises. Standard er den nyeste.",
        )
    else:
        columns[0].markdown("**Indikatorsett**  \nUversjonert")
    method = url_selectbox(
        "Metode for måloppnåelse",
        METHODS,
        URL_METHOD,
        METHODS[0],
        where=columns[1],
        format_func=METHOD_LABELS_NB.__getitem__,
        key="ind_method",
        help=(
            "Open SDG er standard: årlig vekst fra basisåret sammenlignet med veksten som trengs "
            "for å nå målet (eller med faste vekstgrenser når målet mangler). De to andre "
            "metodene krever et mål for 2030."
        ),
    )
    composite = url_selectbox(
        "Sammensatte indikatorer",
        COMPOSITE_METHODS,
        URL_COMPOSITE,
        COMPOSITE_METHODS[0],
        where=columns[2],
        format_func=COMPOSITE_METHOD_LABELS_NB.__getitem__,
        key="ind_composite",
        help=(
            "Hvordan en sammensatt indikator vurderes ut fra delindikatorene. Metoden er ikke "
            "bestemt ennå, derfor kan den velges her."
        ),
    )
    options = [ALL_PERIODS, *reversed(periods)]
    wanted = st.query_params.get(URL_AS_OF, ALL_PERIODS)
    if wanted and wanted not in options and is_period(wanted):
        # A cut-off from a link (a round's pages link with ?per=2025-K3) need not be a period
        # with values of its own.
        options.insert(1, wanted)
    as_of = columns[3].selectbox(
        "Til og med",
        options,
        index=options.index(wanted) if wanted in options else 0,
        format_func=lambda p: "Alle observasjoner" if p == ALL_PERIODS else period_label(p),
        key="ind_as_of",
        help="Vis måloppnåelsen slik den var: bare verdier for perioder som er over ved "
        "slutten av denne perioden (ved 3. kvartal 2025 teller ikke året 2025, som ikke er over).",
    )
    url_sync(URL_AS_OF, as_of or None, None)
    support = False
    if support_toggle:
        support = st.toggle(
            "Tell med støtteindikatorene per mål",
            value=st.query_params.get(URL_SUPPORT) == "1",
            key="ind_support",
        )
        url_sync(URL_SUPPORT, "1" if support else None, None)
    return Choice(version, method, composite, as_of or None, support)
