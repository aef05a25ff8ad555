"""What an upload would change, computed before anything is written (for the confirm step)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from importers.indicators import IndicatorData
from importers.portfolio import PortfolioData
from model import queries

#: The fields of a measure's report the preview compares one by one (key → Norwegian label).
DIFF_FIELDS: dict[str, str] = {
    "status_overall": "Samlet status",
    "state": "Tilstand",
    "phase": "Fase",
    "planned_finish": "Planlagt ferdig",
    "comment": "Statuskommentar",
}
#: Every other reported field: a change there is listed under ``other_changed``.
OTHER_FIELDS: dict[str, str] = {
    "name": "Tiltak",
    "owner": "Tiltakseier",
    "programme_area": "Satsning",
    "goals": "Strategiske mål",
    "status_progress": "Status fremdrift",
    "status_cost": "Status kostnad",
    "status_benefit": "Status gevinst",
    "risk": "Risiko",
    "dependencies": "Avhengigheter",
}
#: The keys of the field-by-field lists in a portfolio preview, in the order they are shown.
CHANGE_KEYS = (
    "changed",
    "state_changed",
    "phase_changed",
    "finish_changed",
    "comment_changed",
)
_CHANGE_KEY_OF = dict(zip(DIFF_FIELDS, CHANGE_KEYS, strict=True))


def _stored(field: str, value: Any) -> Any:
    """A value as the database stores it (lists joined by ";", empty as None)."""
    if isinstance(value, list | tuple):
        value = ";".join(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value != value:  # NaN from a DataFrame
        return None
    return value


def _rows_of(engine: Engine, round_code: str, owner: str | None) -> dict[str, dict[str, Any]]:
    frame = queries.round_reports(engine, round_code)
    rows = {
        r["code"]: {k: _stored(k, v) for k, v in r.items()} for r in frame.to_dict(orient="records")
    }
    if owner is not None:
        rows = {c: r for c, r in rows.items() if r["owner"] == owner}
    return rows


def diff_rounds(
    before: dict[str, dict[str, Any]] | None, reports: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Field by field, what ``reports`` (a file's rows) change against ``before`` (stored rows by
    Tiltak-ID; None: nothing to compare with). Pure: no database.

    ``new``: IDs not in ``before``; ``changed``: Samlet status differs (both have one);
    ``state_changed``, ``phase_changed``, ``finish_changed``, ``comment_changed``: that field
    differs; ``completed``: Tilstand became Ferdigstilt; ``removed``: in ``before``, not in the
    file (the measures left out, by name); ``other_changed``: any other field differs
    (``fields`` names them). Every list is sorted by Tiltak-ID.
    """
    out: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("new", *CHANGE_KEYS, "completed", "removed", "other_changed")
    }
    for report in sorted(reports, key=lambda r: r["code"]):
        code = report["code"]
        old = None if before is None else before.get(code)
        if old is None:
            out["new"].append(
                {
                    "code": code,
                    "name": report["name"],
                    "owner": report["owner"],
                    "status": report["status_overall"],
                }
            )
            continue
        for field_name, key in _CHANGE_KEY_OF.items():
            was, now = old.get(field_name), _stored(field_name, report.get(field_name))
            if was == now or (field_name == "status_overall" and not (was and now)):
                continue
            out[key].append({"code": code, "name": report["name"], "from": was, "to": now})
        if report["state"] == "Ferdigstilt" and old.get("state") != "Ferdigstilt":
            out["completed"].append({"code": code, "name": report["name"]})
        others = [
            label
            for field_name, label in OTHER_FIELDS.items()
            if old.get(field_name) != _stored(field_name, report.get(field_name))
        ]
        if others:
            out["other_changed"].append({"code": code, "name": report["name"], "fields": others})
    in_file = {r["code"] for r in reports}
    out["removed"] = [
        {"code": code, "name": row["name"], "owner": row["owner"]}
        for code, row in sorted((before or {}).items())
        if code not in in_file
    ]
    return out


