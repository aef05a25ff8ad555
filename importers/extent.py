"""How far each sheet of a workbook reaches, found before any reader allocates it.

python-calamine turns a sheet into one dense grid from the first to the last cell that holds a
value, and the importer reads every sheet from A1 (``skip_empty_area=False``). A 5 KB workbook
with one value in ``XFD1048576`` therefore asks for 16,384 × 1,048,576 cells (549 GB), and one
in ``Z1048576`` for 27 million (1.2 GB): the process dies before any check of ours runs. This
module reads the sheet XML itself, streamed from the zip, and refuses (``too-large``) a
workbook whose sheets together would span more than ``EHELSE_MAX_CELLS`` cells.

The grid a sheet becomes is (last row with a value) × (last column with a value), counted from
A1. The scan may over-estimate it (a cell with no value still counts), never under-estimate it.

* ``.xlsx``/``.xlsm``, fast path: a sheet declares its used range in ``<dimension ref="A1:D358001">``.
  When that range fits, one regular-expression pass over the sheet confirms that every cell lies
  inside it (``<c r="…">`` with a reference no larger); Excel, LibreOffice, openpyxl and
  xlsxwriter write files this way, and the 357,000-value workbook takes ≈ 0.3 s.
* Any other sheet (no or a too large ``<dimension>``, a cell outside it, cells without their own
  reference, namespace prefixes, a repeated attribute) is walked tag by tag the way calamine
  positions cells: slower, exact, and only for unusual or hostile files.
* ``.ods``: ``content.xml`` is walked tag by tag, counting ``number-rows-repeated`` and
  ``number-columns-repeated`` the way calamine expands them.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from importers.errors import FileRefused, Issue

CHUNK = 4 << 20
#: The largest sheet any spreadsheet program writes (Excel and LibreOffice).
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384


@dataclass(frozen=True)
class Extent:
    """The grid one sheet becomes when read from A1: ``rows`` × ``columns`` cells."""

    sheet: str
    rows: int
    columns: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def last_cell(self) -> str:
        return f"{column_letters(self.columns)}{self.rows}"


def column_letters(number: int) -> str:
    """1 → ``A``, 26 → ``Z``, 27 → ``AA``, 16384 → ``XFD``."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters or "A"


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - ord("A") + 1
    return n


def check_extent(path: str, fmt: str, *, max_cells: int) -> list[Extent]:
    """The extent of every sheet; :class:`FileRefused` (``too-large``) when they would not fit."""
    with zipfile.ZipFile(path) as zf:
        extents = _ods_extents(zf) if fmt == "ods" else _xlsx_extents(zf, max_cells)
    _refuse_if_too_large(extents, max_cells)
    return extents


def _refuse_if_too_large(extents: list[Extent], max_cells: int) -> None:
    from model.fmt import number

    for extent in extents:
        if extent.rows > MAX_ROWS or extent.columns > MAX_COLUMNS or extent.cells > max_cells:
            raise FileRefused(
                Issue(
                    code="too-large",
                    sheet=extent.sheet,
                    message=(
                        f"Arket «{extent.sheet}» går helt til celle {extent.last_cell}: "
                        f"{number(extent.rows)} rader × {number(extent.columns)} kolonner = "
                        f"{number(extent.cells)} celler, mer enn grensen på {number(max_cells)}. "
                        "Det skyldes som regel en verdi eller et mellomrom langt nede eller langt "
                        "til høyre. Slett radene under og kolonnene til høyre for tabellen "
                        "(merk dem og velg «Slett»), lagre og last opp på nytt."
                    ),
                )
            )
    total = sum(e.cells for e in extents)
    if total > max_cells:
        raise FileRefused(
            Issue(
                code="too-large",
                message=(
                    f"Arkene i arbeidsboken spenner til sammen over {number(total)} celler, mer "
                    f"enn grensen på {number(max_cells)}. Slett ark som ikke skal lastes opp, og "
                    "tomme rader og kolonner utenfor tabellene, og last opp på nytt."
                ),
            )
        )


# --------------------------------------------------------------------------------------------
# Streaming helpers
# --------------------------------------------------------------------------------------------


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """Pieces of the stream that end just before a ``<``: no tag is ever cut in two (``<`` is
    not allowed inside an XML attribute value or text, so it always starts markup)."""
    carry = b""
    while True:
        block = stream.read(CHUNK)
        if not block:
            if carry:
                yield carry
            return
        data = carry + block
        cut = data.rfind(b"<")
        if cut <= 0:
            carry = data
            continue
        yield data[:cut]
        carry = data[cut:]


# An XML tag's attributes, with quoted values that may hold ">".
_ATTRS = rb"""((?:[^>"']|"[^"]*"|'[^']*')*)"""


