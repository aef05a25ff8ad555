"""Read functions the CLI and the pages call: plain functions returning rows, dicts or frames.

Everything here reads only *current* rows (``replaced_by_batch_id IS NULL``). The functions the
meeting mode uses also answer "as of import batch N" (``as_of_batch=N``): the rows that were
current right after batch N was loaded, so a later upload does not change a pinned view.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, and_, case, func, or_, select

from model.oslo import oslo_iso
from model.tables import Goal, ImportBatch, MeasureReport, ReportingRound
from model.vocab import STATUS_COLOURS, BatchStatus

_mr = MeasureReport.__table__
_rr = ReportingRound.__table__
_b = ImportBatch.__table__


def current(table: Any, as_of_batch: int | None = None) -> Any:
    """The condition for a table's current rows, now (None) or as of import batch ``as_of_batch``.

    As of batch N: rows loaded by batch N or earlier and not yet replaced by batch N
    (``batch_id <= N and (replaced_by_batch_id is null or replaced_by_batch_id > N)``). Rows
    without a batch (seeded goals) count as loaded before every batch. A rolled-back batch's rows
    are deleted, so rolling back a batch after N leaves the view as of N unchanged.
    """
    if as_of_batch is None:
        return table.c.replaced_by_batch_id.is_(None)
    return and_(
        or_(table.c.batch_id.is_(None), table.c.batch_id <= as_of_batch),
        or_(table.c.replaced_by_batch_id.is_(None), table.c.replaced_by_batch_id > as_of_batch),
    )


def latest_batch_id(engine: Engine) -> int | None:
    """The newest import batch's id (the data version a meeting pins), None when empty."""
    with engine.connect() as conn:
        return conn.execute(select(func.max(_b.c.id))).scalar_one()


def data_version(engine: Engine) -> tuple[int, int, int]:
    """A key that changes whenever data changes (new batch, rollback, or a round opened,
    published or reopened): for caches.

    (newest batch id, number of batches + round-state changes, number rolled back).
    """
    from model.rounds import state_revision

    rolled = func.sum(case((_b.c.status == BatchStatus.ROLLED_BACK, 1), else_=0))
    with engine.connect() as conn:
        newest, count, rolled_back = conn.execute(
            select(func.coalesce(func.max(_b.c.id), 0), func.count(), func.coalesce(rolled, 0))
        ).one()
        count += state_revision(conn)
    return int(newest), int(count), int(rolled_back)


def list_rounds(
    engine: Engine, as_of_batch: int | None = None, *, published_only: bool = False
) -> list[str]:
    """The rounds, oldest first (``2023-K1`` … ``2025-K4``): those with current data and those
    opened for reporting (formats.md §6). ``published_only``: without open or reopened rounds
    (what viewers see)."""
    from model.rounds import RoundState, unpublished

    rs = RoundState.__table__
    with engine.connect() as conn:
        codes = set(conn.execute(select(_rr.c.code).where(current(_rr, as_of_batch))).scalars())
        codes |= set(conn.execute(select(rs.c.code)).scalars())
        if published_only:
            codes -= unpublished(conn)
    return sorted(codes)


def round_info(
    engine: Engine, round_code: str, as_of_batch: int | None = None
) -> dict[str, Any] | None:
    """The round's deadline and sender, and the batch (and its time) that loaded it.

    A round collected from the owners' submissions has its deadline from when it was opened
    and the time of its newest submission; ``state`` is its place in the cycle."""
    from model.rounds import state_row

    with engine.connect() as conn:
        row = conn.execute(
            select(_rr, _b.c.created_at.label("loaded_at"))
            .join(_b, _b.c.id == _rr.c.batch_id)
            .where(_rr.c.code == round_code, current(_rr, as_of_batch))
        ).first()
        state = state_row(conn, round_code)
        newest = conn.execute(
            select(func.max(_mr.c.batch_id), func.max(_b.c.created_at))
            .join(_b, _b.c.id == _mr.c.batch_id)
            .where(_mr.c.round_code == round_code, current(_mr, as_of_batch))
        ).first()
    if row is None and state is None:
        return None
    deadline = state.deadline if state is not None and state.deadline else None
    if row is not None:
        return {
            "round": row.code,
            "year": row.year,
            "quarter": row.quarter,
            "deadline": deadline or row.deadline,
            "submitted_by": row.submitted_by,
            "batch_id": max(row.batch_id, (newest[0] or 0) if newest else 0),
            "loaded_at": max(row.loaded_at, newest[1]) if newest and newest[1] else row.loaded_at,
            "state": state.state if state is not None else "published",
        }
    return {
        "round": round_code,
        "year": int(round_code[:4]),
        "quarter": int(round_code[-1]),
        "deadline": deadline,
        "submitted_by": None,
        "batch_id": newest[0] if newest else None,
        "loaded_at": newest[1] if newest else None,
        "state": state.state,
    }


