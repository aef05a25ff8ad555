"""Shared widgets: round picker bound to the URL, KPI cards, charts with a text alternative,
and tables whose cells are always plain text (user text is never rendered as HTML/markdown)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import framework_nb, labels
from dashboard.export.blocks import Metric
from dashboard.theme import PAGE_CSS, TEXT, register_plotly_template, status_label, status_style
from model import fmt
from model.periods import round_label


def page_setup() -> None:
    """Once per script run: the data version, the Plotly template, the CSS and the language."""
    from dashboard.data import refresh_data_key

    refresh_data_key()
    register_plotly_template()
    st.html(PAGE_CSS)
    # Streamlit serves <html lang="en">; screen readers must read Norwegian (WCAG 3.1.1).
    # Static scripts without any user data: the language, and Streamlit's own texts in
    # Norwegian (dashboard/framework_nb.py).
    st.html(SET_LANGUAGE + framework_nb.script(), unsafe_allow_javascript=True)


SET_LANGUAGE = "<script>document.documentElement.lang = 'nb';</script>"

#: How long after the first screen is shown the rest of a page follows (seconds).
BELOW_THE_FOLD_DELAY = 0.6


def below_the_fold(page_key: str) -> bool:
    """True when the part of ``page_key`` below the first screen may be drawn now.

    A new visitor first gets the first screen alone: the heavier parts further down (a table
    widget, a chart) load their code in the browser, and loaded together with the first screen
    they delayed it by a second (tests/bench/browser.py). A one-shot timer brings the rest
    ``BELOW_THE_FOLD_DELAY`` s later, while the person reads the top; after that, the session
    gets the whole page at once (round picker, page switches).
    """
    ready = f"_below_fold_{page_key}"
    if st.session_state.get(ready):
        return True

    @st.fragment(run_every=BELOW_THE_FOLD_DELAY)
    def _rest_follows() -> None:
        armed = f"_below_fold_armed_{page_key}"
        if st.session_state.get(armed):
            st.session_state[ready] = True
            st.rerun()  # the whole page, now with the rest; the timer ends with it
        st.session_state[armed] = True
        st.caption("Laster resten av siden …")

    _rest_follows()
    return False


def query_value(key: str, default: str | None = None) -> str | None:
    value = st.query_params.get(key)
    return value if value else default


def url_sync(key: str, value: str | None, default: str | None) -> None:
    """Write a choice to the URL when it differs from the default (or was there already); a
    choice of nothing removes the parameter."""
    if value is not None and (value != default or key in st.query_params):
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    elif value is None and key in st.query_params:
        del st.query_params[key]


def url_selectbox(
    label: str,
    options: Sequence[Any],
    param: str | tuple[str, ...],
    default: Any = None,
    *,
    where: Any = st,
    **widget: Any,
) -> Any:
    """A select box bound to the URL: the option named by ``?param=`` is chosen when there is
    one, else ``default`` (None: nothing until the reader picks). The choice is written back when
    it differs from the default or the URL had it. With a tuple of parameters each option is a
    tuple of their values (a case: ``?forum=…&nr=…``) and there is no default."""
    options = list(options)
    single = isinstance(param, str)
    keys: tuple[str, ...] = (param,) if isinstance(param, str) else param
    wanted = query_value(keys[0]) if single else tuple(query_value(k) for k in keys)
    if wanted in options:
        index: int | None = options.index(wanted)
    else:
        index = None if default is None else options.index(default)
    chosen = where.selectbox(label, options, index=index, **widget)
    if chosen is not None:
        for k, value, fallback in zip(
            keys, (chosen,) if single else chosen, (default,) * len(keys), strict=True
        ):
            url_sync(k, value, fallback)
    return chosen


def id_picker(label: str, names: dict[str, str], *, key: str) -> str | None:
    """A searchable picker of codes shown with their names, bound to ``?id=`` (nothing chosen
    until the reader picks or the URL names one)."""
    return url_selectbox(
        label,
        list(names),
        "id",
        format_func=lambda c: f"{c} · {names[c]}",
        placeholder="Skriv for å søke etter navn eller ID",
        key=key,
    )


def round_picker(
    rounds: Sequence[str], *, key: str = "runde", label: str = "Rapporteringsrunde"
) -> str:
    """A select box of rounds (newest first) that reads and writes ``?runde=`` in the URL."""
    from dashboard.data import cached
    from model import queries

    newest_first = list(reversed(rounds))
    states = cached(queries.round_states)()
    # The newest published round first; an open round (editors only) is one pick away.
    published = [r for r in newest_first if states.get(r, "published") == "published"]
    default = published[0] if published else newest_first[0]

    def label_of(code: str) -> str:
        state = states.get(code, "published")
        return round_label(code) + ("" if state == "published" else " (ikke publisert)")

    return url_selectbox(
        label, newest_first, key, default, key=f"picker_{key}", format_func=label_of
    )


def open_round_banner(round_code: str) -> None:
    """Said on every page that shows a round that is not published (only editors and
    administrators see such a round)."""
    from dashboard.data import cached
    from model import queries

    state = cached(queries.round_states)().get(round_code)
    if state in ("open", "reopened"):
        what = "åpen for innrapportering" if state == "open" else "gjenåpnet for rettelser"
        st.warning(
            f"Runden {round_code} er {what} og ikke publisert. Bare redaktører og administratorer "
            "ser den, og tallene endrer seg til alle tiltakseierne har levert.",
            icon=":material/pending_actions:",
        )


def metric_card(column: Any, item: Metric, *, show_since: bool = False) -> None:
    """A headline figure as a card: the value, its change worded by model.fmt (never computed
    here) with its judgement in words, the delta coloured by that judgement (up or down, better
    is green, worse is red; neither is grey)."""
    line = item.change
    if line is not None:
        if show_since and item.since:
            line += f" {item.since}"
        if item.judgement:
            line += f" ({item.judgement_text})"
    if line is None:
        column.metric(item.label, item.value, help=item.help or None, border=True)
        return
    worse = item.judgement == "worse"
    colour = (
        "off" if not item.judgement else ("inverse" if (item.direction > 0) == worse else "normal")
    )
    column.metric(
        item.label,
        item.value,
        # Streamlit reads the sign from an ASCII "-"; the typographic minus would show as a rise.
        delta=line.replace(fmt.MINUS, "-"),
        delta_color=colour,
        delta_arrow="auto" if item.direction else "off",
        help=item.help or None,
        border=True,
    )


def chart(fig: go.Figure, *, finding: str, table: pd.DataFrame | None = None, key: str) -> None:
    """A chart, the sentence that states its finding, and a 'Vis som tabell' toggle with the numbers."""
    st.plotly_chart(
        fig,
        key=f"chart_{key}",
        config=framework_nb.PLOTLY_CONFIG,
    )
    st.caption(md_escape(finding))
    if table is not None and st.toggle(labels.SHOW_TABLE, key=f"table_{key}"):
        st.dataframe(table, hide_index=True)
        csv_download(table, f"{key}.csv", key=f"csv_{key}")


def csv_download(
    frame: pd.DataFrame, file_name: str, *, key: str, label: str = "Last ned tabellen (CSV)"
) -> None:
    """A CSV of a table shown on the page. Streamlit's own table download is switched off
    (``client.disableDataExport``): it writes ``=HYPERLINK(…)`` from a measure's name as a
    formula; this one writes it as text (:func:`model.safe_text.frame_csv`)."""
    from model.safe_text import frame_csv

    st.download_button(
        label,
        frame_csv(frame),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def status_text_column(values: pd.Series) -> pd.Series:
    return values.map(status_label)


def style_status(frame: pd.DataFrame, columns: Sequence[str]) -> Any:
    """A Styler that tints status cells (the cell text already carries icon and word)."""

    def tint(value: Any) -> str:
        if not isinstance(value, str):
            return ""
        word = value.split(" ", 1)[-1]
        style = status_style(word if word in ("Grønn", "Gul", "Rød") else None)
        return f"background-color: {style.tint}; color: {TEXT}"

    present = [c for c in columns if c in frame.columns]
    return frame.style.map(tint, subset=present)


first_line = fmt.first_line


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$&:@")


def md_escape(text: Any) -> str:
    """Text that Streamlit's markdown shows literally: no links (not even bare e-mail addresses
    or URLs), no emphasis, no HTML, no LaTeX, no colour directives."""
    if text is None:
        return ""
    out = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))
    return out.replace("\n", "  \n")


def text_table(frame: pd.DataFrame, *, limit: int | None = None) -> None:
    """A real HTML table (readable by screen readers, selectable, printable) whose cells are shown
    literally: st.table renders Markdown, so every cell is escaped first."""
    shown = frame if limit is None else frame.head(limit)
    escaped = shown.map(lambda v: md_escape(v) if isinstance(v, str) else v)
    escaped.columns = [md_escape(c) for c in escaped.columns]
    st.table(escaped.set_index(escaped.columns[0]) if len(escaped.columns) else escaped)
    if limit is not None and len(frame) > limit:
        st.caption(f"Viser de første {limit} av {len(frame)} radene. Last ned hele listen under.")


def measure_link(code: str) -> str:
    """A relative URL to the measure page (for LinkColumn)."""
    return f"tiltak?id={code}"
