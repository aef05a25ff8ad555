"""Streamlit's own interface texts in Norwegian.

Streamlit 1.67 has no language setting: the texts of its controls (the uploader's «Upload», the
«Select all» of a filter, a table's «Search», the «Page not found» dialog, the aria-labels a
screen reader reads …) are English in its JavaScript. Where Streamlit offers a documented
option, the dashboard uses it instead (``client.toolbarMode = "minimal"`` removes the ⋮ menu,
Plotly's own ``locales`` config translates the chart toolbar: :data:`PLOTLY_CONFIG`). For the
rest, one static script replaces these exact framework texts in the page as Streamlit draws
them — in the DOM itself, text and the attributes assistive technology reads (``aria-label``,
``title``, ``placeholder``), so a screen reader reads the Norwegian, never a hidden English.

Only whole texts listed here are replaced (or the patterns below), and never inside content
the dashboard shows (Markdown, tables, charts): a measure named «Search» stays «Search».
tests/e2e/test_every_mode.py scans every page in every mode for English that slipped through
(a new Streamlit version may add texts: the pin ``streamlit<1.68`` makes that a conscious step).
"""

from __future__ import annotations

import json
from functools import cache

from model.fmt import MONTHS

#: Whole texts (after trimming) → Norwegian.
TEXTS: dict[str, str] = {
    # The app's frame: skip link, navigation, sidebar, status, connection.
    "Skip to main content": "Gå til hovedinnholdet",
    "This app has encountered an error. The original error message is redacted to prevent data "
    "leaks. Full error details have been recorded in the logs (if you're on Streamlit Cloud, "
    "click on 'Manage app' in the lower right of your app).": "Dashbordet møtte en uventet feil. "
    "Feilmeldingen vises ikke her for å beskytte data; den er skrevet i serverens logg. Last "
    "siden på nytt.",
    "App pages": "Sidene i dashbordet",
    "Main menu": "Hovedmeny",
    "Sidebar": "Sidefelt",
    "Collapse sidebar": "Skjul sidefeltet",
    "Expand sidebar": "Vis sidefeltet",
    "Navigate to home page": "Til forsiden",
    "Link to heading": "Lenke til overskriften",
    "Notifications": "Varsler",
    "Running...": "Arbeider …",
    "Stop": "Stopp",
    "Stop script": "Stopp",
    "Rerun": "Kjør på nytt",
    "Connecting": "Kobler til",
    "Please wait...": "Vent litt …",
    "Loading...": "Laster …",
    "Close": "Lukk",
    "Fullscreen": "Fullskjerm",
    "Close fullscreen": "Lukk fullskjerm",
    "Exit fullscreen": "Lukk fullskjerm",
    "Copy to clipboard": "Kopier",
    # The dialog Streamlit shows for an address that is no page (nav.py spares the known ones).
    "Page not found": "Fant ikke siden",
    "The page that you have requested does not seem to exist. Running the app's main page.": (
        "Siden du ba om, finnes ikke. Du ser forsiden i stedet."
    ),
    # Select boxes and filters (st.selectbox, st.multiselect).
    "Choose an option": "Velg",
    "Choose options": "Velg",
    "Select...": "Velg …",
    "Open": "Åpne",
    "Clear value": "Tøm",
    "Clear all": "Fjern alle",
    "Select all": "Velg alle",
    "Selected values": "Valgte verdier",
    "No results": "Ingen treff",
    "No options to select": "Ingen valg",
    "No options to select.": "Ingen valg.",
    # Tables (st.dataframe): toolbar, search, column menu and column chooser.
    "Show/hide columns": "Vis eller skjul kolonner",
    "Download as CSV": "Last ned tabellen (CSV)",  # not the pages' own «Last ned som CSV»
    "Search": "Søk",
    "Type to search": "Skriv for å søke",
    "Close Search": "Lukk søket",
    "Next Result": "Neste treff",
    "Previous Result": "Forrige treff",
    "Clear selection": "Fjern valget",
    "Dataframe column menu": "Kolonnemeny",
    "Sort ascending": "Sorter stigende",
    "Sort descending": "Sorter synkende",
    "Pin column": "Fest kolonnen",
    "Unpin column": "Løsne kolonnen",
    "Hide column": "Skjul kolonnen",
    "Autosize": "Tilpass bredden",
    "Copy column name": "Kopier kolonnenavnet",
    "Statistics": "Statistikk",
    "Count": "Antall",
    "Distinct": "Ulike verdier",
    "Empty": "Tomme",
    "Minimum": "Minste",
    "Maximum": "Største",
    "Average": "Gjennomsnitt",
    "No data": "Ingen data",
    # The file uploader (st.file_uploader) and what it says about a file.
    "Upload": "Last opp",
    "Add files": "Legg til filer",
    "Drag and drop a file here": "Slipp filen her",
    "Drag and drop files here": "Slipp filene her",
    "file upload": "filopplasting",
    "File type not allowed.": "Filtypen kan ikke lastes opp her.",
    "Only one file is allowed.": "Bare én fil om gangen.",
    "Click to retry upload": "Klikk for å prøve igjen",
    "Unexpected error. Please try again.": "Noe gikk galt. Prøv igjen.",
    # Dates (st.date_input).
    "Choose date": "Velg dato",
    "Choose date range": "Velg tidsrom",
    "Clear date": "Tøm datoen",
    "Clear dates": "Tøm datoene",
    "Previous month": "Forrige måned",
    "Next month": "Neste måned",
    "Quick select a date range": "Velg et tidsrom raskt",
    # Tabs (st.tabs).
    "Scroll tabs left": "Bla fanene til venstre",
    "Scroll tabs right": "Bla fanene til høyre",
}

