"""The audit log as administrators read it: filters, and exports that hold only text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook
from sqlalchemy import insert

from model import audit, audit_log
from model.access import Actor, Role
from model.tables import AuditEvent

ADMIN = Actor("admin@helsedir.no", Role.ADMINISTRATOR, via="web")


def _event(conn, when: datetime, user: str, action: str, outcome: str = "ok", file=None) -> None:
    conn.execute(
        insert(AuditEvent.__table__).values(
            time=when, user=user, action=action, outcome=outcome, file_name=file, details="{}"
        )
    )


def _fill(engine) -> None:
    with engine.begin() as conn:
        _event(conn, datetime(2025, 9, 1, 8, tzinfo=UTC), "kari", "import", file="k3.xlsx")
        _event(conn, datetime(2025, 9, 1, 9, tzinfo=UTC), "ola", "import", "rejected", "feil.xlsx")
        _event(conn, datetime(2025, 9, 2, 23, 30, tzinfo=UTC), "kari", "rollback")  # 3 Sep in Oslo
        _event(conn, datetime(2025, 9, 5, 12, tzinfo=UTC), "admin", "role-change")
        _event(
            conn,
            datetime(2025, 9, 6, 12, tzinfo=UTC),
            '=HYPERLINK("http://x")',
            "import",
            "denied",
            "=1+1.xlsx",
        )


def test_filters_by_day_in_norway_user_action_and_outcome(engine):
    _fill(engine)
    every = audit_log.events(engine)
    assert [e["action"] for e in every] == ["import", "role-change", "rollback", "import", "import"]
    by = lambda **kw: [  # noqa: E731
        (e["user"], e["action"], e["outcome"])
        for e in audit_log.events(engine, audit_log.AuditFilter(**kw))
    ]
    assert by(users=("kari",)) == [("kari", "rollback", "ok"), ("kari", "import", "ok")]
    assert by(actions=("import",), outcomes=("rejected",)) == [("ola", "import", "rejected")]
    # 23:30 UTC on 2 September is 01:30 on 3 September in Oslo.
    assert by(date_from=date(2025, 9, 3), date_to=date(2025, 9, 3)) == [("kari", "rollback", "ok")]
    assert by(date_from=date(2025, 9, 1), date_to=date(2025, 9, 2)) == [
        ("ola", "import", "rejected"),
        ("kari", "import", "ok"),
    ]
    options = audit_log.options(engine)
    assert options["first"] == date(2025, 9, 1) and options["last"] == date(2025, 9, 6)
    assert set(options["outcomes"]) == {"ok", "rejected", "denied"}


def test_exports_hold_text_only_never_a_formula(engine):
    _fill(engine)
    events = audit_log.events(engine)
    rows = list(
        csv.reader(io.StringIO(audit_log.to_csv(events).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0] == audit_log.COLUMNS and len(rows) == 6
    assert rows[1][1] == '\'=HYPERLINK("http://x")' and rows[1][4] == "'=1+1.xlsx"
    assert rows[1][2:4] == ["Opplasting", "Nektet (mangler rolle)"]

    sheet = load_workbook(io.BytesIO(audit_log.to_xlsx(events))).active
    assert sheet.title == "Revisjonslogg"
    cells = [c for row in sheet.iter_rows() for c in row]
    assert {c.data_type for c in cells if c.value is not None} == {"s"}
    assert sheet["B2"].value == '=HYPERLINK("http://x")' and sheet["E2"].value == "=1+1.xlsx"


def test_an_export_is_recorded_with_what_and_which_format(engine):
    audit.record_export(
        engine, ADMIN, what="revisjonslogg", fmt="xlsx", file_name="r.xlsx", details={"rows": 3}
    )
    (event,) = audit_log.events(engine)
    assert (event["user"], event["action"], event["file"]) == (
        "admin@helsedir.no",
        "export",
        "r.xlsx",
    )
    assert event["details"] == {"what": "revisjonslogg", "format": "xlsx", "rows": 3}
