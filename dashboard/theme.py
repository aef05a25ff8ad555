"""The look of ehelse in one place: the status palette (colour + icon + word, never colour
alone), the Plotly template (Norwegian number separators, calm styling) and page CSS.

Colours are chosen for contrast (WCAG 2.1 AA: text on the tints ≥ 4.5:1, white text on the
fills ≥ 4.5:1) and are always paired with a word and a shape, so colour-blind readers and
black-and-white printouts lose nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from model.labels import NO_STATUS_ICON, NO_STATUS_WORD, STATUS_ICONS, status_words
from model.palette import PRIMARY


@dataclass(frozen=True)
class StatusStyle:
    word: str
    icon: str  # a shape that differs per status (for colour-blind readers)
    marker: str  # the Plotly marker symbol of the same shape
    fill: str  # chart fill / badge border
    line: str  # outline for non-text contrast against white
    tint: str  # light background for text badges (dark text on it)
    meaning: str


STATUS: dict[str, StatusStyle] = {
    word: StatusStyle(word, STATUS_ICONS[word], marker, fill, line, tint, meaning)
    for word, marker, fill, line, tint, meaning in (
        ("Grønn", "circle", "#177A4F", "#0B4F32", "#DCF1E6", "på sporet"),
        ("Gul", "triangle-up", "#F2B705", "#7A5500", "#FFF3C4", "noen utfordringer"),
        ("Rød", "square", "#C8372D", "#7D1F18", "#FBE1DE", "alvorlige problemer"),
    )
}
NO_STATUS = StatusStyle(
    NO_STATUS_WORD,
    NO_STATUS_ICON,
    "circle-open",
    "#8A8F98",
    "#5A5F66",
    "#EEF0F3",
    "ikke rapportert",
)

#: Streamlit's theme (light and dark palettes; the reader's system setting picks one).
#: dashboard/serve.py passes these as flags; .streamlit/config.toml repeats them (a test checks).
STREAMLIT_THEME: dict[str, str] = {
    "theme.font": "sans-serif",
    "theme.light.primaryColor": PRIMARY,
    "theme.light.backgroundColor": "#FFFFFF",
    "theme.light.secondaryBackgroundColor": "#F1F4F8",
    "theme.light.textColor": "#1A1A1A",
    "theme.dark.primaryColor": "#9CC3F5",
    "theme.dark.backgroundColor": "#10161E",
    "theme.dark.secondaryBackgroundColor": "#1C2632",
    "theme.dark.textColor": "#E9EEF4",
}

TEXT = "#1A1A1A"
MUTED = "#4A5361"
GRID = "#E3E7ED"
WHITE = "#FFFFFF"
#: Axis and zero lines of charts; the darker one on slides (a projector washes colours out).
AXIS = "#9AA3AF"
AXIS_DARK = "#5A6472"
#: The roadmap's year grid (stronger than GRID: it separates the years) and its arrows.
GRID_STRONG = "#D5DAE1"
ARROW = "#6B7380"
#: One series of values (bars, lines) where no status or category gives the colour.
SERIES = "#4E79A7"
#: An indicator chart's target line and projection toward 2030.
TARGET_COLOUR = "#0B4F32"
PROJECTION_COLOUR = "#8A4B08"
FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"

#: Goal-attainment categories: colour (for bars), icon and Norwegian label.
CATEGORY_STYLE: dict[str, tuple[str, str]] = {
    "achieved": ("#0B4F32", "★"),
    "substantial-progress": ("#177A4F", "▲"),
    "moderate-progress": ("#7FB77E", "↗"),
    "limited-progress": ("#F2B705", "→"),
    "deterioration": ("#C8372D", "▼"),
    "insufficient-data": ("#8A8F98", "…"),
    "under-development": ("#B6BCC6", "⚙"),
}


#: Light backgrounds for the category badges (dark text on them, ≥ 4.5:1).
CATEGORY_TINT: dict[str, str] = {
    "achieved": "#D3EBDD",
    "substantial-progress": "#DCF1E6",
    "moderate-progress": "#EAF5E9",
    "limited-progress": "#FFF3C4",
    "deterioration": "#FBE1DE",
    "insufficient-data": "#EEF0F3",
    "under-development": "#EEF0F3",
}
#: Icon, border colour and tint of the indicator status (Klar / Under arbeid).
STATUS_BADGE: dict[str, tuple[str, str, str]] = {
    "Klar": ("●", "#177A4F", "#DCF1E6"),
    "Under arbeid": ("⚙", "#5A5F66", "#EEF0F3"),
}
#: A badge for an indicator status the vocabulary does not know.
UNKNOWN_BADGE: tuple[str, str, str] = ("○", "#5A5F66", "#EEF0F3")


def status_style(status: str | None) -> StatusStyle:
    return STATUS.get(status or "", NO_STATUS)


def status_label(status: str | None) -> str:
    """``▲ Gul`` – the icon and the word (for tables, lists and chart labels); the wording is
    :func:`model.labels.status_words`, which the model's own sentences use too."""
    return status_words(status)


