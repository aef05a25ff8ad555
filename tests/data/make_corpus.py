"""(Re)write the upload test corpus in ``tests/data/corpus/`` from scratch, with real programs.

    python tests/data/make_corpus.py

* openpyxl writes most ``.xlsx`` files, xlsxwriter the quirky portfolio and the base indicator
  workbook (both writers must be readable);
* LibreOffice (``soffice --headless --convert-to``) writes the ``.ods`` files, the legacy ``.xls``,
  one ``.xlsx``, the comma CSV and the PDF; the password-protected ``.xlsx``/``.ods`` are stored by
  LibreOffice through its UNO API (``storeToURL`` with ``EncryptionData``/``OOXPassword`` for
  OOXML, ``Password`` for ODF), because ``--convert-to`` of LibreOffice 7.4 cannot pass a password;
* plain bytes for everything that is no spreadsheet (and the zip bomb, written with ``zipfile``).

The output is byte-for-byte reproducible (fixed document dates, zip member times patched to
2025-01-01, PDF dates and IDs fixed), except the two encrypted files: encryption uses a random
salt by design. Expectations for every file live in ``corpus.py``; this script checks that every
file it writes is in the manifest (and the other way round), that each row/column named in the
manifest is where it says in the file, and prints a table of the corpus.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine as pc
import xlsxwriter
from openpyxl.styles import Alignment
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent
OUT = HERE / "corpus"
FIXED_TIME = dt.datetime(2025, 1, 1, 12, 0, 0)
AUTHOR = "ehelse testkorpus"
PASSWORD = "hemmelig"

Rows = list[list[Any]]
Sheets = dict[str, Rows]


class FormattedBlank:
    """A cell without a value that still exists in the file (it has a format)."""


BLANK = FormattedBlank()


# --------------------------------------------------------------------------- the data

PORTFOLIO_HEADERS = [
    "Tiltak-ID",
    "Tiltak",
    "Tiltakseier",
    "Satsning",
    "Strategiske mål",
    "Fase",
    "Tilstand",
    "Samlet status",
    "Status fremdrift",
    "Status kostnad",
    "Status gevinst",
    "Risiko",
    "Planlagt ferdig",
    "Statuskommentar",
    "Avhengigheter",
]


def about_rows(round_code: str | None = "2025-K3") -> Rows:
    """Sheet «Om rapporten»: key in column A, value in column B, no header row."""
    rows: Rows = []
    if round_code is not None:
        rows.append(["Rapporteringsrunde", round_code])
    rows.append(["Rapporteringsfrist", dt.date(2025, 9, 12)])
    rows.append(["Innsendt av", "Porteføljekontoret"])
    return rows


def portfolio_rows() -> Rows:
    """Sheet «Tiltak», clean: header in row 1, T-0101 in row 2 … T-0108 in row 9."""
    d = dt.date
    # fmt: off
    return [
        list(PORTFOLIO_HEADERS),
        ["T-0101", "Pasientens journaldokumenter", "Norsk helsenett SF", "Felles journal",
         "2, 4", "Gjennomføring", "Aktiv", "Grønn", "Grønn", "Gul", "Grønn", "Middels",
         d(2026, 6, 30), "Leveranse 3 er satt i produksjon.", None],
        ["T-0102", "Digital hjemmeoppfølging", "Helse Sør-Øst RHF", "Velferdsteknologi",
         "S1; S3", "Innføring", "Aktiv", "Gul", "Gul", "Gul", "Grønn", "Høy",
         "2027-K2", "Forsinket på grunn av ny anskaffelse.", "T-0101"],
        ["T-0103", "Kjernejournal i kommunene", "Helsedirektoratet", "Kjernejournal",
         "5", "Utprøving", "Pause", "Gul", "Gul", "Grønn", "Gul", "Middels",
         "2026-K4", "Satt på pause i påvente av finansiering.", None],
        ["T-0104", "E-resept i sykehjem", "KS", "E-resept",
         "3", "Avsluttet", "Ferdigstilt", "Grønn", "Grønn", "Grønn", "Grønn", "Lav",
         d(2025, 6, 1), "Innført i alle kommuner som deltok.", None],
        ["T-0105", "Helsenorge-appen 2.0", "Norsk helsenett SF", "Helsenorge",
         "1", "Planlegging", "Aktiv", "Rød", "Rød", "Gul", "Gul", "Høy",
         d(2027, 12, 31), "Mangler avklart finansiering for 2026.", "T-0101, T-0102"],
        ["T-0106", "Pasientens legemiddelliste, første versjon", "Helsedirektoratet",
         "Legemiddelliste", "2", "Avsluttet", "Stoppet", None, None, None, None, None,
         None, "Erstattet av ny løsning.", None],
        ["T-0107", "Datadeling mellom sykehus", "Helse Vest RHF", "Felles journal",
         "2", "Gjennomføring", "Aktiv", "Grønn", "Grønn", "Grønn", "Gul", "Lav",
         "2026-K2", None, "T-0101"],
        ["T-0108", "Elektroniske pasientforløp i kreftbehandlingen", "Helse Nord RHF", None,
         "S4", "Utprøving", "Aktiv", "Gul", "Gul", "Grønn", "Gul", "Middels",
         d(2026, 12, 1), "Pilot i to helseforetak.", None],
    ]
    # fmt: on


GOAL_ROWS: Rows = [
    ["Kode", "Navn", "Beskrivelse"],
    [
        "O1",
        "Sammenhengende tjenester",
        "Innbyggere og helsepersonell opplever helhetlige tjenester.",
    ],
    ["O2", "Bærekraftig helsetjeneste", "Digitalisering bidrar til bedre ressursbruk."],
    ["O3", "Aktive innbyggere", "Innbyggerne deltar aktivt i egen helse."],
    ["S1", "Digitale innbyggertjenester", "Flere bruker digitale helsetjenester."],
    ["S2", "Datadeling og samhandling", "Helseopplysninger følger pasienten."],
    ["S3", "Kunnskapsbasert utvikling", "Data brukes til forskning og styring."],
    ["S4", "Felles grunnmur", "Felles standarder, terminologi og infrastruktur."],
    ["S5", "Informasjonssikkerhet", "Trygg og sikker behandling av helseopplysninger."],
]

INDICATOR_HEADERS = [
    "Indikator-ID",
    "Navn",
    "Mål",
    "Type",
    "Status",
    "Nivå",
    "Del av",
    "Enhet",
    "Retning",
    "Datakilde",
    "Mål 2030",
    "Basisår",
    "Grense",
]
VALUE_HEADERS = ["Indikator-ID", "Periode", "Verdi", "Område", "Kommentar"]


def indicator_rows() -> Rows:
    """Sheet «Indikatorer», clean: S1-01 in row 2 … S4-02 (Under arbeid) in row 7."""
    # fmt: off
    return [
        list(INDICATOR_HEADERS),
        ["S1-01", "Andel innbyggere som har brukt digitale helsetjenester", "S1", "Effekt",
         "Klar", "Strategisk", None, "%", "Økende", "SSB", 75, 2019, 100],
        ["S2-01", "Samhandling om pasientopplysninger (sammensatt)", "S2", "Prosess",
         "Klar", "Strategisk", None, None, "Økende", None, None, None, None],
        ["S2-01a", "Andel sykehus som deler journaldokumenter", "S2", "Prosess",
         "Klar", "Strategisk", "S2-01", "%", "Økende", "Norsk helsenett", 100, None, 100],
        ["S2-01b", "Antall kommuner som bruker kjernejournal", "S2", "Struktur",
         "Klar", "Strategisk", "S2-01", "antall", "Økende", "Norsk helsenett", 357, None, 357],
        ["O1-01", "Svartid på digitale henvendelser (dager)", "O1", "Effekt",
         "Klar", "Støtte", None, "dager", "Synkende", "Helsenorge", 2, None, None],
        ["S4-02", "Andel meldinger med strukturert innhold", "S4; O2", "Prosess",
         "Under arbeid", "Strategisk", None, "%", "Økende", None, None, None, 100],
    ]
    # fmt: on


def value_rows() -> Rows:
    """Sheet «Verdier», clean: rows 2–10."""
    return [
        list(VALUE_HEADERS),
        ["S1-01", 2019, 33, None, None],
        ["S1-01", 2023, 57, None, None],
        ["S2-01a", 2022, 40, None, None],
        ["S2-01a", 2024, 55, None, None],
        ["S2-01b", 2022, 120, None, None],
        ["S2-01b", 2024, 210, None, None],
        ["O1-01", 2022, 6, None, None],
        ["O1-01", 2024, 4.5, None, None],
        ["S1-01", 2023, 61, "Oslo", "Fylkestall"],
    ]


def col(rows: Rows, name: str) -> int:
    return rows[0].index(name)


def set_cell(rows: Rows, row: int, column: str, value: Any) -> None:
    """Set the cell at spreadsheet ``row`` (header = 1) under header ``column``."""
    rows[row - 1][col(rows, column)] = value


def drop_column(rows: Rows, name: str) -> None:
    index = col(rows, name)
    for row in rows:
        del row[index]


# --------------------------------------------------------------------------- writers


def fix_zip_times(path: Path) -> None:
    """Set every member's time in a zip to FIXED_TIME, in place, without repacking.

    Keeps each writer's own zip layout (LibreOffice's data descriptors, the stored
    ``mimetype`` of an .ods, …) byte for byte; only the DOS date/time fields change.
    """
    dos_time = (FIXED_TIME.hour << 11) | (FIXED_TIME.minute << 5) | (FIXED_TIME.second // 2)
    dos_date = ((FIXED_TIME.year - 1980) << 9) | (FIXED_TIME.month << 5) | FIXED_TIME.day
    data = bytearray(path.read_bytes())
    eocd = data.rfind(b"PK\x05\x06")
    if eocd < 0:
        raise RuntimeError(f"{path.name}: not a zip file")
    count = struct.unpack_from("<H", data, eocd + 10)[0]
    offset = struct.unpack_from("<I", data, eocd + 16)[0]
    for _ in range(count):
        if data[offset : offset + 4] != b"PK\x01\x02":
            raise RuntimeError(f"{path.name}: unexpected central directory layout")
        struct.pack_into("<HH", data, offset + 12, dos_time, dos_date)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        local = struct.unpack_from("<I", data, offset + 42)[0]
        if data[local : local + 4] != b"PK\x03\x04":
            raise RuntimeError(f"{path.name}: unexpected local header layout")
        struct.pack_into("<HH", data, local + 10, dos_time, dos_date)
        offset += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))


def write_openpyxl(path: Path, sheets: Sheets) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value is BLANK:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith("="):
                    # openpyxl would write this as a formula; keep it text, as Excel does for
                    # a cell typed with a leading apostrophe.
                    cell.data_type = "s"
                    cell.quotePrefix = True
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                if isinstance(value, str) and "\n" in value:
                    cell.alignment = Alignment(wrap_text=True)
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    # openpyxl's save() stamps "modified" with the current time; ExcelWriter does not.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    fix_zip_times(path)


def write_xlsxwriter(path: Path, sheets: Sheets) -> None:
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True})
    wb.set_properties({"author": AUTHOR, "created": FIXED_TIME})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    wrap_fmt = wb.add_format({"text_wrap": True, "valign": "top"})
    blank_fmt = wb.add_format({"bg_color": "#FFF2CC", "border": 1})
    for title, rows in sheets.items():
        ws = wb.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if value is BLANK:
                    ws.write_blank(r, c, None, blank_fmt)
                elif isinstance(value, str):
                    # write_string: a text starting with "=" stays text, never a formula.
                    ws.write_string(r, c, value, wrap_fmt if "\n" in value else None)
                elif isinstance(value, dt.date):
                    ws.write_datetime(r, c, value, date_fmt)
                else:
                    ws.write_number(r, c, value)
    wb.close()
    fix_zip_times(path)


def write_csv(path: Path, rows: Rows, *, delimiter: str, encoding: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buffer.getvalue().encode(encoding))


UNO_STORE = r"""
import os, signal, subprocess, sys, time
import uno
from com.sun.star.beans import NamedValue, PropertyValue