def preview_portfolio(
    engine: Engine, data: PortfolioData, *, owner: str | None = None
) -> dict[str, Any]:
    """What loading ``data`` would change, field by field (formats.md §6, «Preview as a diff»).

    ``replaces``: the round already exists; the comparison is then with the round as stored (a
    correction shows exactly what it corrects), else with the round before it (what changed
    since last round). ``unchanged``: the round exists and the file changes nothing in it.
    ``owner``: compare only that owner's rows (a submission replaces only those).
    """
    from model.rounds import owner_key, rounds_with_data

    if owner is None and getattr(data, "submission", False):
        owner = data.owner  # one owner's submission into an open round (formats.md §6)
    rounds = rounds_with_data(engine)  # an opened round without rows replaces nothing
    stored = _rows_of(engine, data.round, None) if data.round in rounds else {}
    if owner is not None:
        stored = {c: r for c, r in stored.items() if owner_key(r["owner"]) == owner_key(owner)}
    replaces = bool(stored)
    base = data.round if replaces else queries.previous_round(rounds, data.round or "")
    before = stored if replaces else (_rows_of(engine, base, None) if base else None)
    if before is not None and owner is not None and not replaces:
        before = {c: r for c, r in before.items() if owner_key(r["owner"]) == owner_key(owner)}
    diff = diff_rounds(before, data.reports)
    changes = sum(len(v) for v in diff.values())
    return {
        "round": data.round,
        "replaces": replaces,
        "compared_with": base,
        "rows": len(data.reports),
        "unchanged": replaces and changes == 0,
        **diff,
    }


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary_nb(preview: dict[str, Any]) -> str:
    """The preview in one Norwegian sentence: «Uendret …» or «1 endret kommentar, 2 nye
    tiltak …» (singular and plural right)."""
    if preview.get("unchanged"):
        return (
            f"Uendret: filen er lik runden {preview['round']} slik den er lagret. "
            "Ingenting blir endret."
        )
    parts = [
        _n(len(preview["new"]), "nytt tiltak", "nye tiltak"),
        _n(len(preview["changed"]), "endret farge", "endrede farger"),
        _n(len(preview["state_changed"]), "endret tilstand", "endrede tilstander"),
        _n(len(preview["phase_changed"]), "endret fase", "endrede faser"),
        _n(len(preview["finish_changed"]), "endret planlagt ferdig", "endrede planlagt ferdig"),
        _n(len(preview["comment_changed"]), "endret kommentar", "endrede kommentarer"),
        _n(len(preview["completed"]), "nylig ferdigstilt", "nylig ferdigstilte"),
        _n(len(preview["removed"]), "tiltak ikke med lenger", "tiltak ikke med lenger"),
        _n(
            len(preview["other_changed"]),
            "tiltak med andre endringer",
            "tiltak med andre endringer",
        ),
    ]
    shown = [p for p in parts if not p.startswith("0 ")]
    if not shown:
        return "Ingen endringer i tiltakene."
    return ", ".join(shown[:-1]) + (" og " if len(shown) > 1 else "") + shown[-1] + "."


def preview_lines(preview: dict[str, Any]) -> list[str]:
    """A portfolio preview as lines of text for the terminal (``ehelse import --dry-run``)."""
    from model.periods import finish_text
    from model.safe_text import terminal

    basis = (
        f"sammenlignet med {preview['compared_with']}"
        + (" slik den er lagret" if preview["replaces"] else "")
        if preview["compared_with"]
        else "første runde i databasen"
    )
    if preview["unchanged"]:
        return ["", summary_nb(preview)]
    lines = ["", f"Endringer ({basis}): {summary_nb(preview)}"]

    def show(field_name: str, value: Any) -> str:
        if value is None:
            return "(tom)"
        if field_name == "planned_finish":
            return finish_text(value)
        return terminal(first_line_of(value))

    headings = {
        "changed": ("Endret farge", "status_overall"),
        "state_changed": ("Endret tilstand", "state"),
        "phase_changed": ("Endret fase", "phase"),
        "finish_changed": ("Endret planlagt ferdig", "planned_finish"),
        "comment_changed": ("Endret kommentar", "comment"),
    }
    for key, (heading, field_name) in headings.items():
        for item in preview[key]:
            lines.append(
                f"  {heading}: {terminal(item['code'])} {terminal(first_line_of(item['name']))}: "
                f"{show(field_name, item['from'])} → {show(field_name, item['to'])}"
            )
    for key, heading in (
        ("new", "Nytt tiltak"),
        ("completed", "Nylig ferdigstilt"),
        ("removed", "Ikke med lenger"),
    ):
        for item in preview[key] if (key != "new" or preview["compared_with"]) else []:
            lines.append(
                f"  {heading}: {terminal(item['code'])} {terminal(first_line_of(item['name']))}"
            )
    for item in preview["other_changed"]:
        lines.append(
            f"  Andre endringer: {terminal(item['code'])} "
            f"{terminal(first_line_of(item['name']))} ({', '.join(item['fields'])})"
        )
    return lines


