"""Text that people typed, on its way out of the system: into a spreadsheet it never becomes a
formula, onto a terminal it never becomes a control sequence. The one home of both guards
(every CSV and Excel export, and every command that prints names, uses them).

* Spreadsheets (OWASP, «CSV Injection»): a cell that starts with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return is a formula to Excel and LibreOffice (``=HYPERLINK(…)``,
  ``+cmd|' /C calc'!A0``, ``@SUM(…)``). In CSV such text gets an apostrophe in front, which the
  spreadsheet shows as text; in Excel files it is written as a text cell with the quote prefix.
* Terminals: an escape character in a measure's name can move the cursor, rewrite earlier lines
  or set the window title; bidirectional controls can reverse what a line seems to say. They are
  shown as visible escapes (``\\x1b``, ``\\u202e``) instead.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

#: What makes a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """True for text a spreadsheet would run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def spreadsheet_text(value: Any) -> Any:
    """``value`` for a CSV cell: formula-like text gets a leading apostrophe; anything else
    (numbers, dates, ordinary text) is returned unchanged."""
    return "'" + value if formula_like(value) else value


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark (opens correctly in Norwegian Excel),
    every text cell guarded by :func:`spreadsheet_text`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([spreadsheet_text(_cell(v)) for v in header])
    for row in rows:
        writer.writerow([spreadsheet_text(_cell(v)) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def frame_csv(frame: Any) -> bytes:
    """A pandas DataFrame as :func:`csv_bytes` (the columns as the header, no index)."""
    return csv_bytes(list(frame.columns), frame.itertuples(index=False, name=None))


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return value


# C0 and C1 controls (escape, CSI, backspace, carriage return …), DEL, and the bidirectional
# controls that reorder what a line appears to say (Trojan Source).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: Any) -> str:
    """``text`` safe to print on a terminal, on one line: every control character shown as an
    escape (``\\x1b``, ``\\n``, ``\\u202e``); everything else, Norwegian letters included, as is."""
    return _CONTROLS.sub(_escape, str(text))


# What JSON leaves raw with ensure_ascii=False but a terminal may still obey.
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_text(text: str) -> str:
    """JSON from ``json.dumps(…, ensure_ascii=False)`` with the controls JSON does not escape
    itself (C1, bidirectional) written as ``\\uXXXX``: the same data, safe on a terminal."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def terminal_lines(text: str) -> str:
    """Like :func:`terminal`, but the line breaks of the text itself are kept (for the
    multi-line output of a command, whose user-typed parts were made safe already)."""
    return "\n".join(terminal(line) for line in str(text).split("\n"))
