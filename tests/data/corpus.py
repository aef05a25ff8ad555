"""The manifest of the upload corpus: what ``ehelse import --json FILE`` must say about each file.

Every file in ``tests/data/corpus/`` is written by ``tests/data/make_corpus.py`` and listed here
exactly once. Each :class:`CorpusCase` states the expected exit code, the JSON ``status`` and
``kind``, and every error and warning as a ``(sheet, row, column, code)`` tuple in the terms of
``formats.md`` §3: ``row`` is the row number the spreadsheet program shows (header row = 1, first
data row = 2); ``row`` and/or ``column`` are ``None`` for problems of a whole file, sheet or
header. Columns are named by their canonical header (``"Samlet status"``, however the file spells
it); an unknown column by its header as written, stripped.

Compare as multisets, not lists: the contract does not fix the order of errors
(use :func:`issue_tuples` on the JSON ``errors``/``warnings``). Each case is meant for a fresh,
empty database; a case with ``needs_indicators`` first needs ``preload`` imported (exit 0).

Decisions taken where ``formats.md`` leaves a question open are written next to the case (look
for "Decision:"); README.md lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"

#: (sheet, row, column, code)
Issue = tuple[str | None, int | None, str | None, str]

Writer = Literal["openpyxl", "xlsxwriter", "libreoffice", "bytes"]

ROUND = ["--round", "2025-K3"]


@dataclass(frozen=True)
class CorpusCase:
    name: str
    writer: Writer
    kind: str | None
    exit_code: int
    status: str | None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    extra_args: list[str] = field(default_factory=list)
    description_nb: str = ""
    needs_indicators: bool = False
    preload: str | None = None

    @property
    def path(self) -> Path:
        return CORPUS_DIR / self.name

    @property
    def codes(self) -> set[str]:
        return {issue[3] for issue in self.errors}


def _sort_key(issue: Issue) -> tuple[str, int, str, str]:
    sheet, row, column, code = issue
    return (sheet or "", -1 if row is None else row, column or "", code)


def issue_tuples(issues: Iterable[Mapping[str, Any]]) -> list[Issue]:
    """JSON ``errors``/``warnings`` → sorted ``(sheet, row, column, code)`` tuples."""
    return sorted(
        ((i.get("sheet"), i.get("row"), i.get("column"), i["code"]) for i in issues),
        key=_sort_key,
    )


def expected(issues: Iterable[Issue]) -> list[Issue]:
    """A case's ``errors``/``warnings`` sorted the same way as :func:`issue_tuples`."""
    return sorted(issues, key=_sort_key)


T, OM, IND, VER = "Tiltak", "Om rapporten", "Indikatorer", "Verdier"