soffice, profile, pipe, src, dst, filter_name, password = sys.argv[1:8]


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


office = subprocess.Popen(
    [soffice, "-env:UserInstallation=" + profile, "--headless", "--invisible", "--norestore",
     "--nologo", "--nodefault", "--accept=pipe,name=" + pipe + ";urp;"],
    start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            ctx = resolver.resolve("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.2)
    else:
        sys.exit("could not connect to LibreOffice")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
    args = [prop("FilterName", filter_name), prop("Overwrite", True)]
    if filter_name == "calc8":
        args.append(prop("Password", password))
    else:
        data = (NamedValue("CryptoType", "Standard"), NamedValue("OOXPassword", password))
        args.append(prop("EncryptionData", uno.Any("[]com.sun.star.beans.NamedValue", data)))
    uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(dst), tuple(args)))
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(office.pid, signal.SIGKILL)
"""


class LibreOffice:
    """``soffice --headless`` with a private profile, so it runs beside any other LibreOffice."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("soffice") or "/usr/bin/soffice"
        if not Path(binary).exists():
            sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui")
        self.binary = binary
        self.workdir = workdir
        self.profile = (workdir / "lo-profile").as_uri()
        self.env = {**os.environ, "TZ": "UTC", "HOME": str(workdir)}
        self._count = 0

    def convert(self, source: Path, target: Path, convert_to: str) -> None:
        """``soffice --convert-to CONVERT_TO`` of ``source``, written as ``target``."""
        self._count += 1
        outdir = self.workdir / f"lo-out-{self._count}"
        outdir.mkdir()
        cmd = [
            self.binary,
            f"-env:UserInstallation={self.profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            convert_to,
            "--outdir",
            str(outdir),
            str(source),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self.env, timeout=300)
        produced = outdir / f"{source.stem}.{convert_to.split(':')[0]}"
        if proc.returncode != 0 or not produced.exists():
            raise RuntimeError(f"soffice failed for {target.name}: {proc.stdout}{proc.stderr}")
        shutil.move(produced, target)

    def store_encrypted(self, source: Path, target: Path, filter_name: str) -> None:
        """Store ``source`` with a password to open, through LibreOffice's UNO API."""
        python = uno_python()
        self._count += 1
        pipe = f"ehelse_corpus_{os.getpid()}_{self._count}"
        cmd = [python, "-c", UNO_STORE, self.binary, self.profile, pipe, str(source), str(target)]
        cmd += [filter_name, PASSWORD]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self.env, timeout=300)
        if proc.returncode != 0 or not target.exists():
            raise RuntimeError(f"encrypting {target.name} failed: {proc.stdout}{proc.stderr}")