def previous_round(rounds: list[str], round_code: str) -> str | None:
    """The round before ``round_code`` among those in the database."""
    earlier = [r for r in rounds if r < round_code]
    return earlier[-1] if earlier else None


def round_summary(
    engine: Engine, round_code: str | None = None, as_of_batch: int | None = None
) -> dict[str, Any] | None:
    """The round's summary as the secretariat writes it (``ehelse status --json``), from the
    round's report (:mod:`model.round_report`); None when there is no such round."""
    from model.round_report import UnknownRound, build_round_report

    try:
        report = build_round_report(engine, round_code, as_of_batch=as_of_batch, attainment=False)
    except UnknownRound:
        return None
    return report.status_json()


def goals(engine: Engine, as_of_batch: int | None = None) -> list[dict[str, Any]]:
    """The current wording of the 3 + 5 goals, in strategy order (as of a batch when given)."""
    g = Goal.__table__
    with engine.connect() as conn:
        rows = conn.execute(
            select(g).where(current(g, as_of_batch)).order_by(g.c.sort_order, g.c.code)
        ).all()
    return [
        {"code": r.code, "kind": r.kind, "name": r.name, "description": r.description} for r in rows
    ]


# --------------------------------------------------------------------------------------------
# Portfolio pages
# --------------------------------------------------------------------------------------------

REPORT_COLUMNS = (
    "code",
    "name",
    "owner",
    "programme_area",
    "goals",
    "phase",
    "state",
    "status_overall",
    "status_progress",
    "status_cost",
    "status_benefit",
    "risk",
    "planned_finish",
    "comment",
    "dependencies",
    "round_code",
)


def _report_select(as_of_batch: int | None = None):  # noqa: ANN202 - a SQLAlchemy Select
    from model.tables import Measure

    m = Measure.__table__
    cols = [m.c.code] + [_mr.c[c] for c in REPORT_COLUMNS if c != "code"]
    return select(*cols).join(m, m.c.id == _mr.c.measure_id).where(current(_mr, as_of_batch))


def round_reports(engine: Engine, round_code: str, as_of_batch: int | None = None) -> Any:
    """Every measure's report in one round, as a DataFrame sorted by Tiltak-ID."""
    import pandas as pd

    query = _report_select(as_of_batch).where(_mr.c.round_code == round_code).order_by("code")
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS))


def colour_distribution(
    engine: Engine,
    last: int | None = None,
    until_round: str | None = None,
    as_of_batch: int | None = None,
) -> Any:
    """Count of Aktiv measures per Samlet status per round (counted in the database).

    ``last``: only the newest rounds; ``until_round``: no round after this one (the last
    ``last`` rounds *up to* a chosen round, as a meeting pack of that round shows them).
    """
    import pandas as pd

    query = (
        select(_mr.c.round_code, _mr.c.status_overall, func.count())
        .where(current(_mr, as_of_batch), _mr.c.state == "Aktiv")
        .group_by(_mr.c.round_code, _mr.c.status_overall)
    )
    if until_round:
        query = query.where(_mr.c.round_code <= until_round)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame(rows, columns=["round", "status", "count"])
    table = frame.pivot_table(
        index="round", columns="status", values="count", fill_value=0, aggfunc="sum"
    )
    table = table.reindex(columns=list(STATUS_COLOURS), fill_value=0).sort_index()
    if last:
        table = table.tail(last)
    table.columns.name = None
    return table.reset_index().astype({c: int for c in STATUS_COLOURS})