def _attribute(attrs: bytes, name: bytes) -> bytes | None:
    """The value of attribute ``name`` in ``attrs``; the last one when repeated (calamine's
    reading: it takes every occurrence in turn)."""
    found = None
    pattern = rb"""(?:^|(?<=[\s"']))""" + name + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')"""
    for m in re.finditer(pattern, attrs):
        found = m.group(1) if m.group(1) is not None else m.group(2)
    return found


# --------------------------------------------------------------------------------------------
# xlsx / xlsm
# --------------------------------------------------------------------------------------------

_DIMENSION = re.compile(rb"""<(?:[\w.\-]+:)?dimension\s+ref\s*=\s*["']([^"']*)["']""")
_SHEET_DATA = re.compile(rb"<(?:[\w.\-]+:)?sheetData[\s/>]")
_PREFIXED_CELL = re.compile(rb":(?:c|row)[\s/>]")
_XLSX_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c|sheetData)(?=[\s/>])" + _ATTRS + rb">")
_REF = re.compile(rb"([A-Za-z]*)([0-9]*)")
_BEYOND = 1 << 40  # a reference calamine cannot hold (row 0 or overflow): never fits


def _xlsx_extents(zf: zipfile.ZipFile, max_cells: int) -> list[Extent]:
    names = _xlsx_sheet_names(zf)
    extents = []
    # Every member is scanned, not only the parts the workbook lists: calamine follows the
    # relationships, whatever the parts are called.
    for info in zf.infolist():
        if info.is_dir():
            continue
        extent = _xlsx_part_extent(zf, info, names.get(info.filename, info.filename), max_cells)
        if extent is not None:
            extents.append(extent)
    if sum(e.cells for e in extents) > max_cells:
        # The fast path counts a bound, not the cells: before refusing, count exactly.
        extents = []
        for info in zf.infolist():
            if not info.is_dir():
                with zf.open(info) as stream:
                    exact = _walk_xlsx(stream, names.get(info.filename, info.filename))
                if exact is not None:
                    extents.append(exact)
    return extents


def _xlsx_part_extent(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str, max_cells: int
) -> Extent | None:
    with zf.open(info) as stream:
        head = stream.read(1 << 16)
    declared = _declared(head)
    if declared is not None:
        rows, columns = declared
        for bound_rows, bound_columns, exact in (
            (*_coarse(rows, columns), False),
            (rows, columns, True),
        ):
            if bound_rows * bound_columns <= max_cells:
                with zf.open(info) as stream:
                    if _inside(stream, bound_rows, bound_columns, exact=exact):
                        return Extent(sheet, bound_rows, bound_columns)
                break
    elif not _SHEET_DATA.search(head) and info.file_size <= len(head):
        return None  # a small part with no cells (styles, relationships, …)
    with zf.open(info) as stream:
        return _walk_xlsx(stream, sheet)


def _declared(head: bytes) -> tuple[int, int] | None:
    """The bottom-right corner of ``<dimension ref>`` as (rows, columns), if it reads cleanly."""
    sheet_data = _SHEET_DATA.search(head)
    m = _DIMENSION.search(head, 0, sheet_data.start() if sheet_data else len(head))
    if m is None:
        return None
    corner = m.group(1).split(b":")[-1]
    ref = re.fullmatch(rb"([A-Za-z]{1,3})([1-9][0-9]{0,6})", corner)
    if ref is None:
        return None
    rows, columns = int(ref.group(2)), column_number(ref.group(1).decode())
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        return None
    return rows, columns


def _coarse(rows: int, columns: int) -> tuple[int, int]:
    """A bound at or above (rows, columns) that a regular expression checks quickly: the rows
    up to the next leading digit (358001 → 399999), the columns as they are when one letter
    (A–Z), else every column with the same first letter."""
    text = str(rows)
    lead = int(text[0])
    bound_rows = (lead + 1) * 10 ** (len(text) - 1) - 1
    if columns <= 26:
        return bound_rows, columns
    letters = column_letters(columns)
    return bound_rows, column_number(letters[0] + "Z" * (len(letters) - 1))


def _ref_pattern(rows: int, columns: int, *, exact: bool) -> bytes:
    if exact:
        cols = rb"(?i:" + _at_most_letters(column_letters(columns)) + rb")"
        return cols + _at_most_digits(rows)
    letters = column_letters(columns)
    if len(letters) == 1:
        cols = b"[A-%sa-%s]" % (letters.encode(), letters.lower().encode())
    else:
        first = letters[0].encode()
        cols = b"(?:[A-Za-z]{1,%d}|[A-%sa-%s][A-Za-z]{%d})" % (
            len(letters) - 1,
            first,
            first.lower(),
            len(letters) - 1,
        )
    text = str(rows)
    if len(text) == 1:
        return cols + b"[1-%s]" % text.encode()
    return cols + b"(?:[1-9][0-9]{0,%d}|[1-%s][0-9]{%d})" % (
        len(text) - 2,
        text[0].encode(),
        len(text) - 1,
    )