def uno_python() -> str:
    """A Python that can ``import uno`` (Debian's python3-uno lives in the system Python)."""
    for candidate in ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", "python3"):
        exe = shutil.which(candidate) or candidate
        if not Path(exe).exists():
            continue
        probe = subprocess.run([exe, "-c", "import uno"], capture_output=True)
        if probe.returncode == 0:
            return exe
    sys.exit("A Python with the LibreOffice UNO bridge is needed: apt-get install python3-uno")


def normalize_pdf(path: Path) -> None:
    """Fix the creation date, document ID and checksum LibreOffice stamps into a PDF.

    Every replacement has the length of what it replaces, so the xref offsets stay valid.
    """
    data = path.read_bytes()
    data = re.sub(rb"(/(?:Creation|Mod)Date\(D:)\d{14}", rb"\g<1>20250101120000", data)
    data = re.sub(
        rb"/ID \[ ?<[0-9A-F]{32}>\s*<[0-9A-F]{32}> ?\]",
        lambda m: re.sub(rb"[0-9A-F]{32}", b"0" * 32, m.group()),
        data,
    )
    data = re.sub(rb"(/DocChecksum /)[0-9A-F]{32}", rb"\g<1>" + b"0" * 32, data)
    path.write_bytes(data)


# --------------------------------------------------------------------------- the corpus


