"""The benchmark's indicator workbook: 100 indicators × 357 municipalities × 10 years
(357,000 values) plus the national figure of each indicator and year (1,000 more).

Deterministic (fixed seed, fixed names): the same arguments give the same cells, so runs on
different days measure the same file. Written with xlsxwriter in constant-memory mode (the
fastest writer here, see field notes); the file is cached under ``bench-results/`` by its
parameters so repeated runs do not pay for writing it again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

GOALS = ("S1", "S2", "S3", "S4", "S5", "O1", "O2", "O3")
TYPES = ("Struktur", "Prosess", "Effekt")
FIRST_YEAR = 2015


@dataclass(frozen=True)
class Size:
    indicators: int = 100
    areas: int = 357
    years: int = 10

    @property
    def rows(self) -> int:
        """Values: every municipality and the whole country, every year."""
        return self.indicators * (self.areas + 1) * self.years

    @property
    def file_name(self) -> str:
        return f"indikatorer-{self.indicators}x{self.areas}x{self.years}-nasjonal.xlsx"


def indicator_code(i: int) -> str:
    return f"K-{i + 1:03d}"


def area_name(a: int) -> str:
    return f"Kommune {a + 1:03d}"


def write(path: Path, size: Size = Size(), seed: int = 2030) -> Path:
    """Write the workbook to ``path`` (sheets Indikatorer and Verdier, as formats.md says)."""
    import xlsxwriter

    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    sheet = book.add_worksheet("Indikatorer")
    header = ["Indikator-ID", "Navn", "Mål", "Type", "Status", "Nivå", "Enhet", "Retning"]
    header += ["Datakilde", "Mål 2030", "Grense"]
    sheet.write_row(0, 0, header)
    for i in range(size.indicators):
        sheet.write_row(
            i + 1,
            0,
            [
                indicator_code(i),
                f"Ytelsesindikator {i + 1} per kommune",
                GOALS[i % len(GOALS)],
                TYPES[i % len(TYPES)],
                "Klar",
                "Støtte",
                "%",
                "Økende" if i % 4 else "Synkende",
                "Ytelsestest (syntetiske tall)",
                90,
                100,
            ],
        )
    values = book.add_worksheet("Verdier")
    values.write_row(0, 0, ["Indikator-ID", "Periode", "Verdi", "Område"])
    row = 1
    for i in range(size.indicators):
        code = indicator_code(i)
        level = rng.uniform(30, 60)
        for y in range(size.years):  # the national figure, as registers publish it
            level = min(100.0, max(0.0, level + rng.uniform(-1, 3)))
            values.write_row(row, 0, [code, FIRST_YEAR + y, round(level, 1), "Hele landet"])
            row += 1
        for a in range(size.areas):
            area = area_name(a)
            level = rng.uniform(20, 70)
            for y in range(size.years):
                level = min(100.0, max(0.0, level + rng.uniform(-2, 5)))
                values.write_string(row, 0, code)
                values.write_number(row, 1, FIRST_YEAR + y)
                values.write_number(row, 2, round(level, 1))
                values.write_string(row, 3, area)
                row += 1
    book.close()
    tmp.replace(path)
    return path


def cached(folder: Path, size: Size = Size()) -> Path:
    """The workbook for ``size`` in ``folder``, written on first use."""
    path = folder / size.file_name
    if not path.exists():
        write(path, size)
    return path


def uncompressed_bytes(path: Path) -> int:
    """The size of the workbook's XML once unpacked: what the zip-bomb limit looks at."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return sum(info.file_size for info in zf.infolist())