def first_line_of(text: Any) -> str:
    from model.fmt import first_line

    return first_line(str(text), 80)


def preview_for(engine: Engine, kind: str | None, data: Any) -> dict[str, Any]:
    """The preview of a validated file of any kind (the upload page and ``--dry-run``)."""
    from importers.kinds import KINDS

    return KINDS[kind or "indicators"].preview(engine, data)


def preview_indicators(engine: Engine, data: IndicatorData) -> dict[str, Any]:
    """How many indicators and values are new, and how many existing ones would change."""
    from sqlalchemy import select

    from model.tables import Indicator, Observation

    i, o = Indicator.__table__, Observation.__table__
    codes = {ind["code"] for ind in data.indicators} | {v[0] for v in data.values}
    with engine.connect() as conn:
        known: dict[str, int] = (
            dict(conn.execute(select(i.c.code, i.c.id).where(i.c.code.in_(sorted(codes)))).all())
            if codes
            else {}
        )
        existing: dict[tuple[int, str, str], float] = {}
        if known:
            rows = conn.execute(
                select(o.c.indicator_id, o.c.period, o.c.area, o.c.value).where(
                    o.c.indicator_id.in_(sorted(known.values())), o.c.replaced_by_batch_id.is_(None)
                )
            )
            existing = {(r.indicator_id, r.period, r.area): r.value for r in rows}
    new_values = changed_values = 0
    for code, period, _t, area, value, _c in data.values:
        old = existing.get((known.get(code, -1), period, area))
        if old is None:
            new_values += 1
        elif old != value:
            changed_values += 1
    return {
        "version": data.version,
        "indicators": len(data.indicators),
        "new_indicators": sorted(
            c for c in {ind["code"] for ind in data.indicators} if c not in known
        ),
        "values": len(data.values),
        "new_values": new_values,
        "changed_values": changed_values,
        "goals": len(data.goals),
    }


def preview_cases(engine: Engine, data: Any) -> dict[str, Any]:
    """What a ``Saker`` workbook adds and changes: meetings and cases new or changed (by Møte-ID
    and by forum + Saksnummer), and the decisions it records for the first time."""
    from model.cases import list_cases, list_meetings

    meetings = {m["code"]: m for m in list_meetings(engine)}
    cases = {c.key: c for c in list_cases(engine)}
    new_meetings = [m["code"] for m in data.meetings if m["code"] not in meetings]
    changed_meetings = [
        m["code"]
        for m in data.meetings
        if m["code"] in meetings
        and (
            meetings[m["code"]]["forum"],
            meetings[m["code"]]["date"],
            meetings[m["code"]]["place"],
        )
        != (m["forum"], m["date"], m["place"] or None)
    ]
    new_cases, changed_cases, decisions = [], [], []
    for case in data.cases:
        key = (case["forum"], case["number"])
        old = cases.get(key)
        item = {"forum": case["forum"], "number": case["number"], "title": case["title"]}
        if old is None:
            new_cases.append(item)
        elif (
            old.meeting,
            old.title,
            old.type,
            old.proposal,
            old.decision,
            old.measures,
            old.indicators,
            old.goals,
            old.round,
            old.follow_up_by,
        ) != (
            case["meeting"],
            case["title"],
            case["case_type"],
            case["proposal"] or None,
            case["decision"] or None,
            tuple(case["measures"]),
            tuple(case["indicators"]),
            tuple(case["goals"]),
            case["round"],
            case["follow_up_by"],
        ):
            changed_cases.append(item)
        if case["decision"] and (old is None or not old.decision):
            decisions.append(item)
    return {
        "new_meetings": new_meetings,
        "changed_meetings": changed_meetings,
        "new_cases": new_cases,
        "changed_cases": changed_cases,
        "decisions": decisions,
    }