def _published_rounds_only(query: Any) -> Any:
    """Leave out the reports of open and reopened rounds (what viewers must not see)."""
    from model.rounds import OPEN_STATES, RoundState

    rs = RoundState.__table__
    hidden = select(rs.c.code).where(rs.c.state.in_(sorted(OPEN_STATES)))
    return query.where(_mr.c.round_code.not_in(hidden))


def round_states(engine: Engine) -> dict[str, str]:
    """Rounds with a place in the reporting cycle: code → open | published | reopened (a round
    not listed is published)."""
    from model.rounds import states

    return states(engine)


def status_matrix(
    engine: Engine, until_round: str | None = None, *, published_only: bool = False
) -> Any:
    """Samlet status of every measure in every round (long format): code, name, round, status,
    state; ``until_round``: no round after that one; ``published_only``: without open rounds."""
    import pandas as pd

    from model.tables import Measure

    m = Measure.__table__
    query = (
        select(m.c.code, m.c.name, _mr.c.round_code, _mr.c.status_overall, _mr.c.state)
        .join(m, m.c.id == _mr.c.measure_id)
        .where(_mr.c.replaced_by_batch_id.is_(None))
        .order_by(m.c.code, _mr.c.round_code)
    )
    if until_round:
        query = query.where(_mr.c.round_code <= until_round)
    if published_only:
        query = _published_rounds_only(query)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=["code", "name", "round", "status", "state"])


def transitions(engine: Engine, from_round: str, to_round: str, filt: Any = None) -> Any:
    """How many measures went from each colour to each colour between two rounds.

    Rows: the colour in ``from_round`` (or "Ny" when absent); columns: the colour in
    ``to_round`` (or "Borte" when absent). Measures without a Samlet status count as "Uten status".
    ``filt`` (a :class:`model.filters.PortfolioFilter`) keeps the measures it matches: by their
    report in ``to_round``, or in ``from_round`` for those no longer reported.
    """
    import pandas as pd

    before = round_reports(engine, from_round)
    after = round_reports(engine, to_round)
    if filt is not None and not filt.is_empty():
        kept = set(filt.apply(after)["code"]) | (
            set(filt.apply(before)["code"]) - set(after["code"])
        )
    else:
        kept = set(before["code"]) | set(after["code"])
    colour_before = dict(zip(before["code"], before["status_overall"], strict=True))
    colour_after = dict(zip(after["code"], after["status_overall"], strict=True))
    pairs = []
    for code in sorted(kept):
        src = (colour_before.get(code) or "Uten status") if code in colour_before else "Ny"
        dst = (colour_after.get(code) or "Uten status") if code in colour_after else "Borte"
        pairs.append((src, dst))
    order_from = [*STATUS_COLOURS, "Uten status", "Ny"]
    order_to = [*STATUS_COLOURS, "Uten status", "Borte"]
    frame = pd.DataFrame(pairs, columns=["fra", "til"])
    table = pd.crosstab(frame["fra"], frame["til"]) if pairs else pd.DataFrame()
    return table.reindex(index=order_from, columns=order_to, fill_value=0)


def measure_history(engine: Engine, code: str, *, published_only: bool = False) -> Any:
    """All current reports of one measure, oldest round first (``published_only``: without
    open rounds)."""
    import pandas as pd

    query = _report_select().where(_report_code_filter(code)).order_by(_mr.c.round_code)
    if published_only:
        query = _published_rounds_only(query)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS))


def _report_code_filter(code: str):  # noqa: ANN202
    from model.tables import Measure

    return Measure.__table__.c.code == code


def measure_names(engine: Engine) -> dict[str, str]:
    """Tiltak-ID → latest name, for pickers and links."""
    from model.tables import Measure

    m = Measure.__table__
    with engine.connect() as conn:
        return dict(conn.execute(select(m.c.code, m.c.name).order_by(m.c.code)).all())


def dependencies(engine: Engine, code: str, round_code: str) -> dict[str, list[dict[str, Any]]]:
    """What a measure depends on and what depends on it, with their colours in ``round_code``."""
    frame = round_reports(engine, round_code)
    reports = {r["code"]: r for r in frame.to_dict("records")}
    deps_of = {
        c: [d for d in (r["dependencies"] or "").split(";") if d] for c, r in reports.items()
    }
    names = measure_names(engine)

    def describe(other: str) -> dict[str, Any]:
        rep = reports.get(other)
        return {
            "code": other,
            "name": rep["name"] if rep else names.get(other, "(ukjent tiltak)"),
            "status": rep["status_overall"] if rep else None,
            "state": rep["state"] if rep else None,
            "in_round": rep is not None,
        }

    return {
        "depends_on": [describe(d) for d in deps_of.get(code, [])],
        "dependents": [describe(other) for other, deps in sorted(deps_of.items()) if code in deps],
    }