#: Texts with a variable part: (JavaScript regular expression, replacement with $1 …).
PATTERNS: tuple[tuple[str, str], ...] = (
    # The help icon beside a label («Help for Nye tiltak»).
    (r"^Help for (.+)$", "Hjelp om $1"),
    # The uploader's size line: Streamlit's own limit sits 1 MB above the importer's (serve.py),
    # so its number would mislead; the page's help text states the real limit.
    (r"^(?:Limit )?\S+ per file$", "Én fil om gangen"),
    (r"^(.+) files are not allowed\.$", "Filer av typen $1 kan ikke lastes opp her."),
    (r"^Remove (.+)$", "Fjern $1"),
    # The hint under a text box being edited.
    (r"^Press (⌘|Ctrl)\+Enter to apply$", "Trykk $1+Enter for å bruke teksten"),
    (r"^Press (⌘|Ctrl)\+Enter to submit form$", "Trykk $1+Enter for å sende skjemaet"),
    (r"^Press Enter to apply$", "Trykk Enter for å bruke teksten"),
    (r"^Press Enter to submit form$", "Trykk Enter for å sende skjemaet"),
    (r"^Cancel upload of (.+)$", "Avbryt opplastingen av $1"),
    (r"^Select (\d+) matches$", "Velg de $1 treffene"),
    (
        r"^You have requested page /(.*), but no corresponding file was found in the app's "
        r"pages/ directory\. Running the app's main page\.$",
        "Siden /$1 finnes ikke. Du ser forsiden i stedet.",
    ),
)

#: Where text is the dashboard's content (names, comments, charts), never Streamlit's: left
#: as it is, whatever it says.
CONTENT = ", ".join(
    (
        '[data-testid="stMarkdownContainer"]',
        '[data-testid="stTable"]',
        '[data-testid="stText"]',
        '[data-testid="stCode"]',
        '[data-testid="stDataFrame"] table',
        ".js-plotly-plot .main-svg",
    )
)

#: Streamlit's own controls that draw their labels as Markdown: the uploader's button, and the
#: tooltips of its buttons (a table's «Show/hide columns»; the pages' own help texts are
#: Norwegian and never match an English text above).
FRAMEWORK = '[data-testid="stFileUploaderDropzone"], [data-testid="stTooltipContent"]'

#: Attributes a screen reader or a tooltip reads.
ATTRIBUTES = ("aria-label", "title", "placeholder", "data-title")