def _inside(stream: IO[bytes], rows: int, columns: int, *, exact: bool) -> bool:
    """True when every cell tag has the plain shape writers use, ``<c r="REF" s="…" t="…">``
    (one space, ``r`` first and only once, double quotes, no ``>`` inside a value), with REF
    within rows × columns; any other shape, or a namespace prefix, sends the sheet to the walk.
    ``exact=False`` expects the bounds of :func:`_coarse` (a cheaper expression)."""
    ref = _ref_pattern(rows, columns, exact=exact)
    outside = re.compile(
        rb'<c(?=[^a-z])(?! r="' + ref + rb'"(?: (?:s|t|cm|vm|ph)="[^"<>]*+")*+/?>)'
    )
    for chunk in _chunks(stream):
        if outside.search(chunk) or _PREFIXED_CELL.search(chunk):
            return False
    return True


def _walk_xlsx(stream: IO[bytes], sheet: str) -> Extent | None:
    """Every cell's position as calamine computes it: its own ``r``, or the running row and
    column (a row's ``r`` sets the row; the end of a row moves to the next)."""
    walk = _XlsxWalk()
    for chunk in _chunks(stream):
        if not walk.in_data and b"sheetData" not in chunk:
            continue
        for m in _XLSX_TAG.finditer(chunk):
            walk.tag(m.group(1), m.group(2), m.group(3))
    if not walk.seen:
        return None
    return Extent(sheet, walk.last_row, walk.last_col)


@dataclass
class _XlsxWalk:
    """calamine's running position in one worksheet's XML, tag by tag (:func:`_walk_xlsx`)."""

    in_data: bool = False
    seen: bool = False
    row: int = 0  # calamine's running position, 0-based
    col: int = 0
    last_row: int = 0  # 1-based extent
    last_col: int = 0

    def tag(self, closing: bytes, name: bytes, attrs: bytes) -> None:
        """One ``sheetData``, ``row`` or ``c`` tag (opening, closing or empty)."""
        if name == b"sheetData":
            if closing:
                self.in_data = False
            elif not attrs.rstrip().endswith(b"/"):
                self.in_data = self.seen = True
        elif not self.in_data:
            return
        elif name == b"row":
            self._row(closing, attrs)
        elif not closing:
            self._cell(attrs)

    def _row(self, closing: bytes, attrs: bytes) -> None:
        if closing:
            self.row, self.col = self.row + 1, 0
            return
        r = _attribute(attrs, b"r")
        if r is not None:
            digits = _REF.fullmatch(r)
            self.row = int(digits.group(2)) - 1 if digits and digits.group(2) else self.row
        if attrs.rstrip().endswith(b"/"):  # read as a start and an end
            self.row, self.col = self.row + 1, 0

    def _cell(self, attrs: bytes) -> None:
        r = _attribute(attrs, b"r")
        if r is not None:
            position = _cell_position(r)
            if position is None:
                return  # calamine refuses the reference: the file fails to read
            self.row, self.col = position
        # A cell that cannot hold a value (<c …/>) still moves the running column.
        if not attrs.rstrip().endswith(b"/"):
            self.last_row = max(self.last_row, self.row + 1)
            self.last_col = max(self.last_col, self.col + 1)
        self.col += 1


def _cell_position(ref: bytes) -> tuple[int, int] | None:
    m = _REF.fullmatch(ref)
    if m is None or not m.group(1) or not m.group(2):
        return None
    row, col = int(m.group(2)), column_number(m.group(1).decode())
    if row == 0 or row >= 1 << 32 or col >= 1 << 32:
        return _BEYOND, _BEYOND
    return row - 1, col - 1


def _xlsx_sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """zip member → the sheet's name (for messages only; best effort)."""
    try:
        workbook = zf.read("xl/workbook.xml")[: 4 << 20]
        rels = zf.read("xl/_rels/workbook.xml.rels")[: 4 << 20]
    except (KeyError, OSError, zipfile.BadZipFile):
        return {}
    targets = {}
    for m in re.finditer(rb"<(?:[\w.\-]+:)?Relationship\s" + _ATTRS + rb">", rels):
        rel_id, target = _attribute(m.group(1), b"Id"), _attribute(m.group(1), b"Target")
        if rel_id and target:
            text = target.decode("utf-8", "replace")
            part = text.lstrip("/") if text.startswith("/") else posixpath.join("xl", text)
            targets[rel_id] = posixpath.normpath(part)
    names = {}
    for m in re.finditer(rb"<(?:[\w.\-]+:)?sheet\s" + _ATTRS + rb">", workbook):
        attrs = m.group(1)
        name = _attribute(attrs, b"name")
        rel = _attribute(attrs, rb"[\w.\-]+:id")
        if name is not None and rel in targets:
            names[targets[rel]] = html.unescape(name.decode("utf-8", "replace"))
    return names


