"""The import report: everything a person (or a program) needs to know about one upload."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from importers.errors import Issue
from model.labels import BATCH_KIND_DOCUMENTS_NB, IMPORT_STATUS_LABELS_NB, label
from model.safe_text import json_text, terminal


@dataclass
class ImportReport:
    """The outcome of validating (and maybe loading) one file. ``to_json`` is the contract."""

    file_name: str
    sha256: str | None = None
    kind: str | None = None
    status: str = "rejected"
    round: str | None = None
    version: str | None = None
    batch_id: int | None = None
    rows: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    #: True when the file could not be read at all (exit code 2).
    unreadable: bool = False
    #: Extra facts for people (not part of the JSON contract), e.g. a preview of changes.
    notes: list[str] = field(default_factory=list)
    #: ``--dry-run``: what loading the file would change (:mod:`importers.preview`); printed
    #: as ``"preview"`` in the JSON of a dry run, absent otherwise.
    preview: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return 2
        return 1 if self.status == "rejected" else 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "kind": self.kind,
            "round": self.round,
            "version": self.version,
            "batch_id": self.batch_id,
            "sha256": self.sha256,
            "rows": self.rows,
            "errors": [e.to_json() for e in self.errors],
            "warnings": [w.to_json() for w in self.warnings],
        }
        if self.preview is not None:
            out["preview"] = self.preview
        return out

    def dumps(self) -> str:
        return json_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2))

    def flatten(self, keys: Sequence[str] = ("sheet", "row", "column", "code")) -> list[list[Any]]:
        """The errors as plain lists, e.g. ``[["Tiltak", 14, "Samlet status", "invalid-value"]]``."""
        return [[getattr(e, k) for k in keys] for e in self.errors]

    def to_text(self) -> str:
        """A readable Norwegian summary, with one line per problem. Text from the file (names,
        values, sheet and column headers) is shown with its control characters escaped: it can
        neither move the cursor nor fake a line of the summary."""
        lines = [f"Fil: {terminal(self.file_name)}"]
        lines.append(f"Type: {label(BATCH_KIND_DOCUMENTS_NB, self.kind)}")
        if self.round:
            lines.append(f"Rapporteringsrunde: {terminal(self.round)}")
        if self.version:
            lines.append(f"Indikatorsett: {terminal(self.version)}")
        lines.append(f"Resultat: {label(IMPORT_STATUS_LABELS_NB, self.status)}")
        if self.batch_id is not None:
            lines.append(f"Importnummer: {self.batch_id}")
        if self.rows:
            lines.append(f"Rader: {self.rows}")
        lines.extend(self.notes)
        if self.preview is not None and self.kind == "portfolio":
            from importers.preview import preview_lines

            lines.extend(preview_lines(self.preview))
        if self.errors:
            lines.append("")
            lines.append(f"Feil ({len(self.errors)}) – ingenting er lagret:")
            lines.extend(_issue_table(self.errors))
        if self.warnings:
            lines.append("")
            lines.append(f"Advarsler ({len(self.warnings)}):")
            lines.extend(_issue_table(self.warnings))
        return "\n".join(lines)


def _issue_table(issues: Iterable[Issue]) -> list[str]:
    rows = [
        (
            terminal(i.sheet or "–"),
            "–" if i.row is None else str(i.row),
            terminal(i.column or "–"),
            terminal(i.message),
        )
        for i in issues
    ]
    from model.fmt import text_table

    return text_table(("Ark", "Rad", "Kolonne", "Melding"), rows, indent="  ")