CASES: list[CorpusCase] = [
    # ------------------------------------------------------------------ good portfolio files
    CorpusCase(
        name="portefolje_gyldig.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=0,
        status="loaded",
        description_nb="Gyldig porteføljerapport 2025-K3 (8 tiltak), skrevet med openpyxl.",
    ),
    CorpusCase(
        name="portefolje_libreoffice.xlsx",
        writer="libreoffice",
        kind="portfolio",
        exit_code=0,
        status="loaded",
        description_nb=(
            "Samme gyldige rapport lagret som .xlsx av LibreOffice (annen intern struktur)."
        ),
    ),
    CorpusCase(
        name="portefolje_quirky.xlsx",
        writer="xlsxwriter",
        kind="portfolio",
        exit_code=0,
        status="loaded",
        # Decision: the trailing row holds only formatted blank cells and one cell with a single
        # space; a cell of white space only counts as empty, so the row is skipped silently.
        # Decision: one unknown-reference warning per unknown ID in Avhengigheter (here one).
        warnings=[
            (T, None, "Notater", "unknown-column"),
            (T, 3, "Avhengigheter", "unknown-reference"),
        ],
        description_nb=(
            "Rotete men gyldig: overskrifter i annen skrift og med mellomrom, kolonner i annen "
            "rekkefølge, ekstra kolonne «Notater», « gul»/«GRØNN»/«rød», mål «2, 4», «S2; S4» og "
            "tallet 3, Excel-dato og «2027-K2», kommentar over flere linjer, tekst som starter med "
            "«=», avhengighet til ukjent T-0999 og en tom rad til slutt."
        ),
    ),
    CorpusCase(
        name="portefolje_quirky.ods",
        writer="libreoffice",
        kind="portfolio",
        exit_code=0,
        status="loaded",
        warnings=[
            (T, None, "Notater", "unknown-column"),
            (T, 3, "Avhengigheter", "unknown-reference"),
        ],
        description_nb="Den rotete porteføljerapporten lagret som .ods av LibreOffice.",
    ),
    CorpusCase(
        name="portefolje_semikolon_bom.csv",
        writer="bytes",
        kind="portfolio",
        exit_code=0,
        status="loaded",
        extra_args=ROUND,
        # Decision: a CSV of the Tiltak table is recognised by its headers; the round comes from
        # --round. Dates in a CSV are text: ISO "2026-06-30" and the Norwegian "30.06.2026"
        # (what Excel in a Norwegian locale writes) are both dates.
        description_nb=(
            "Tiltak-tabellen som CSV slik norsk Excel lagrer den: UTF-8 med BOM, «;» som "
            "skilletegn, "
            "CRLF, desimalkomma og «;» inni et felt i anførselstegn, dato «30.06.2026»; runde fra "
            "--round."
        ),
    ),
    CorpusCase(
        name="portefolje_komma.csv",
        writer="libreoffice",
        kind="portfolio",
        exit_code=0,
        status="loaded",
        extra_args=ROUND,
        description_nb=(
            "Tiltak-tabellen eksportert som CSV av LibreOffice: UTF-8 uten BOM, «,» som "
            "skilletegn, "
            "felt med komma i anførselstegn; runde fra --round."
        ),
    ),
    # ------------------------------------------------------------------ good indicator files
    CorpusCase(
        name="indikatorer_base.xlsx",
        writer="xlsxwriter",
        kind="indicators",
        exit_code=0,
        status="loaded",
        description_nb=(
            "Gyldig indikatorarbeidsbok med arkene Mål, Indikatorer og Verdier (6 indikatorer), "
            "skrevet med xlsxwriter; grunnlag for filene med bare verdier."
        ),
    ),
    CorpusCase(
        name="indikatorer_quirky.xlsx",
        writer="openpyxl",
        kind="indicators",
        exit_code=0,
        status="loaded",
        # Decision: "75" typed as text in Mål 2030 is a number, like Verdi "57,3".
        description_nb=(
            "Rotete men gyldig: uten arket Mål, tall lagret som tekst («57,3», «57 %», «75»), "
            "Periode "
            "som dato, som tallet 2023, «2024-K2» og «2024-05», tomt Område (= Hele landet), "
            "sammensatt indikator med «Del av», én indikator «Under arbeid» uten verdier."
        ),
    ),
    CorpusCase(
        name="indikatorer_quirky.ods",
        writer="libreoffice",
        kind="indicators",
        exit_code=0,
        status="loaded",
        description_nb="Den rotete indikatorarbeidsboken lagret som .ods av LibreOffice.",
    ),
    CorpusCase(
        name="verdier_kun.xlsx",
        writer="openpyxl",
        kind="indicators",
        exit_code=0,
        status="loaded",
        needs_indicators=True,
        preload="indikatorer_base.xlsx",
        # Decision: a workbook with the sheet Verdier and no Indikatorer is an indicator workbook
        # ("values only"); its Indikator-IDs must already be in the database (formats.md §2).
        description_nb=(
            "Bare arket Verdier: nye verdier for indikatorer som allerede finnes i databasen "
            "(last inn indikatorer_base.xlsx først)."
        ),
    ),
    CorpusCase(
        name="verdier_semikolon_bom.csv",
        writer="bytes",
        kind="indicators",
        exit_code=0,
        status="loaded",
        needs_indicators=True,
        preload="indikatorer_base.xlsx",
        # Decision: a CSV with Indikator-ID, Periode and Verdi is the Verdier table.
        description_nb=(
            "Verdier som CSV (UTF-8 med BOM, «;», desimalkomma «62,4») for indikatorer som "
            "allerede "
            "finnes i databasen (last inn indikatorer_base.xlsx først)."
        ),
    ),
    # ------------------------------------------------------------------ refused portfolio files
    CorpusCase(
        name="portefolje_ukjent_farge.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        errors=[(T, 4, "Samlet status", "invalid-value")],
        description_nb="Samlet status «Oransje» (rad 4) er ikke Grønn, Gul eller Rød.",
    ),
    CorpusCase(
        name="portefolje_mangler_tilstand.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        # Decision: a missing required column is one error for the column (row None), not one
        # missing-value per row; rules that depend on it (Samlet status required when Aktiv or
        # Pause) are not evaluated. Every row here has a Samlet status, so either way holds.
        errors=[(T, None, "Tilstand", "missing-column")],
        description_nb="Den påkrevde kolonnen «Tilstand» mangler i arket Tiltak.",
    ),
    CorpusCase(
        name="portefolje_dobbel_kolonne.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        # Decision: headers "Fase" and "FASE " are the same column after normalising; reported
        # once, row None (header-level, like missing-column/unknown-column), canonical name.
        errors=[(T, None, "Fase", "duplicate-column")],
        description_nb="Kolonnen «Fase» finnes to ganger («Fase» og «FASE »).",
    ),
    CorpusCase(
        name="portefolje_mangler_navn.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        errors=[(T, 6, "Tiltak", "missing-value")],
        description_nb="Tiltak T-0105 (rad 6) mangler navn i kolonnen «Tiltak».",
    ),
    CorpusCase(
        name="portefolje_mangler_samlet_status.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        errors=[(T, 3, "Samlet status", "missing-value"), (T, 4, "Samlet status", "missing-value")],
        description_nb=(
            "Samlet status er tom for et Aktiv (rad 3) og et Pause-tiltak (rad 4) – feil; tom for "
            "Ferdigstilt (rad 5) og Stoppet (rad 7) er greit."
        ),
    ),
    CorpusCase(
        name="portefolje_duplikat_id.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        errors=[(T, 8, "Tiltak-ID", "duplicate-id"), (T, 9, "Tiltak-ID", "duplicate-id")],
        description_nb=(
            "Tiltak-ID T-0102 står tre ganger (rad 3, 8 og 9); feil på 2. og 3. forekomst."
        ),
    ),
    CorpusCase(
        name="portefolje_ugyldig_maal.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        # Decision: one error per cell (each cell here holds exactly one bad code).
        errors=[
            (T, 2, "Strategiske mål", "invalid-value"),
            (T, 3, "Strategiske mål", "invalid-value"),
        ],
        description_nb="Strategiske mål «7» (rad 2) og «S1; S9» (rad 3): bare 1–5 / S1–S5 finnes.",
    ),
    CorpusCase(
        name="portefolje_ugyldig_dato.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        errors=[(T, 2, "Planlagt ferdig", "invalid-date")],
        description_nb="Planlagt ferdig «snart» (rad 2) er verken en dato eller et kvartal.",
    ),
    CorpusCase(
        name="portefolje_ugyldig_runde.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        # Decision: a problem in "Om rapporten" is located by the spreadsheet row of its key
        # (the key is put in row 3 on purpose) and the key name as column.
        errors=[(OM, 3, "Rapporteringsrunde", "invalid-period")],
        description_nb="Rapporteringsrunde «2025-Q3» (Om rapporten, rad 3) skal skrives «2025-K3».",
    ),
    CorpusCase(
        name="portefolje_uten_runde.csv",
        writer="bytes",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        # Decision: no round anywhere (a CSV has no "Om rapporten", and no --round) is a
        # missing-value of the key Rapporteringsrunde of "Om rapporten", row None. Exit 1, not 2:
        # the file was read; its content is incomplete.
        errors=[(OM, None, "Rapporteringsrunde", "missing-value")],
        description_nb="Tiltak-tabellen som CSV uten --round: rapporteringsrunden mangler.",
    ),
    CorpusCase(
        name="portefolje_mangler_tiltak_ark.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        # Decision: "Om rapporten" alone identifies a portfolio workbook; the missing sheet is
        # named in `sheet`, row and column None.
        errors=[(T, None, None, "missing-sheet")],
        description_nb="Arket «Om rapporten» finnes, men arket «Tiltak» mangler.",
    ),
    CorpusCase(
        name="portefolje_mange_feil.xlsx",
        writer="openpyxl",
        kind="portfolio",
        exit_code=1,
        status="rejected",
        # Decision: a missing column does not stop the other checks: every other problem is
        # reported as well (formats.md §3: all errors at once). Warnings are reported with a
        # refused file too.
        errors=[
            (OM, 1, "Rapporteringsrunde", "invalid-period"),
            (T, None, "Tiltakseier", "missing-column"),
            (T, 2, "Fase", "invalid-value"),
            (T, 2, "Samlet status", "invalid-value"),
            (T, 3, "Tiltak", "missing-value"),
            (T, 4, "Samlet status", "missing-value"),
            (T, 5, "Strategiske mål", "invalid-value"),
            (T, 6, "Planlagt ferdig", "invalid-date"),
            (T, 7, "Tiltak-ID", "duplicate-id"),
            (T, 8, "Risiko", "invalid-value"),
            (T, 9, "Tilstand", "invalid-value"),
        ],
        warnings=[(T, 8, "Avhengigheter", "unknown-reference")],
        description_nb=(
            "Mange feil på én gang: ugyldig runde, manglende kolonne Tiltakseier, ukjent fase og "
            "farge på samme rad, manglende navn og status, ugyldig mål, dato «snart», dobbel ID, "
            "ukjent risiko og tilstand – alle skal rapporteres."
        ),
    ),
    # ------------------------------------------------------------------ refused indicator files
    CorpusCase(
        name="indikatorer_ukjent_type.xlsx",
        writer="openpyxl",
        kind="indicators",
        exit_code=1,
        status="rejected",
        errors=[(IND, 2, "Type", "invalid-value")],
        description_nb="Type «Resultat» (rad 2) er ikke Struktur, Prosess eller Effekt.",
    ),
    CorpusCase(
        name="indikatorer_mangler_retning.xlsx",
        writer="openpyxl",
        kind="indicators",
        exit_code=1,
        status="rejected",
        errors=[(IND, 6, "Retning", "missing-value")],
        description_nb="Indikator O1-01 (rad 6) mangler Retning (Økende/Synkende).",
    ),
    CorpusCase(
        name="indikatorer_verdi_ikke_tall.xlsx",
        writer="openpyxl",
        kind="indicators",
        exit_code=1,
        status="rejected",
        errors=[(VER, 5, "Verdi", "invalid-number")],
        description_nb="Verdi «mange» (Verdier, rad 5) er ikke et tall.",
    ),
    CorpusCase(
        name="indikatorer_ugyldig_periode.xlsx",
        writer="openpyxl",
        kind="indicators",
        exit_code=1,
        status="rejected",
        errors=[(VER, 4, "Periode", "invalid-period"), (VER, 7, "Periode", "invalid-period")],
        description_nb="Periode «2024-Q5» (rad 4) og «2024-K5» (rad 7) er ikke gyldige perioder.",
    ),
    CorpusCase(
        name="indikatorer_ukjent_indikator.xlsx",
        writer="openpyxl",
        kind="indicators",
        exit_code=1,
        status="rejected",
        # Decision: a value for an unknown indicator is an error (it must exist, §2), unlike an
        # unknown dependency of a measure, which is a warning.
        errors=[(VER, 11, "Indikator-ID", "unknown-reference")],
        description_nb="Verdi for indikatoren S5-07 (Verdier, rad 11), som ikke finnes.",
    ),
    CorpusCase(
        name="indikatorer_del_av_ukjent.xlsx",
        writer="openpyxl",
        kind="indicators",
        exit_code=1,
        status="rejected",
        # Decision: an unknown composite parent is an error, not a warning: §2 requires the
        # parent "in the same file", and attainment of the composite depends on it.
        errors=[(IND, 5, "Del av", "unknown-reference")],
        description_nb="«Del av» S2-09 (rad 5) peker på en sammensatt indikator som ikke finnes.",
    ),
    CorpusCase(
        name="indikatorer_duplikat_id.xlsx",
        writer="openpyxl",
        kind="indicators",
        exit_code=1,
        status="rejected",
        errors=[(IND, 7, "Indikator-ID", "duplicate-id")],
        description_nb="Indikator-ID S1-01 står to ganger (rad 2 og 7); feil på rad 7.",
    ),
    CorpusCase(
        name="indikatorer_ugyldig_maal.xlsx",
        writer="openpyxl",
        kind="indicators",
        exit_code=1,
        status="rejected",
        errors=[(IND, 2, "Mål", "invalid-value"), (IND, 6, "Mål", "invalid-value")],
        description_nb="Målkoden S9 finnes ikke (rad 2: «S9», rad 6: «O1; S9»).",
    ),
    CorpusCase(
        name="indikatorer_maal2030_tekst.xlsx",
        writer="openpyxl",
        kind="indicators",
        exit_code=1,
        status="rejected",
        errors=[(IND, 2, "Mål 2030", "invalid-number")],
        description_nb="Mål 2030 «høy» (rad 2) er ikke et tall.",
    ),
    CorpusCase(
        name="ukjent_arbeidsbok.xlsx",
        writer="openpyxl",
        kind=None,
        exit_code=1,
        status="rejected",
        # Decision (from the brief): a readable workbook with neither portfolio nor indicator
        # sheets is exit 1 with kind None and one missing-sheet error without sheet name.
        errors=[(None, None, None, "missing-sheet")],
        description_nb=(
            "Lesbar arbeidsbok med bare arket «Ark1»: verken porteføljeark eller indikatorark "
            "(missing-sheet, type ukjent, exit 1)."
        ),
    ),
    # ------------------------------------------------------------------ unreadable files (exit 2)
    # The JSON of an unreadable file has status "rejected" and kind null (§3); the manifest
    # records status None for these as asked. Each has exactly one file-level error.
    CorpusCase(
        name="gammel_excel.xls",
        writer="libreoffice",
        kind=None,
        exit_code=2,
        status=None,
        errors=[(None, None, None, "unsupported-file")],
        description_nb="Gammelt Excel-format (.xls, Excel 97–2003) skrevet av LibreOffice.",
    ),
    CorpusCase(
        name="tom.xlsx",
        writer="bytes",
        kind=None,
        exit_code=2,
        status=None,
        errors=[(None, None, None, "corrupt-file")],
        description_nb="Tom fil (0 byte) med navnet .xlsx.",
    ),
    CorpusCase(
        name="avkuttet.xlsx",
        writer="bytes",
        kind=None,
        exit_code=2,
        status=None,
        errors=[(None, None, None, "corrupt-file")],
        description_nb="Første halvdel av portefolje_gyldig.xlsx (avbrutt nedlasting).",
    ),
    CorpusCase(
        name="tekst_som_xlsx.xlsx",
        writer="bytes",
        kind=None,
        exit_code=2,
        status=None,
        errors=[(None, None, None, "unsupported-file")],
        description_nb="Vanlig tekst (en e-post) lagret med navnet .xlsx.",
    ),
    CorpusCase(
        name="pdf_som_xlsx.xlsx",
        writer="libreoffice",
        kind=None,
        exit_code=2,
        status=None,
        errors=[(None, None, None, "unsupported-file")],
        description_nb="PDF av porteføljerapporten (LibreOffice) med navnet endret til .xlsx.",
    ),
    CorpusCase(
        name="passord.xlsx",
        writer="libreoffice",
        kind=None,
        exit_code=2,
        status=None,
        errors=[(None, None, None, "unsupported-file")],
        description_nb=(
            "Passordbeskyttet .xlsx (kryptert av LibreOffice, passord «hemmelig»): en OLE-fil, "
            "ikke zip."
        ),
    ),
    CorpusCase(
        name="passord.ods",
        writer="libreoffice",
        kind=None,
        exit_code=2,
        status=None,
        errors=[(None, None, None, "unsupported-file")],
        description_nb="Passordbeskyttet .ods (kryptert av LibreOffice, passord «hemmelig»).",
    ),
    CorpusCase(
        name="zipbombe.xlsx",
        writer="bytes",
        kind=None,
        exit_code=2,
        status=None,
        errors=[(None, None, None, "too-large")],
        description_nb=(
            "Zip-bombe: ser ut som en .xlsx, under 2 MB på disk, men arket pakkes ut til over "
            "200 MB."
        ),
    ),
    CorpusCase(
        name="portefolje_cp1252.csv",
        writer="bytes",
        kind=None,
        exit_code=2,
        status=None,
        # Decision: a CSV that is not UTF-8 (Windows-1252 here, "Grønn" as byte F8) is a format
        # we do not read → unsupported-file, exit 2, with a hint to save as "CSV UTF-8".
        errors=[(None, None, None, "unsupported-file")],
        description_nb="CSV lagret i Windows-1252 i stedet for UTF-8 (æøå som enkeltbyte).",
    ),
]

BY_NAME: dict[str, CorpusCase] = {case.name: case for case in CASES}
assert len(BY_NAME) == len(CASES), "duplicate file name in the corpus manifest"