def portfolio_quirky_sheets() -> Sheets:
    """Quirky but valid. Tiltak rows: T-0201 row 2 … T-0204 row 5, empty-looking row 6."""
    headers = [
        "Statuskommentar",
        " tiltak-id ",
        "SAMLET STATUS",
        "tiltak",
        "Notater",
        "Fase ",
        "TILSTAND",
        "tiltakseier",
        "Strategiske  Mål",
        "planlagt ferdig",
        "Avhengigheter",
        "risiko",
        "Status Fremdrift",
        "STATUS KOSTNAD",
        "status gevinst",
        "Satsning",
    ]
    # fmt: off
    rows: Rows = [
        headers,
        ["Leveranse 1 er i drift.\nLeveranse 2 testes i Bergen.\nNeste milepæl: «go live» i mars.",
         "T-0201", " gul", "Digital hjemmeoppfølging", "Sjekk tallene med HSØ", "gjennomføring",
         "aktiv", "Helse Sør-Øst RHF", "2, 4", dt.date(2026, 6, 30), None, "middels",
         "GRØNN", "gul", "Grønn", "Velferdsteknologi"],
        ['=HYPERLINK("https://example.org/status";"Se statusnotatet")',
         "T-0202", "GRØNN", "Felles språktjeneste", None, "INNFØRING",
         "Aktiv", "Norsk helsenett SF", "S2; S4", "2027-K2", "T-0201, T-0999", "Lav",
         "grønn", " Grønn ", "gul", None],
        ["Avventer budsjettavklaring.",
         "T-0203", "rød", "Nasjonal løsning for timebestilling", None, "Utprøving",
         "PAUSE", "Helse Midt-Norge RHF", None, None, "T-0201", "HØY",
         "Rød", "rød", "Gul", "Helsenorge"],
        [None,
         "T-0204", None, "Digitalt helsekort for gravide", "ferdig!", "avsluttet",
         "ferdigstilt", "KS", 3, dt.date(2025, 5, 15), None, "lav",
         None, None, None, None],
        [BLANK] * len(headers),
    ]
    # fmt: on
    rows[-1][col(rows, "Notater")] = " "
    return {"Om rapporten": about_rows(), "Tiltak": rows}