def filter_options(engine: Engine, round_code: str) -> dict[str, list[str]]:
    """Distinct owners and programme areas in a round (for filter widgets)."""
    with engine.connect() as conn:
        owners = (
            conn.execute(
                select(_mr.c.owner)
                .distinct()
                .where(_mr.c.round_code == round_code, _mr.c.replaced_by_batch_id.is_(None))
            )
            .scalars()
            .all()
        )
        areas = (
            conn.execute(
                select(_mr.c.programme_area)
                .distinct()
                .where(
                    _mr.c.round_code == round_code,
                    _mr.c.replaced_by_batch_id.is_(None),
                    _mr.c.programme_area.is_not(None),
                )
            )
            .scalars()
            .all()
        )
    from model.fmt import sort_key_nb

    return {"owners": sorted(owners, key=sort_key_nb), "areas": sorted(areas, key=sort_key_nb)}


def history(engine: Engine) -> list[dict[str, Any]]:
    """Every import batch, oldest first, in the shape of ``ehelse history --json``."""
    from model.audit_log import submission_owners

    b = _b
    with engine.connect() as conn:
        rows = conn.execute(select(b).order_by(b.c.id)).all()
        owners = submission_owners(conn)
    return [
        {
            "id": r.id,
            "time": oslo_iso(r.created_at),
            "user": r.user,
            "file": r.file_name,
            "sha256": r.sha256,
            "kind": r.kind,
            "round": r.round_code,
            "version": r.version,
            "rows": r.rows,
            "status": r.status,
            "owner": owners.get(r.id),
        }
        for r in rows
    ]


def batches(engine: Engine) -> list[dict[str, Any]]:
    """Import history, newest first (for the history page)."""
    return list(reversed(history(engine)))


def indicator_choices(engine: Engine, as_of_batch: int | None = None) -> list[dict[str, Any]]:
    """Indicators a presenter may pick for the meeting (one row per Indikator-ID, newest
    definition): id, name, level, status; strategic first, then by ID."""
    from model.tables import Indicator, IndicatorDefinition

    i, d = Indicator.__table__, IndicatorDefinition.__table__
    query = (
        select(i.c.code, d.c.name, d.c.level, d.c.status, d.c.id)
        .join(d, d.c.indicator_id == i.c.id)
        .where(current(d, as_of_batch))
        .order_by(i.c.code, d.c.id)
    )
    with engine.connect() as conn:
        newest = {r.code: r for r in conn.execute(query)}
    rows = [
        {"id": r.code, "name": r.name, "level": r.level, "status": r.status}
        for r in newest.values()
    ]
    return sorted(rows, key=lambda r: (r["level"] != "Strategisk", r["id"]))


def observation_years(engine: Engine, as_of_batch: int | None = None) -> list[str]:
    """The years that have indicator values, newest first (choices for the meeting's as-of)."""
    from model.tables import Observation

    o = Observation.__table__
    with engine.connect() as conn:
        times = conn.execute(select(o.c.period_time).distinct().where(current(o, as_of_batch)))
        years = {int(t) for t in times.scalars()}
    return [str(y) for y in sorted(years, reverse=True)]


def measure_milestones(engine: Engine, code: str, until_round: str) -> list[dict[str, Any]]:
    """A measure's milestones per round up to ``until_round`` (model.milestones), as plain rows
    for the measure's page: round, name, planned, status, comment, previous planned, months."""
    from model.milestones import milestone_history

    rounds = [r for r in list_rounds(engine) if r <= until_round]
    return [
        {
            "round": m.round,
            "name": m.name,
            "planned": m.planned,
            "when": m.when,
            "status": m.status,
            "comment": m.comment,
            "previous": m.previous_planned,
            "months": m.slip_months,
        }
        for m in milestone_history(engine, code, rounds)
    ]
