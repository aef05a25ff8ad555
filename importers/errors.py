"""The error vocabulary of the importers: one stable slug per kind of problem.

Each problem found in a file becomes an :class:`Issue` with the sheet, the row as the
spreadsheet shows it (header = 1), the column header, the offending value and a Norwegian
message a person can act on. Codes are a public contract (``../shared/formats.md`` §3).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: code → short Norwegian title (used as the heading of a group of problems).
CODES: dict[str, str] = {
    "missing-sheet": "Arket mangler",
    "missing-column": "Kolonnen mangler",
    "duplicate-column": "Kolonnen finnes flere ganger",
    "missing-value": "Verdi mangler",
    "invalid-value": "Ugyldig verdi",
    "invalid-number": "Ikke et tall",
    "invalid-date": "Ugyldig dato",
    "invalid-period": "Ugyldig periode",
    "duplicate-id": "ID-en er brukt før",
    "unknown-reference": "Ukjent referanse",
    "unknown-column": "Ukjent kolonne",
    "dependency-cycle": "Avhengigheter i ring",
    "unsupported-file": "Filtypen støttes ikke",
    "corrupt-file": "Filen kan ikke leses",
    "too-large": "Filen er for stor",
    # Plausibility (formats.md §6)
    "comment-required": "Kommentar mangler",
    "unknown-owner": "Ukjent tiltakseier",
    "round-gap": "Runde hoppet over",
    "header-not-found": "Fant ikke overskriftsraden",
    # The reporting cycle (formats.md §6)
    "wrong-owner": "Tiltaket tilhører en annen tiltakseier",
    "round-exists": "Runden finnes fra før",
    "round-not-open": "Runden er ikke åpen for innrapportering",
}

#: Codes that concern the whole file: the importer cannot even look at its rows.
FILE_LEVEL_CODES = frozenset({"unsupported-file", "corrupt-file", "too-large"})


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem (an error or a warning) at one place in one file."""

    code: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown issue code {self.code!r}")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = _jsonable(self.value)
        return {k: data[k] for k in ("sheet", "row", "column", "code", "message", "value")}

    @property
    def title(self) -> str:
        return CODES[self.code]


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class FileRefused(Exception):
    """The file cannot be read at all (wrong type, corrupt, too large): exit code 2."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


class ImportRefused(Exception):
    """Raised inside the load transaction to abort it; carries the problems found."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(i.message for i in issues))
        self.issues = issues