def _at_most_digits(limit: int) -> bytes:
    """A regular expression for the whole numbers 1 … ``limit`` (no leading zeros)."""
    text = str(limit)
    parts = [rb"[1-9][0-9]{0,%d}" % (len(text) - 2)] if len(text) > 1 else []
    parts.append(_at_most_same_length(text, "0123456789", first_min="1").encode())
    return b"(?:" + b"|".join(parts) + b")"


def _at_most_letters(letters: str) -> bytes:
    """A regular expression for the column letters A … ``letters`` (upper case)."""
    parts = [rb"[A-Z]{1,%d}" % (len(letters) - 1)] if len(letters) > 1 else []
    parts.append(_at_most_same_length(letters, "ABCDEFGHIJKLMNOPQRSTUVWXYZ").encode())
    return b"(?:" + b"|".join(parts) + b")"


def _at_most_same_length(limit: str, alphabet: str, first_min: str | None = None) -> str:
    """Strings of ``len(limit)`` symbols of ``alphabet`` that sort at or before ``limit``."""
    options = []
    for i, symbol in enumerate(limit):
        low = alphabet.index(first_min) if (i == 0 and first_min) else 0
        below = alphabet[low : alphabet.index(symbol)]
        if below:
            rest = len(limit) - i - 1
            tail = f"[{alphabet[0]}-{alphabet[-1]}]{{{rest}}}" if rest else ""
            options.append(f"{re.escape(limit[:i])}[{below[0]}-{below[-1]}]{tail}")
    options.append(re.escape(limit))
    return "(?:" + "|".join(options) + ")"


# --------------------------------------------------------------------------------------------
# ods
# --------------------------------------------------------------------------------------------

_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])" + _ATTRS + rb">"
)
_HAS_VALUE = re.compile(rb"(?:^|\s)(?:office:[\w\-]+|table:formula)\s*=")


def _ods_extents(zf: zipfile.ZipFile) -> list[Extent]:
    """Each table of ``content.xml`` (what calamine reads), with repeated rows and columns
    counted as calamine expands them: a cell with a value repeated n times is n cells, and a
    row with a value repeated n times is n rows."""
    try:
        stream = zf.open("content.xml")
    except KeyError:
        return []
    walk = _OdsWalk()
    with stream:
        for chunk in _chunks(stream):
            for m in _ODS_TAG.finditer(chunk):
                walk.tag(m.group(1), m.group(2), m.group(3))
    return walk.extents


@dataclass
class _OdsWalk:
    """The tables' extents so far while reading ``content.xml`` tag by tag (:func:`_ods_extents`)."""

    extents: list[Extent] = field(default_factory=list)
    name: str = ""
    row: int = 0  # rows so far in this table, repeats included
    col: int = 0  # columns so far in this row
    last_row: int = 0
    last_col: int = 0
    row_has_value: bool = False
    repeats: int = 1

    def tag(self, closing: bytes, tag: bytes, attrs: bytes) -> None:
        """One ``table``, ``table-row`` or cell tag (opening, closing or empty)."""
        empty = attrs.rstrip().endswith(b"/")
        if tag == b"table":
            self._table(closing, attrs, empty)
        elif tag == b"table-row":
            self._row(closing, attrs, empty)
        elif not closing:
            self._cell(attrs)

    def _table(self, closing: bytes, attrs: bytes, empty: bool) -> None:
        if closing:
            self.extents.append(Extent(self.name, self.last_row, self.last_col))
        elif not empty:
            raw = _attribute(attrs, b"table:name") or b""
            self.name = html.unescape(raw.decode("utf-8", "replace"))
            self.row = self.col = self.last_row = self.last_col = 0

    def _row(self, closing: bytes, attrs: bytes, empty: bool) -> None:
        if not closing:
            self.repeats = _count(_attribute(attrs, b"table:number-rows-repeated"))
            self.col, self.row_has_value = 0, False
        if closing or empty:
            if self.row_has_value:
                self.last_row = self.row + self.repeats
            self.row += self.repeats

    def _cell(self, attrs: bytes) -> None:
        width = _count(_attribute(attrs, b"table:number-columns-repeated"))
        if _HAS_VALUE.search(attrs):
            self.row_has_value = True
            self.last_col = max(self.last_col, self.col + width)
        self.col += width


def _count(value: bytes | None) -> int:
    if value is None:
        return 1
    try:
        return max(int(value), 1)
    except ValueError:
        return 1
