"""Blank upload templates: the header row, dropdowns for every vocabulary column, a
``Veiledning`` sheet that states the rules, and example rows marked EKSEMPEL (ignored on import)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from importers import cases, indicators, portfolio
from importers.sheets import Column, headers
from model.palette import PRIMARY
from model.vocab import (
    CASE_TYPES,
    DIRECTIONS,
    FORUMS,
    INDICATOR_LEVELS,
    INDICATOR_STATUSES,
    INDICATOR_TYPES,
    PHASES,
    RISKS,
    STATES,
    STATUS_COLOURS,
)

HEADER_FILL = PatternFill("solid", fgColor=PRIMARY.removeprefix("#"))
HEADER_FONT = Font(bold=True, color="FFFFFF")
EXAMPLE_FONT = Font(italic=True, color="595959")
MAX_ROWS = 2000

PORTFOLIO_DROPDOWNS = {
    "Fase": PHASES,
    "Tilstand": STATES,
    "Samlet status": STATUS_COLOURS,
    "Status fremdrift": STATUS_COLOURS,
    "Status kostnad": STATUS_COLOURS,
    "Status gevinst": STATUS_COLOURS,
    "Risiko": RISKS,
}
INDICATOR_DROPDOWNS = {
    "Type": INDICATOR_TYPES,
    "Status": INDICATOR_STATUSES,
    "Nivå": INDICATOR_LEVELS,
    "Retning": DIRECTIONS,
}

PORTFOLIO_GUIDE = [
    ("Porteføljerapport – veiledning", ""),
    ("", ""),
    (
        "Arket «Om rapporten»",
        "Skriv rapporteringsrunden i kolonne B, for eksempel 2025-K3 (år, K, kvartal 1–4). "
        "Rapporteringsfrist (dato) og Innsendt av er valgfrie.",
    ),
    (
        "Arket «Tiltak»",
        "Én rad per tiltak. Overskriftene kan stå i hvilken som helst rekkefølge; store og små "
        "bokstaver spiller ingen rolle. Ekstra kolonner ignoreres (med en advarsel).",
    ),
    ("Tiltak-ID", "Påkrevd og unik i filen, for eksempel T-0123. Samme ID fra runde til runde."),
    ("Tiltak, Tiltakseier", "Påkrevd."),
    ("Satsning", "Valgfri tekst, for eksempel Digital samhandling."),
    (
        "Strategiske mål",
        "Valgfri: målnummer 1–5 skilt med komma eller semikolon: «2, 4» eller «S2; S4».",
    ),
    ("Fase", "Påkrevd: " + ", ".join(PHASES) + "."),
    ("Tilstand", "Påkrevd: " + ", ".join(STATES) + "."),
    (
        "Samlet status",
        "Påkrevd når tilstanden er Aktiv eller Pause: " + ", ".join(STATUS_COLOURS) + ".",
    ),
    ("Status fremdrift/kostnad/gevinst", "Valgfrie: " + ", ".join(STATUS_COLOURS) + "."),
    ("Risiko", "Valgfri: " + ", ".join(RISKS) + "."),
    ("Planlagt ferdig", "Valgfri: en dato (2027-06-30) eller et kvartal (2027-K2)."),
    ("Statuskommentar", "Valgfri fritekst; linjeskift er lov."),
    ("Avhengigheter", "Valgfri: Tiltak-ID-er skilt med komma. Ukjente ID-er gir en advarsel."),
    (
        "Arket «Milepæler»",
        "Valgfritt. Én rad per milepæl: Tiltak-ID (et tiltak i arket «Tiltak» eller fra før), "
        "Milepæl (navnet, det samme fra runde til runde), Planlagt dato (en dato eller et "
        "kvartal, 2026-K2), Status (" + ", ".join(portfolio.MILESTONE_STATUSES) + ") og "
        "Kommentar (valgfri). Endret planlagt dato følges fra runde til runde.",
    ),
    (
        "Eksempelrader",
        "Rader der Tiltak-ID begynner med EKSEMPEL blir ikke lest inn. Slett dem gjerne.",
    ),
    (
        "Feil",
        "Hele filen avvises hvis én rad har feil; alle feil listes med ark, rad og kolonne. "
        "Ingenting lagres før filen er feilfri.",
    ),
]

INDICATOR_GUIDE = [
    ("Indikatorer – veiledning", ""),
    ("", ""),
    (
        "Arket «Mål» (valgfritt)",
        "Kode (O1–O3, S1–S5), Navn og Beskrivelse. Uten arket brukes målene som finnes.",
    ),
    (
        "Arket «Indikatorer»",
        "Én rad per indikator. Påkrevd: Indikator-ID (unik), Navn, Mål (f.eks. «S2» eller "
        "«O1; S4»), Type, Status, Nivå og Retning.",
    ),
    ("Type", ", ".join(INDICATOR_TYPES) + "."),
    ("Status", ", ".join(INDICATOR_STATUSES) + ". «Under arbeid» kan stå uten verdier."),
    ("Nivå", ", ".join(INDICATOR_LEVELS) + "."),
    ("Del av", "Valgfri: Indikator-ID til den sammensatte indikatoren denne er en del av."),
    ("Retning", "Økende (høyere er bedre) eller Synkende (lavere er bedre)."),
    ("Mål 2030", "Valgfritt tall: ambisjonsnivået for 2030."),
    ("Basisår", "Valgfritt år som beregningen av måloppnåelse starter fra (ellers 2015)."),
    ("Grense", "Valgfritt tall: naturlig grense for verdien, f.eks. 100 for en andel i prosent."),
    ("Versjon", "Valgfri: indikatorsettets versjon, f.eks. v0.7. Én versjon per fil."),
    (
        "Arket «Verdier»",
        "Én rad per observasjon: Indikator-ID, Periode, Verdi, Område (valgfritt, standard "
        "«Hele landet») og Kommentar.",
    ),
    (
        "Periode",
        "Et år (2023), et kvartal (2024-K2), en måned (2024-05) eller en dato (2024-05-13).",
    ),
    (
        "Verdi",
        "Et tall: 57, 57,3 eller 57 %. En ny opplasting erstatter verdien for samme periode og område.",
    ),
    ("Eksempelrader", "Rader der Indikator-ID begynner med EKSEMPEL blir ikke lest inn."),
]


CASES_GUIDE = [
    ("Saker og vedtak – veiledning", ""),
    ("", ""),
    (
        "Arket «Møter»",
        "Én rad per møte: Møte-ID (unik, for eksempel NUIT-2025-4), Forum (NUIT, Nasjonalt "
        "e-helseråd, NUFA eller et annet navn), Dato og Sted (valgfritt).",
    ),
    (
        "Arket «Saker»",
        "Én rad per sak. Overskriftene kan stå i hvilken som helst rekkefølge; store og små "
        "bokstaver spiller ingen rolle. Ekstra kolonner ignoreres (med en advarsel).",
    ),
    (
        "Saksnummer",
        "Påkrevd: nummer, skråstrek og år, for eksempel 41/25. Unikt per forum og år. Kolonnen er "
        "formatert som tekst, så regnearket ikke gjør 4/25 om til en dato.",
    ),
    (
        "Møte-ID",
        "Påkrevd: møtet som behandler saken. Det må stå i arket «Møter» eller finnes fra før.",
    ),
    ("Tittel", "Påkrevd."),
    ("Sakstype", "Påkrevd: " + ", ".join(CASE_TYPES) + "."),
    ("Forslag til vedtak", "Valgfri fritekst; linjeskift er lov."),
    ("Vedtak", "Tomt til møtet har behandlet saken; deretter vedtaket slik det ble fattet."),
    (
        "Tiltak, Indikatorer",
        "Valgfrie: Tiltak-ID-er (T-0057) og Indikator-ID-er (S1-01) skilt med komma. Ukjente "
        "ID-er gir en advarsel.",
    ),
    ("Mål", "Valgfri: målkoder skilt med komma, for eksempel «S2, S4» eller «O1»."),
    ("Runde", "Valgfri: rapporteringsrunden saken gjelder, for eksempel 2025-K3."),
    (
        "Oppfølging innen",
        "Valgfri: runden vedtaket ber om oppfølging innen, for eksempel 2026-K1. Når runden er "
        "kommet og rådet ikke har tatt saken opp igjen, står den som åpent oppfølgingspunkt.",
    ),
    ("Eksempelrader", "Rader der Saksnummer eller Møte-ID begynner med EKSEMPEL lastes ikke inn."),
    (
        "Oppdatering",
        "En sak som står i databasen fra før (samme forum og saksnummer), erstattes av raden i "
        "filen; den gamle versjonen kan hentes tilbake ved å angre importen.",
    ),
    (
        "Feil",
        "Hele filen avvises hvis én rad har feil; alle feil listes med ark, rad og kolonne. "
        "Ingenting lagres før filen er feilfri.",
    ),
]


def _sheet_with_header(
    wb: Workbook, title: str, headers: list[str], dropdowns: dict[str, tuple[str, ...]]
):
    ws = wb.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        letter = ws.cell(row=1, column=index).column_letter
        ws.column_dimensions[letter].width = max(14, min(40, len(header) + 6))
        if header in dropdowns:
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(dropdowns[header]) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Ugyldig verdi",
                error="Velg en verdi fra listen: " + ", ".join(dropdowns[header]),
                promptTitle=header,
                prompt="Velg fra listen",
            )
            dv.add(f"{letter}2:{letter}{MAX_ROWS}")
            ws.add_data_validation(dv)
    return ws


def write_guide(wb: Workbook, lines: list[tuple[str, str]]) -> None:
    """The first sheet «Veiledning»: a title, then key and explanation per line."""
    ws = wb.active
    ws.title = "Veiledning"
    for key, text in lines:
        ws.append([key, text])
    ws["A1"].font = Font(bold=True, size=14)
    for row in ws.iter_rows(min_row=3):
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 100


def _mark_examples(ws, first_row: int) -> None:
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            cell.font = EXAMPLE_FONT


def _example_sheet(
    wb: Workbook,
    title: str,
    schema: tuple[Column, ...],
    examples: list[list[Any]],
    dropdowns: dict[str, tuple[str, ...]] | None = None,
):
    """A sheet with ``schema``'s headers (and ``dropdowns``) and the ``examples`` below them,
    in the examples' grey."""
    ws = _sheet_with_header(wb, title, list(headers(schema)), dropdowns or {})
    for example in examples:
        ws.append(example)
    _mark_examples(ws, 2)
    return ws