_SCRIPT = """<script>
(() => {
  if (window.__ehelseNb) return;
  window.__ehelseNb = true;
  const texts = new Map(Object.entries(%(texts)s));
  const patterns = %(patterns)s.map(([re, to]) => [new RegExp(re), to]);
  const content = %(content)s;
  const framework = %(framework)s;
  const attributes = %(attributes)s;
  const norwegian = (text) => {
    const key = text.trim();
    if (!key) return null;
    let out = texts.get(key);
    if (out === undefined) {
      const hit = patterns.find(([re]) => re.test(key));
      if (!hit) return null;
      out = key.replace(hit[0], hit[1]);
    }
    return out === key ? null : text.replace(key, out);
  };
  const fixText = (node) => {
    const parent = node.parentElement;
    if (!parent) return;
    const shown = parent.closest(content);
    if (shown && !shown.closest(framework)) return;
    const out = norwegian(node.nodeValue);
    if (out !== null) node.nodeValue = out;
  };
  const fixAttributes = (element) => {
    for (const name of attributes) {
      const value = element.getAttribute(name);
      const out = value && norwegian(value);
      if (out) element.setAttribute(name, out);
    }
  };
  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixAttributes(root);
    root.querySelectorAll(attributes.map((a) => `[${a}]`).join(",")).forEach(fixAttributes);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) fixText(walker.currentNode);
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "childList") change.addedNodes.forEach(walk);
      else if (change.type === "characterData") fixText(change.target);
      else fixAttributes(change.target);
    }
  }).observe(document.body, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: attributes,
  });
  walk(document.body);
})();
</script>"""


@cache
def script() -> str:
    """The static ``<script>`` (no user data in it) that puts :data:`TEXTS` in place."""
    return _SCRIPT % {
        "texts": json.dumps(TEXTS, ensure_ascii=False),
        "patterns": json.dumps([list(p) for p in PATTERNS], ensure_ascii=False),
        "content": json.dumps(CONTENT),
        "framework": json.dumps(FRAMEWORK),
        "attributes": json.dumps(list(ATTRIBUTES)),
    }


#: Plotly's chart toolbar in Norwegian, through Plotly's documented ``locales`` config.
PLOTLY_LOCALE = {
    "dictionary": {
        "Download plot as a PNG": "Last ned diagrammet som PNG",
        "Download plot": "Last ned diagrammet",
        "Zoom": "Zoom",
        "Pan": "Panorer",
        "Box Select": "Velg med rektangel",
        "Lasso Select": "Velg med lasso",
        "Zoom in": "Zoom inn",
        "Zoom out": "Zoom ut",
        "Autoscale": "Tilpass aksene",
        "Reset axes": "Tilbakestill aksene",
        "Reset view": "Tilbakestill visningen",
        "Toggle Spike Lines": "Vis eller skjul hjelpelinjer",
        "Show closest data on hover": "Vis nærmeste verdi ved peking",
        "Compare data on hover": "Sammenlign verdier ved peking",
        "Double-click to zoom back out": "Dobbeltklikk for å zoome ut igjen",
        "Click to enter Colorscale title": "Klikk for å skrive tittel",
        "Click to enter Plot title": "Klikk for å skrive tittel",
        "Click to enter X axis title": "Klikk for å skrive tittel",
        "Click to enter Y axis title": "Klikk for å skrive tittel",
        "Taking snapshot - this may take a few seconds": "Lager bilde …",
        "Snapshot succeeded": "Bildet er laget",
        "Sorry, there was a problem downloading your snapshot!": "Bildet kunne ikke lastes ned.",
        "trace": "serie",
    },
    "format": {
        "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
        "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
        "months": list(MONTHS),
        "shortMonths": [
            "jan",
            "feb",
            "mar",
            "apr",
            "mai",
            "jun",
            "jul",
            "aug",
            "sep",
            "okt",
            "nov",
            "des",
        ],
        "date": "%d.%m.%Y",
        "decimal": ",",
        "thousands": " ",
    },
}

#: The config every chart of the dashboard is drawn with (``st.plotly_chart(config=...)``).
PLOTLY_CONFIG = {"displaylogo": False, "locale": "nb", "locales": {"nb": PLOTLY_LOCALE}}