def indicators_quirky_sheets() -> Sheets:
    """Quirky but valid, no «Mål» sheet. Indikatorer rows 2–6, Verdier rows 2–8."""
    # fmt: off
    indicators: Rows = [
        ["indikator-id", "NAVN", "mål", "type", "Status", "nivå", "Del av", "Retning", "Enhet",
         "Mål 2030", "Grense"],
        ["S1-01", "Andel innbyggere som har brukt digitale helsetjenester", "S1", "effekt",
         "klar", "STRATEGISK", None, " Økende", "%", "75", 100],
        ["S2-01", "Samhandling om pasientopplysninger (sammensatt)", "S2; O1", "Prosess",
         "Klar", "Strategisk", None, "økende", None, None, None],
        ["S2-01a", "Andel sykehus som deler journaldokumenter", "S2", "Prosess",
         "Klar", "Strategisk", "S2-01", "Økende", "%", 100, 100],
        ["S2-01b", "Antall kommuner som bruker kjernejournal", "S2", "struktur",
         "Klar", "Strategisk", "S2-01", "Økende", "antall", None, None],
        ["S3-04", "Andel kommuner som deler data til forskning", "S3", "Struktur",
         "under arbeid", "Støtte", None, "SYNKENDE", "%", None, None],
    ]
    values: Rows = [
        ["Periode", "Indikator-ID", "Område", "Verdi", "Kommentar"],
        [2019, "S1-01", None, 33, None],
        [2023, "S1-01", None, "57 %", "Tall fra innbyggerundersøkelsen"],
        ["2024-K2", "S2-01a", None, "57,3", None],
        ["2024-05", "S2-01a", "Hele landet", 58.1, None],
        [dt.date(2024, 6, 30), "S2-01b", None, 212, None],
        [2023, "S2-01b", None, 180, "=foreløpig tall"],
        [2023, "S2-01b", "Vestland", 14, None],
    ]
    # fmt: on
    return {"Indikatorer": indicators, "Verdier": values}


def build_openpyxl_files() -> dict[str, Sheets]:
    """File name → sheets, for every file written with openpyxl."""
    files: dict[str, Sheets] = {}

    def portfolio(about: Rows | None = None, tiltak: Rows | None = None) -> Sheets:
        return {"Om rapporten": about or about_rows(), "Tiltak": tiltak or portfolio_rows()}

    def indicators(ind: Rows | None = None, val: Rows | None = None) -> Sheets:
        return {"Indikatorer": ind or indicator_rows(), "Verdier": val or value_rows()}

    files["portefolje_gyldig.xlsx"] = portfolio()

    rows = portfolio_rows()
    set_cell(rows, 4, "Samlet status", "Oransje")
    files["portefolje_ukjent_farge.xlsx"] = portfolio(tiltak=rows)

    rows = portfolio_rows()
    set_cell(rows, 7, "Samlet status", "Rød")  # every row has a status: only the column is missing
    drop_column(rows, "Tilstand")
    files["portefolje_mangler_tilstand.xlsx"] = portfolio(tiltak=rows)

    rows = portfolio_rows()
    phase = col(rows, "Fase")
    for row in rows:
        row.append(row[phase])
    rows[0][-1] = "FASE "
    files["portefolje_dobbel_kolonne.xlsx"] = portfolio(tiltak=rows)

    rows = portfolio_rows()
    set_cell(rows, 6, "Tiltak", None)
    files["portefolje_mangler_navn.xlsx"] = portfolio(tiltak=rows)

    rows = portfolio_rows()
    set_cell(rows, 3, "Samlet status", None)  # Aktiv → error
    set_cell(rows, 4, "Samlet status", None)  # Pause → error
    set_cell(rows, 5, "Samlet status", None)  # Ferdigstilt → fine (row 7, Stoppet, is empty too)
    files["portefolje_mangler_samlet_status.xlsx"] = portfolio(tiltak=rows)

    rows = portfolio_rows()
    set_cell(rows, 8, "Tiltak-ID", "T-0102")
    set_cell(rows, 9, "Tiltak-ID", "T-0102")
    files["portefolje_duplikat_id.xlsx"] = portfolio(tiltak=rows)

    rows = portfolio_rows()
    set_cell(rows, 2, "Strategiske mål", "7")
    set_cell(rows, 3, "Strategiske mål", "S1; S9")
    files["portefolje_ugyldig_maal.xlsx"] = portfolio(tiltak=rows)

    rows = portfolio_rows()
    set_cell(rows, 2, "Planlagt ferdig", "snart")
    files["portefolje_ugyldig_dato.xlsx"] = portfolio(tiltak=rows)

    about = [
        ["Rapporteringsfrist", dt.date(2025, 9, 12)],
        ["Innsendt av", "Porteføljekontoret"],
        ["Rapporteringsrunde", "2025-Q3"],  # row 3
    ]
    files["portefolje_ugyldig_runde.xlsx"] = portfolio(about=about)

    files["portefolje_mangler_tiltak_ark.xlsx"] = {"Om rapporten": about_rows()}

    about = about_rows("2025-3")
    rows = portfolio_rows()
    drop_column(rows, "Tiltakseier")
    set_cell(rows, 2, "Samlet status", "Oransje")
    set_cell(rows, 2, "Fase", "Ferdig")
    set_cell(rows, 3, "Tiltak", None)
    set_cell(rows, 4, "Samlet status", None)  # T-0103 is Pause
    set_cell(rows, 5, "Strategiske mål", "S9")
    set_cell(rows, 6, "Planlagt ferdig", "snart")
    set_cell(rows, 7, "Tiltak-ID", "T-0101")
    set_cell(rows, 8, "Risiko", "Ekstrem")
    set_cell(rows, 8, "Avhengigheter", "T-9999")  # warning
    set_cell(rows, 9, "Tilstand", "Ferdig")
    files["portefolje_mange_feil.xlsx"] = portfolio(about=about, tiltak=rows)

    files["indikatorer_quirky.xlsx"] = indicators_quirky_sheets()

    files["verdier_kun.xlsx"] = {
        "Verdier": [
            list(VALUE_HEADERS),
            ["S1-01", 2024, 59, None, None],
            ["S2-01a", "2025-K1", "61,5", None, "Foreløpig"],
            ["O1-01", "2025-03", 3.9, "Hele landet", None],
            ["S2-01b", 2025, 240, None, None],
        ]
    }

    ind = indicator_rows()
    set_cell(ind, 2, "Type", "Resultat")
    files["indikatorer_ukjent_type.xlsx"] = indicators(ind=ind)

    ind = indicator_rows()
    set_cell(ind, 6, "Retning", None)
    files["indikatorer_mangler_retning.xlsx"] = indicators(ind=ind)

    val = value_rows()
    set_cell(val, 5, "Verdi", "mange")
    files["indikatorer_verdi_ikke_tall.xlsx"] = indicators(val=val)

    val = value_rows()
    set_cell(val, 4, "Periode", "2024-Q5")
    set_cell(val, 7, "Periode", "2024-K5")
    files["indikatorer_ugyldig_periode.xlsx"] = indicators(val=val)

    val = value_rows()
    val.append(["S5-07", 2024, 12, None, None])  # row 11
    files["indikatorer_ukjent_indikator.xlsx"] = indicators(val=val)

    ind = indicator_rows()
    set_cell(ind, 5, "Del av", "S2-09")
    files["indikatorer_del_av_ukjent.xlsx"] = indicators(ind=ind)

    ind = indicator_rows()
    set_cell(ind, 7, "Indikator-ID", "S1-01")  # S4-02 has no values, so nothing else changes
    files["indikatorer_duplikat_id.xlsx"] = indicators(ind=ind)

    ind = indicator_rows()
    set_cell(ind, 2, "Mål", "S9")
    set_cell(ind, 6, "Mål", "O1; S9")
    files["indikatorer_ugyldig_maal.xlsx"] = indicators(ind=ind)

    ind = indicator_rows()
    set_cell(ind, 2, "Mål 2030", "høy")
    files["indikatorer_maal2030_tekst.xlsx"] = indicators(ind=ind)

    files["ukjent_arbeidsbok.xlsx"] = {
        "Ark1": [
            ["Post", "Budsjett 2025", "Regnskap 2025"],
            ["Lønn", 1200000, 1150000],
            ["Konsulenter", 800000, 910000],
        ]
    }
    return files