def status_cell(status: object) -> str:
    """A table cell: icon and word, or empty when nothing was reported (None/NaN)."""
    return status_label(status) if isinstance(status, str) and status else ""


def plotly_template() -> go.layout.Template:
    template = go.layout.Template()
    template.layout = go.Layout(
        font={"family": FONT, "size": 15, "color": TEXT},
        title={"font": {"size": 18, "color": TEXT}, "x": 0, "xanchor": "left"},
        separators=", ",  # decimal comma, space as thousands separator
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        colorway=[PRIMARY, SERIES, "#9C755F", "#76B7B2", "#B07AA1", "#59A14F", "#EDC948"],
        xaxis={"gridcolor": GRID, "linecolor": AXIS, "zeroline": False, "automargin": True},
        yaxis={"gridcolor": GRID, "linecolor": AXIS, "zeroline": False, "automargin": True},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "xanchor": "left",
            "x": 0,
            "title": None,
        },
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hoverlabel={"font": {"family": FONT, "size": 14}},
    )
    return template


def register_plotly_template() -> None:
    """Make ``ehelse`` the default Plotly template (idempotent; called by the pages, not at import)."""
    if "ehelse" not in pio.templates:
        pio.templates["ehelse"] = plotly_template()
    pio.templates.default = "ehelse"


#: Static CSS only: never interpolate user data into HTML.
PAGE_CSS = """
<style>
  :root { --ehelse-primary: PRIMARY_COLOUR; }
  /* Visible keyboard focus everywhere (WCAG 2.4.7). */
  a:focus-visible, button:focus-visible, [role="tab"]:focus-visible, input:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid var(--ehelse-primary) !important; outline-offset: 2px !important; }
  [data-testid="stMetricValue"] { font-weight: 600; }
  [data-testid="stMetricLabel"] p { font-size: 0.95rem; }
  /* A change and its judgement wrap inside the card instead of being cut («… (dårligere)»). */
  [data-testid="stMetricDelta"] .stMarkdownEllipsis, [data-testid="stMetricDelta"] p,
  [data-testid="stMetricDelta"] div { white-space: normal !important; overflow: visible !important;
    text-overflow: clip !important; }
  [data-testid="stMetricDelta"] { height: auto !important; max-width: 100%; }
  /* Card labels and values wrap rather than end in «…» («Ferdigstilt», «Gjennomføring»). */
  [data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] p,
  [data-testid="stMetricValue"] div { white-space: normal !important; overflow: visible !important;
    text-overflow: clip !important; overflow-wrap: normal; }
  [data-testid="stMetricValue"] { height: auto !important; }
  /* Headings break between words (or at a hyphenation point), never inside one. */
  h1, h2, h3, h4 { overflow-wrap: normal !important; word-break: normal !important;
    hyphens: auto; }
  /* Wide tables for wide screens, lists for phones (the same rows, both drawn). */
  @media (max-width: 640px) {
    h1 { font-size: 1.75rem !important; }
    h2, h3 { font-size: 1.3rem !important; }
    [class*="st-key-wide_"] { display: none !important; }
  }
  @media (min-width: 641px) { [class*="st-key-narrow_"] { display: none !important; } }
  /* A table row's cells after the name (Mål og indikatorer): five columns, two on phones. */
  .ehelse-cells { display: grid; grid-template-columns: 1.5fr 2fr 1.6fr 1.4fr 2.4fr;
                  gap: 0.75rem; align-items: center; }
  .ehelse-cells.head { font-size: 0.875rem; opacity: 0.8; }  /* like the caption beside it */
  @media (max-width: 640px) { .ehelse-cells { grid-template-columns: 1fr 1fr; } }
  /* Who you are (dashboard/views/tilgang.py): one line in the space above the page's title. */
  .st-key-ehelse_access { margin-top: -2rem; }
  .st-key-ehelse_access [data-testid="stText"] { font-size: 0.875rem; opacity: 0.75; }
</style>
""".replace("PRIMARY_COLOUR", PRIMARY)
