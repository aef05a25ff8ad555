"""``make bench``: every benchmark section in one run, a table of figures and ratios, and
``bench-results/latest.json``. A report, not a test: a missed target is printed, not fatal.

    python -m tests.bench.run [--only import|sider|første|samtidighet|møtemodus]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from tests.bench.common import ROOT, Ctx

#: (module, short name for --only)
SECTIONS = [
    ("imports", "import"),
    ("pages", "sider"),
    ("browser", "første"),
    ("concurrency", "samtidighet"),
    ("meeting", "møtemodus"),
]
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_url() -> str | None:
    url = os.environ.get("EHELSE_BENCH_PG_URL", DEFAULT_PG)
    if not url:
        return None
    try:
        from sqlalchemy import create_engine

        engine = create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
        return url
    except Exception:  # noqa: BLE001 - no server: the PostgreSQL figures are left out
        print(f"PostgreSQL svarer ikke på {url}: PostgreSQL-tallene utelates.")
        return None


def machine(pg: str | None) -> dict[str, Any]:
    import streamlit

    info: dict[str, Any] = {
        "kjerner": os.cpu_count(),
        "minne_GB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9, 1),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "sqlite": sqlite3.sqlite_version,
        "postgresql": None,
    }
    if pg:
        from sqlalchemy import create_engine, text

        engine = create_engine(pg)
        with engine.connect() as conn:
            info["postgresql"] = conn.execute(text("SHOW server_version")).scalar()
        engine.dispose()
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "ukjent"


def table(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'Del':<18} {'Måling':<62} {'Verdi':>10}  {'Mål':<10} Status"]
    lines.append("-" * len(lines[0]) + "-" * 8)
    for r in rows:
        status = "" if r["ok"] is None else ("OK" if r["ok"] else "IKKE OK")
        value = f"{r['value']:.2f} {r['unit']}"
        lines.append(
            f"{r['section']:<18} {r['name']:<62} {value:>10}  {r['target'] or '':<10} {status}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=[short for _m, short in SECTIONS])
    args = parser.parse_args(argv)
    pg = pg_url()
    ctx = Ctx(results_dir=ROOT / "bench-results", pg_url=pg, python=sys.executable)
    info = machine(pg)
    print("Maskin:", ", ".join(f"{k} {v}" for k, v in info.items()))
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for module, short in SECTIONS:
        if args.only and args.only != short:
            continue
        print(f"… {short}", flush=True)
        section = importlib.import_module(f"tests.bench.{module}")
        rows += section.run(ctx)
    print()
    print(table(rows))
    missed = [r for r in rows if r["ok"] is False]
    print()
    print(f"Tid brukt: {time.perf_counter() - started:.0f} s.")
    if missed:
        print(
            "Mål som ikke er nådd: "
            + "; ".join(
                f"{r['name'].strip()} ({r['value']} {r['unit']}, mål {r['target']})" for r in missed
            )
        )
    else:
        print("Alle mål er nådd.")
    out = ctx.results_dir / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {"maskin": info, "tid": time.strftime("%Y-%m-%d %H:%M"), "rader": rows},
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"Skrevet: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