def write_zip_bomb(path: Path, unpacked_mib: int = 230) -> None:
    """A well-formed .xlsx whose one sheet inflates to ``unpacked_mib`` MiB (> the 200 MiB limit).

    The sheet holds a header row and tens of millions of empty rows: ``<row r="N"/>`` every
    100th row (so the numbers stay consistent) and ``<row/>`` between them.
    """
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Tiltak" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
    }

    def info(name: str) -> zipfile.ZipInfo:
        zi = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
        zi.compress_type = zipfile.ZIP_DEFLATED
        return zi

    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{ns}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>Tiltak-ID</t></is></c></row>'
    ).encode()
    tail = b"</sheetData></worksheet>"
    target = unpacked_mib * 1024 * 1024
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(info(name), text.encode())
        with zf.open(info("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as fh:
            fh.write(head)
            written, first = len(head), 2
            while written < target:
                chunk = "".join(
                    f'<row r="{n}"/>' + "<row/>" * 99 for n in range(first, first + 100_000, 100)
                ).encode()
                fh.write(chunk)
                written += len(chunk)
                first += 100_000
            fh.write(tail)


TEXT_AS_XLSX = """Hei!

Her er tallene for tredje kvartal, som avtalt på telefonen i går. Jeg fikk ikke lagret
regnearket, så jeg limer inn det viktigste:

T-0101 Pasientens journaldokumenter – grønn
T-0102 Digital hjemmeoppfølging – gul, forsinket
T-0105 Helsenorge-appen 2.0 – rød

Hilsen Kari i porteføljekontoret
"""


def semicolon_portfolio_rows() -> Rows:
    """The Tiltak table as a Norwegian Excel «CSV UTF-8» export would hold it (all text)."""
    return [
        list(PORTFOLIO_HEADERS),
        ["T-0301", "Felles plattform for velferdsteknologi", "Helse Sør-Øst RHF",
         "Velferdsteknologi", "2, 4", "Gjennomføring", "Aktiv", "Grønn", "Grønn", "Gul",
         "Grønn", "Middels", "30.06.2026",
         "Budsjett økt til 12,5 mill. kr; se vedlegg", None],
        ["T-0302", "Strukturert legemiddelinformasjon", "Helsedirektoratet", None,
         "S1; S3", "Innføring", "Aktiv", "Gul", "Gul", "Gul", "Grønn", "Høy", "2027-K2",
         "Leverandøren melder «noe forsinkelse»", "T-0301"],
        ["T-0303", "Digital innsynsløsning for pårørende", "KS", "Helsenorge", "5",
         "Avsluttet", "Ferdigstilt", None, None, None, None, "Lav", "2025-03-31",
         "Avsluttet etter plan.", None],
    ]  # fmt: skip


def build(lo: LibreOffice, tmp: Path) -> dict[str, str]:
    """Write every corpus file; return file name → writer."""
    written: dict[str, str] = {}

    def put(name: str, writer: str, action: Callable[[Path], None]) -> Path:
        path = OUT / name
        action(path)
        written[name] = writer
        return path

    # openpyxl
    for name, sheets in build_openpyxl_files().items():
        put(name, "openpyxl", lambda p, s=sheets: write_openpyxl(p, s))

    # xlsxwriter
    quirky = portfolio_quirky_sheets()
    put("portefolje_quirky.xlsx", "xlsxwriter", lambda p: write_xlsxwriter(p, quirky))
    base = {"Mål": GOAL_ROWS, "Indikatorer": indicator_rows(), "Verdier": value_rows()}
    put("indikatorer_base.xlsx", "xlsxwriter", lambda p: write_xlsxwriter(p, base))

    # LibreOffice
    good = OUT / "portefolje_gyldig.xlsx"

    def convert(source: Path, convert_to: str, *, pdf: bool = False) -> Callable[[Path], None]:
        def action(path: Path) -> None:
            lo.convert(source, path, convert_to)
            if pdf:
                normalize_pdf(path)
            elif zipfile.is_zipfile(path):
                fix_zip_times(path)

        return action

    put("portefolje_quirky.ods", "libreoffice", convert(OUT / "portefolje_quirky.xlsx", "ods"))
    put("indikatorer_quirky.ods", "libreoffice", convert(OUT / "indikatorer_quirky.xlsx", "ods"))
    put("portefolje_libreoffice.xlsx", "libreoffice", convert(good, "xlsx:Calc MS Excel 2007 XML"))
    put("gammel_excel.xls", "libreoffice", convert(good, "xls:MS Excel 97"))
    put("pdf_som_xlsx.xlsx", "libreoffice", convert(good, "pdf:calc_pdf_Export", pdf=True))
    comma_source = tmp / "portefolje_komma.xlsx"
    write_openpyxl(comma_source, {"Tiltak": portfolio_rows()})
    # 44 = ",", 34 = '"', 76 = UTF-8, 1 = start at line 1 (LibreOffice writes no BOM).
    comma = "csv:Text - txt - csv (StarCalc):44,34,76,1"
    put("portefolje_komma.csv", "libreoffice", convert(comma_source, comma))

    def encrypted(filter_name: str) -> Callable[[Path], None]:
        def action(path: Path) -> None:
            lo.store_encrypted(good, path, filter_name)
            if zipfile.is_zipfile(path):  # an encrypted .ods is still a zip; .xlsx is OLE
                fix_zip_times(path)

        return action

    put("passord.xlsx", "libreoffice", encrypted("Calc MS Excel 2007 XML"))
    put("passord.ods", "libreoffice", encrypted("calc8"))
    _put_bytes(put, good)
    return written


def _put_bytes(put: Callable[[str, str, Callable[[Path], None]], Path], good: Path) -> None:
    """The files written as plain bytes: CSV in several encodings and broken files."""
    csv_rows = semicolon_portfolio_rows()

    def csv_file(rows: Rows, delimiter: str, encoding: str) -> Callable[[Path], None]:
        return lambda p: write_csv(p, rows, delimiter=delimiter, encoding=encoding)

    put("portefolje_semikolon_bom.csv", "bytes", csv_file(csv_rows, ";", "utf-8-sig"))
    put("portefolje_cp1252.csv", "bytes", csv_file(csv_rows, ";", "cp1252"))
    iso_rows = semicolon_portfolio_rows()
    set_cell(iso_rows, 2, "Planlagt ferdig", "2026-06-30")  # only the missing round is wrong
    put("portefolje_uten_runde.csv", "bytes", csv_file(iso_rows, ",", "utf-8"))
    values_csv = [
        list(VALUE_HEADERS),
        ["S1-01", "2025", "62,4", None, "Foreløpig tall"],
        ["S2-01a", "2025-K2", "63,0", "Hele landet", None],
        ["O1-01", "2025-04", "3,5", "Oslo", "Tall fra Helsenorge; ukesnitt"],
    ]
    put("verdier_semikolon_bom.csv", "bytes", csv_file(values_csv, ";", "utf-8-sig"))
    put("tom.xlsx", "bytes", lambda p: p.write_bytes(b""))
    good_bytes = good.read_bytes()
    put("avkuttet.xlsx", "bytes", lambda p: p.write_bytes(good_bytes[: len(good_bytes) // 2]))
    put("tekst_som_xlsx.xlsx", "bytes", lambda p: p.write_bytes(TEXT_AS_XLSX.encode("utf-8")))
    put("zipbombe.xlsx", "bytes", write_zip_bomb)


# --------------------------------------------------------------------------- checks and report


def load_manifest() -> Any:
    spec = importlib.util.spec_from_file_location("corpus_manifest", HERE / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def norm(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_locations(case: Any) -> list[str]:
    """Is every (sheet, row, column) the manifest names really there in the file?"""
    if case.exit_code == 2 or case.path.suffix not in {".xlsx", ".ods"}:
        return []
    wb = pc.CalamineWorkbook.from_path(str(case.path))
    sheets = {norm(n): wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names}
    problems = []
    for sheet, row, column, code in [*case.errors, *case.warnings]:
        if sheet is None:
            continue
        problem = _location_problem(sheets, sheet, row, column, code)
        if problem:
            problems.append(f"{case.name}: {(sheet, row, column, code)}: {problem}")
    return problems


def _location_problem(
    sheets: dict[str, list[list[Any]]], sheet: str, row: int | None, column: str, code: str
) -> str | None:
    """Why one reported location is not in the file, or None."""
    if code == "missing-sheet":
        return "the sheet exists" if norm(sheet) in sheets else None
    rows = sheets.get(norm(sheet))
    if rows is None:
        return "no such sheet"
    if norm(sheet) == norm("Om rapporten"):
        return _key_problem(rows, row, column)
    return None if _column_there(rows, row, column, code) else "not where the manifest says"


def _key_problem(rows: list[list[Any]], row: int | None, column: str) -> str | None:
    """The info sheet has keys in its first column instead of a header row."""
    keys = [norm(r[0]) if r else "" for r in rows]
    if row is None:
        return "the key is there" if norm(column) in keys else None
    if row > len(rows) or keys[row - 1] != norm(column):
        return "the key is not in that row"
    return None


def _column_there(rows: list[list[Any]], row: int | None, column: str, code: str) -> bool:
    present = [norm(c) for c in rows[0]].count(norm(column))
    if code == "missing-column":
        return present == 0
    if code == "duplicate-column":
        return present >= 2
    in_row = row is None or (row <= len(rows) and not all(blank(c) for c in rows[row - 1]))
    return present == 1 and in_row


def human(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.2f} MB"


def summary(issues: list[Any], prefix: str = "") -> list[str]:
    counts: dict[str, int] = {}
    for issue in issues:
        counts[issue[3]] = counts.get(issue[3], 0) + 1
    return [f"{prefix}{code}" + (f"×{n}" if n > 1 else "") for code, n in counts.items()]


def print_table(cases: list[Any], written: dict[str, str]) -> None:
    head = ("file", "writer", "size", "exit", "kind", "expected codes (w: = warning)")
    lines = []
    for case in cases:
        codes = summary(case.errors) + summary(case.warnings, "w:")
        lines.append(
            (
                case.name,
                written[case.name],
                human(case.path.stat().st_size),
                str(case.exit_code),
                case.kind or "–",
                ", ".join(codes) or "–",
            )
        )
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(head)]
    fmt = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    print(fmt.format(*head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in lines:
        print(fmt.format(*line))


def main() -> int:
    manifest = load_manifest()
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="ehelse-corpus-") as tmpdir:
        tmp = Path(tmpdir)
        written = build(LibreOffice(tmp), tmp)

    problems: list[str] = []
    names = {case.name for case in manifest.CASES}
    on_disk = {p.name for p in OUT.iterdir()}
    problems += [f"{n}: written but not in corpus.py" for n in sorted(on_disk - names)]
    problems += [f"{n}: in corpus.py but not written" for n in sorted(names - on_disk)]
    for case in manifest.CASES:
        if case.name in written and written[case.name] != case.writer:
            problems.append(
                f"{case.name}: written by {written[case.name]}, manifest says {case.writer}"
            )
        if case.name in on_disk:
            problems += check_locations(case)
    print_table([c for c in manifest.CASES if c.name in on_disk], written)
    if problems:
        print("\nThe corpus does not match corpus.py:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    print(f"\n{len(manifest.CASES)} files in {OUT.relative_to(HERE.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
