"""The Norwegian word for every value of the domain's vocabularies, in one place.

Every surface – pages, meeting mode, the meeting papers, the command line and the sentences the
model writes (explanations, narratives, error messages) – takes its words from here, so one value
is always called the same thing. Keys are the stored values (``"achieved"``, ``"leser"``, …).

Wording that only a page shows (column headings, badges, page texts) lives in
``dashboard/labels.py``. ``tests/test_one_home.py`` fails on a label table defined anywhere else.
This module imports nothing from the project: every other module may use it.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------------
# A measure's status colour: never shown by colour alone (WCAG 2.1, 1.4.1)
# --------------------------------------------------------------------------------------------

#: The shape beside each status colour (text, tables, charts' markers take the same shapes).
STATUS_ICONS: dict[str, str] = {"Grønn": "●", "Gul": "▲", "Rød": "■"}
NO_STATUS_ICON = "○"
NO_STATUS_WORD = "Uten status"
#: What a measure that has no status any more is called, by its state.
FINISHED_WORDS_NB: dict[str, str] = {"Ferdigstilt": "✓ Ferdigstilt", "Stoppet": "✕ Stoppet"}


def status_words(status: str | None, state: str | None = None) -> str:
    """``▲ Gul``; ``✓ Ferdigstilt`` or ``✕ Stoppet`` for a measure that has no status any more
    (by its ``state``); otherwise ``○ Uten status``."""
    if status in STATUS_ICONS:
        return f"{STATUS_ICONS[status]} {status}"
    return FINISHED_WORDS_NB.get(state or "", f"{NO_STATUS_ICON} {NO_STATUS_WORD}")


# --------------------------------------------------------------------------------------------
# Goal attainment (model.attainment, formats.md §4)
# --------------------------------------------------------------------------------------------

CATEGORY_LABELS_NB: dict[str, str] = {
    "achieved": "Målet er nådd",
    "substantial-progress": "God fremgang",
    "moderate-progress": "Moderat fremgang",
    "limited-progress": "Begrenset fremgang",
    "deterioration": "Tilbakegang",
    "insufficient-data": "For lite data",
    "under-development": "Under arbeid",
}
METHOD_LABELS_NB: dict[str, str] = {
    "open-sdg": "Open SDG (fremdriftsmål)",
    "linear-trajectory": "Lineær bane mot målet",
    "share-of-distance": "Andel av avstanden til målet",
}
COMPOSITE_METHOD_LABELS_NB: dict[str, str] = {
    "mean-score": "Gjennomsnittlig poeng",
    "worst-child": "Svakeste delindikator",
    "median-child": "Median delindikator",
}

# --------------------------------------------------------------------------------------------
# A round and its figures (model.rounds, model.round_report)
# --------------------------------------------------------------------------------------------

#: A change judged by :class:`model.round_report.Figure`.
JUDGEMENT_NB: dict[str, str] = {"better": "bedre", "worse": "dårligere"}
#: A reporting round's state (``ehelse round``; the Innrapportering page).
ROUND_STATE_LABELS_NB: dict[str, str] = {
    "open": "åpen",
    "published": "publisert",
    "reopened": "gjenåpnet",
}

# --------------------------------------------------------------------------------------------
# Imports (model.vocab.BatchStatus and BatchKind, importers.report)
# --------------------------------------------------------------------------------------------

#: An import batch's state, the same word on the history page and in ``ehelse history``.
BATCH_STATUS_LABELS_NB: dict[str, str] = {
    "loaded": "Lastet inn",
    "replaced": "Erstattet",
    "rolled-back": "Angret",
}
#: What an import batch loaded.
BATCH_KIND_LABELS_NB: dict[str, str] = {
    "portfolio": "Portefølje",
    "indicators": "Indikatorer",
    "cases": "Saker",
}
#: The kind of workbook, as the import report names it.
BATCH_KIND_DOCUMENTS_NB: dict[str, str] = {
    "portfolio": "porteføljerapport",
    "indicators": "indikatorarbeidsbok",
    "cases": "saksarbeidsbok (møter, saker og vedtak)",
}
#: The outcome of one upload (``ImportReport.status``).
IMPORT_STATUS_LABELS_NB: dict[str, str] = {
    "loaded": "Lastet inn",
    "unchanged": "Uendret (filen er allerede lastet inn)",
    "rejected": "Avvist",
    "dry-run": "Kontrollert (ingenting lagret)",
}

# --------------------------------------------------------------------------------------------
# Council cases (model.cases)
# --------------------------------------------------------------------------------------------

FOLLOW_UP_LABELS_NB: dict[str, str] = {
    "due": "Oppfølging ventes",
    "pending": "Oppfølging senere",
    "answered": "Fulgt opp",
}

# --------------------------------------------------------------------------------------------
# Access, sign-in and the audit log (model.access, model.web_sessions, model.audit_log)
# --------------------------------------------------------------------------------------------

ROLE_LABELS_NB: dict[str, str] = {
    "leser": "Leser",
    "redaktor": "Redaktør",
    "administrator": "Administrator",
}
#: What a permission lets a person do, as the end of «… har ikke lov til å …».
PERMISSION_LABELS_NB: dict[str, str] = {
    "view": "se dashbordet",
    "import": "laste opp filer",
    "edit-cases": "registrere og endre møter, saker og vedtak",
    "rollback": "angre importer",
    "admin": "administrere brukere og roller",
    "audit": "se revisjonsloggen",
    "backup": "ta eller hente tilbake sikkerhetskopier",
}
#: Why a sign-in no longer counts, as the sign-in page says it.
SESSION_ENDED_NB: dict[str, str] = {
    "revoked": "Du er logget ut. Logg inn på nytt for å fortsette.",
    "expired": "Innloggingen er utløpt. Logg inn på nytt for å fortsette.",
}
AUDIT_ACTION_LABELS_NB: dict[str, str] = {
    "import": "Opplasting",
    "rollback": "Angring",
    "case-edit": "Sak registrert på siden",
    "role-change": "Rolleendring",
    "export": "Eksport",
    "backup": "Sikkerhetskopi",
    "restore": "Gjenoppretting",
}
AUDIT_OUTCOME_LABELS_NB: dict[str, str] = {
    "ok": "Utført",
    "rejected": "Avvist (feil i filen)",
    "unchanged": "Uendret (var lastet inn fra før)",
    "denied": "Nektet (mangler rolle)",
}


def label(table: dict[str, str], value: str | None, unknown: str = "ukjent") -> str:
    """``value``'s word in ``table``; a value the table does not know as it is."""
    if value is None:
        return unknown
    return table.get(value, value)