def portfolio_template() -> Workbook:
    wb = Workbook()
    write_guide(wb, PORTFOLIO_GUIDE)
    info = wb.create_sheet(portfolio.INFO_SHEET)
    info.append(["Rapporteringsrunde", "2025-K3"])
    info.append(["Rapporteringsfrist", date(2025, 9, 12)])
    info.append(["Innsendt av", "Porteføljekontoret"])
    info["B2"].number_format = "yyyy-mm-dd"
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 24
    _example_sheet(
        wb,
        portfolio.MEASURES_SHEET,
        portfolio.SCHEMA,
        [
            [
                "EKSEMPEL-1",
                "Pasientens legemiddelliste",
                "Norsk helsenett SF",
                "Digital samhandling",
                "2, 4",
                "Innføring",
                "Aktiv",
                "Gul",
                "Gul",
                "Grønn",
                "Grønn",
                "Middels",
                "2027-K2",
                "Utprøving pågår i Helse Vest. Kapasitet hos EPJ-leverandør er en risiko.",
                "",
            ],
            [
                "EKSEMPEL-2",
                "Mine timeavtaler",
                "Helse Sør-Øst RHF",
                "Innbyggertjenester",
                "S1",
                "Gjennomføring",
                "Aktiv",
                "Rød",
                "Rød",
                "Gul",
                "Gul",
                "Høy",
                date(2026, 6, 30),
                "Forsinket på grunn av avhengighet til EKSEMPEL-1.",
                "EKSEMPEL-1",
            ],
        ],
        PORTFOLIO_DROPDOWNS,
    )
    _example_sheet(
        wb,
        portfolio.MILESTONES_SHEET,
        portfolio.MILESTONE_SCHEMA,
        [
            ["EKSEMPEL-1", "Pilot i Helse Vest", "2026-K2", "Pågår", ""],
            [
                "EKSEMPEL-1",
                "Nasjonal innføring",
                date(2027, 6, 30),
                "Ikke startet",
                "Etter piloten.",
            ],
        ],
        {"Status": portfolio.MILESTONE_STATUSES},
    )
    return wb


