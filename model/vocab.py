"""The fixed vocabularies of the upload formats, in canonical Norwegian spelling.

One place for the words, so the importer, the templates' dropdowns and the dashboard agree.
"""

from __future__ import annotations

from enum import StrEnum

from model.labels import (
    BATCH_KIND_DOCUMENTS_NB,
    BATCH_KIND_LABELS_NB,
    BATCH_STATUS_LABELS_NB,
    label,
)

STATUS_COLOURS = ("Grønn", "Gul", "Rød")
PHASES = ("Planlegging", "Utprøving", "Gjennomføring", "Innføring", "Avsluttet")
STATES = ("Aktiv", "Pause", "Ferdigstilt", "Stoppet")
RISKS = ("Lav", "Middels", "Høy")
INDICATOR_TYPES = ("Struktur", "Prosess", "Effekt")
INDICATOR_STATUSES = ("Klar", "Under arbeid")
INDICATOR_LEVELS = ("Strategisk", "Støtte")
DIRECTIONS = ("Økende", "Synkende")
OVERARCHING_GOALS = ("O1", "O2", "O3")
STRATEGIC_GOALS = ("S1", "S2", "S3", "S4", "S5")
ALL_GOALS = OVERARCHING_GOALS + STRATEGIC_GOALS
DEFAULT_AREA = "Hele landet"
#: Treatment types of a council case (formats.md §8).
CASE_TYPES = ("Orientering", "Drøfting", "Beslutning", "Godkjenning")
#: The forums of the rådsmodell by their usual names; another name is accepted as typed.
FORUMS = ("NUIT", "Nasjonalt e-helseråd", "NUFA")

#: States that must carry a Samlet status.
STATES_NEEDING_STATUS = ("Aktiv", "Pause")

#: Accepted alternative spellings a person might type (matched after case folding).
SYNONYMS: dict[str, dict[str, str]] = {
    "status": {
        "gronn": "Grønn",
        "groenn": "Grønn",
        "rod": "Rød",
        "roed": "Rød",
        "green": "Grønn",
        "yellow": "Gul",
        "red": "Rød",
    },
    "indicator_type": {
        "strukturindikator": "Struktur",
        "prosessindikator": "Prosess",
        "effektindikator": "Effekt",
    },
    "level": {
        "stotte": "Støtte",
        "støtteindikator": "Støtte",
        "strategisk indikator": "Strategisk",
    },
    "direction": {
        "okende": "Økende",
        "synkende": "Synkende",
        "høyere er bedre": "Økende",
        "lavere er bedre": "Synkende",
    },
    "risk": {"hoy": "Høy", "høg": "Høy"},
    "case_type": {
        "orienteringssak": "Orientering",
        "drofting": "Drøfting",
        "drøftingssak": "Drøfting",
        "droftingssak": "Drøfting",
        "beslutningssak": "Beslutning",
        "godkjenningssak": "Godkjenning",
    },
    "forum": {
        "nuit": "NUIT",
        "nufa": "NUFA",
        "nasjonalt e-helseråd": "Nasjonalt e-helseråd",
        "nasjonalt ehelseråd": "Nasjonalt e-helseråd",
        "e-helserådet": "Nasjonalt e-helseråd",
        "ehelserådet": "Nasjonalt e-helseråd",
        "e-helserådet (nasjonalt e-helseråd)": "Nasjonalt e-helseråd",
    },
}


class BatchStatus(StrEnum):
    """An import batch's state (column ``import_batch.status``; ``ehelse history --json``)."""

    LOADED = "loaded"
    #: a later import of the same round, version or owner replaced all its rows
    REPLACED = "replaced"
    ROLLED_BACK = "rolled-back"

    @property
    def label(self) -> str:
        """The one Norwegian word every surface uses (page, command line)."""
        return BATCH_STATUS_LABELS_NB[self]


class BatchKind(StrEnum):
    """What an import batch loaded (column ``import_batch.kind``)."""

    PORTFOLIO = "portfolio"
    INDICATORS = "indicators"
    CASES = "cases"

    @property
    def label(self) -> str:
        return BATCH_KIND_LABELS_NB[self]

    @property
    def document(self) -> str:
        """The kind of workbook, as the import report names it."""
        return BATCH_KIND_DOCUMENTS_NB[self]


def batch_status_label(status: str) -> str:
    """``loaded`` → «Lastet inn»; an unknown value as it is."""
    return label(BATCH_STATUS_LABELS_NB, status)


def batch_kind_label(kind: str | None) -> str:
    """``portfolio`` → «Portefølje»; an unknown value as it is."""
    return label(BATCH_KIND_LABELS_NB, kind or None)