def indicator_template() -> Workbook:
    wb = Workbook()
    write_guide(wb, INDICATOR_GUIDE)
    _example_sheet(
        wb,
        indicators.GOALS_SHEET,
        indicators.GOAL_SCHEMA,
        [["EKSEMPEL: S1", "Aktiv medvirkning i egen og næres helse", "Eksempel – slett raden"]],
    )
    _example_sheet(
        wb,
        indicators.INDICATORS_SHEET,
        indicators.INDICATOR_SCHEMA,
        [
            [
                "EKSEMPEL-S1-01",
                "Andel av befolkningen med digital kontakt med helsetjenesten",
                "S1",
                "Prosess",
                "Klar",
                "Strategisk",
                "",
                "%",
                "Økende",
                "Nasjonal digitaliseringsmonitor",
                75,
                2019,
                100,
                "v0.7",
                "Andel innbyggere som har hatt digital kontakt siste år.",
            ]
        ],
        INDICATOR_DROPDOWNS,
    )
    _example_sheet(
        wb,
        indicators.VALUES_SHEET,
        indicators.VALUE_SCHEMA,
        [
            ["EKSEMPEL-S1-01", "2023", 57, "Hele landet", ""],
            ["EKSEMPEL-S1-01", "2024-K2", 58.5, "Helse Vest", "Kvartalstall"],
        ],
    )
    return wb


def cases_template() -> Workbook:
    wb = Workbook()
    write_guide(wb, CASES_GUIDE)
    meetings = _example_sheet(
        wb,
        cases.MEETINGS_SHEET,
        cases.MEETING_SCHEMA,
        [["EKSEMPEL-NUIT-2025-4", "NUIT", date(2025, 11, 20), "Helsedirektoratet"]],
    )
    # Another forum's name is allowed: the list suggests, it does not refuse.
    forum = DataValidation(
        type="list",
        formula1='"' + ",".join(FORUMS) + '"',
        allow_blank=True,
        showErrorMessage=False,
        promptTitle="Forum",
        prompt="Velg fra listen, eller skriv navnet på et annet forum",
    )
    forum.add(f"B2:B{MAX_ROWS}")
    meetings.add_data_validation(forum)
    meetings["C2"].number_format = "yyyy-mm-dd"
    meetings.column_dimensions["D"].width = 40
    ws = _example_sheet(
        wb,
        cases.CASES_SHEET,
        cases.CASE_SCHEMA,
        [
            [
                "EKSEMPEL 41/25",
                "EKSEMPEL-NUIT-2025-4",
                "Status nasjonal e-helseportefølje",
                "Drøfting",
                "NUIT tar statusrapporten for nasjonal e-helseportefølje 2025-K3 til orientering.",
                "",
                "T-0057",
                "S5-01",
                "S5",
                "2025-K3",
                "2026-K1",
            ]
        ],
        {"Sakstype": CASE_TYPES},
    )
    # The column's style is text, so a typed "4/25" never becomes a date (one <col> element:
    # formatting 2,000 cells one by one made the template take a second to build).
    ws.column_dimensions["A"].number_format = "@"
    ws.cell(row=2, column=1).number_format = "@"
    for letter in ("C", "E", "F"):
        ws.column_dimensions[letter].width = 50
    return wb


def _build(kind: str) -> Workbook:
    if kind == "portfolio":
        return portfolio_template()
    if kind == "cases":
        return cases_template()
    return indicator_template()


def write_template(kind: str, out: Path) -> Path:
    """Write the blank template of ``kind`` (``portfolio`` | ``indicators`` | ``cases``) to
    ``out``."""
    wb = _build(kind)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def template_bytes(kind: str) -> bytes:
    """The template as bytes (for a download button)."""
    import io

    wb = _build(kind)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
