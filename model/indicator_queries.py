"""Read functions for the strategic indicators: the indicator set, its versions and the values.

Plain functions returning rows, dicts or DataFrames; only *current* rows
(``replaced_by_batch_id IS NULL``). The functions the attainment service uses (``versions``,
``newest_version``, ``definitions``, ``national_series``) also answer "as of import batch N"
(``as_of_batch=N``, see :func:`model.queries.current`), so a pinned meeting does not change when
a new indicator workbook is uploaded. Filtering, ordering and aggregation (distinct periods,
latest period per indicator) happen in the database, so a set of ~100 indicators × 357
municipalities × 10 years stays fast. ``model.attainment_service`` builds on these.

The indicator set is versioned (``v0.7``, ``v0.8``, …; ``''`` = unversioned). A *selection*
of the set is one version's definitions plus the unversioned ones; where an indicator has both,
the versioned definition wins.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select

from model.queries import current
from model.tables import Indicator, IndicatorDefinition, IndicatorSetVersion, Observation
from model.vocab import DEFAULT_AREA

_d = IndicatorDefinition.__table__
_i = Indicator.__table__
_o = Observation.__table__
_v = IndicatorSetVersion.__table__

#: The fields of a definition that can change from one version of the set to the next, with
#: their column headings in the workbook (formats.md §2).
DEFINITION_FIELDS: dict[str, str] = {
    "name": "Navn",
    "description": "Beskrivelse",
    "goals": "Mål",
    "type": "Type",
    "status": "Status",
    "level": "Nivå",
    "parent_code": "Del av",
    "unit": "Enhet",
    "direction": "Retning",
    "source": "Datakilde",
    "target_2030": "Mål 2030",
    "base_year": "Basisår",
    "limit": "Grense",
}

_NUMBERS = re.compile(r"\d+")

#: The four regional health authorities; other areas are counties or municipalities.
HEALTH_REGIONS = ("Helse Sør-Øst", "Helse Vest", "Helse Midt-Norge", "Helse Nord")


def area_kind(area: str) -> str:
    """``"region"`` for a health region (``Helse Vest``, ``Helse Vest RHF``), else ``"local"``
    (a county or municipality). Areas are free text, so this is a reading, not a lookup."""
    name = area.strip()
    name = name[: -len(" RHF")].strip() if name.upper().endswith(" RHF") else name
    return "region" if name in HEALTH_REGIONS else "local"


def version_key(code: str) -> tuple[int, ...]:
    """Numeric order of version codes: ``v0.7`` < ``v0.8`` < ``v0.10`` (not text order)."""
    return tuple(int(n) for n in _NUMBERS.findall(code))


def versions(engine: Engine, as_of_batch: int | None = None) -> list[str]:
    """The indicator-set versions that have current definitions, oldest first (as of batch
    ``as_of_batch`` when given)."""
    known = select(_v.c.code)
    if as_of_batch is not None:
        known = known.where(_v.c.batch_id <= as_of_batch)
    with engine.connect() as conn:
        codes = set(
            conn.execute(
                select(_d.c.version).distinct().where(current(_d, as_of_batch), _d.c.version != "")
            ).scalars()
        )
        codes |= set(conn.execute(known).scalars())
    return sorted(codes, key=version_key)


def newest_version(engine: Engine, as_of_batch: int | None = None) -> str | None:
    """The newest version of the set (numeric order), or None when only unversioned rows exist."""
    known = versions(engine, as_of_batch)
    return known[-1] if known else None


def _definition_columns() -> list[Any]:
    return [_i.c.code, _d.c.version, *(_d.c[name] for name in DEFINITION_FIELDS)]


def _as_dict(row: Any) -> dict[str, Any]:
    out = dict(row._mapping)
    out["goals"] = [g for g in (out["goals"] or "").split(";") if g]
    return out


def definitions(
    engine: Engine, version: str | None, as_of_batch: int | None = None
) -> list[dict[str, Any]]:
    """The current definitions of one selection of the set, sorted by Indikator-ID.

    ``version`` ``None`` means only the unversioned definitions. Each dict has ``code``,
    ``version`` and the :data:`DEFINITION_FIELDS`, with ``goals`` as a list of codes.
    ``as_of_batch``: the definitions that were current right after that import batch.
    """
    wanted = [""] if not version else ["", version]
    query = (
        select(*_definition_columns())
        .join(_i, _i.c.id == _d.c.indicator_id)
        .where(current(_d, as_of_batch), _d.c.version.in_(wanted))
        .order_by(_i.c.code, _d.c.version)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    chosen: dict[str, dict[str, Any]] = {}
    for row in rows:
        # Sorted by version, so '' comes first and the versioned definition replaces it.
        chosen[row.code] = _as_dict(row)
    return [chosen[code] for code in sorted(chosen)]


def version_definitions(engine: Engine, version: str) -> dict[str, dict[str, Any]]:
    """Indikator-ID → definition, for exactly one version (no unversioned rows mixed in)."""
    query = (
        select(*_definition_columns())
        .join(_i, _i.c.id == _d.c.indicator_id)
        .where(_d.c.replaced_by_batch_id.is_(None), _d.c.version == version)
        .order_by(_i.c.code)
    )
    with engine.connect() as conn:
        return {row.code: _as_dict(row) for row in conn.execute(query)}


def national_series(
    engine: Engine,
    codes: list[str],
    *,
    until: float | None = None,
    as_of_batch: int | None = None,
) -> dict[str, list[tuple[str, float, float]]]:
    """Each indicator's national series (``Hele landet``): code → [(period, time, value)].

    Oldest first; ``until`` (a period time) leaves out later observations; ``as_of_batch`` gives
    the values as they were right after that import batch.
    """
    out: dict[str, list[tuple[str, float, float]]] = {code: [] for code in codes}
    if not codes:
        return out
    conditions = [current(_o, as_of_batch), _o.c.area == DEFAULT_AREA]
    if until is not None:
        conditions.append(_o.c.period_time <= until)
    with engine.connect() as conn:
        for start in range(0, len(codes), 500):
            chunk = codes[start : start + 500]
            query = (
                select(_i.c.code, _o.c.period, _o.c.period_time, _o.c.value)
                .join(_i, _i.c.id == _o.c.indicator_id)
                .where(*conditions, _i.c.code.in_(chunk))
                .order_by(_i.c.code, _o.c.period_time)
            )
            for row in conn.execute(query):
                out[row.code].append((row.period, row.period_time, row.value))
    return out


def series(engine: Engine, code: str, area: str = DEFAULT_AREA) -> Any:
    """One indicator's series in one area as a DataFrame: period, time, value, comment."""
    import pandas as pd

    query = (
        select(_o.c.period, _o.c.period_time, _o.c.value, _o.c.comment)
        .join(_i, _i.c.id == _o.c.indicator_id)
        .where(_o.c.replaced_by_batch_id.is_(None), _i.c.code == code, _o.c.area == area)
        .order_by(_o.c.period_time)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=["period", "time", "value", "comment"])


def area_values(engine: Engine, code: str, period: str) -> Any:
    """The breakdown of one indicator for one period: every area except the nation, highest first."""
    import pandas as pd

    query = (
        select(_o.c.area, _o.c.value)
        .join(_i, _i.c.id == _o.c.indicator_id)
        .where(
            _o.c.replaced_by_batch_id.is_(None),
            _i.c.code == code,
            _o.c.period == period,
            _o.c.area != DEFAULT_AREA,
        )
        .order_by(_o.c.value.desc(), _o.c.area)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=["area", "value"])


def area_series(engine: Engine, code: str, *, areas: list[str] | None = None) -> Any:
    """Every area's series of one indicator (nation excluded): area, period, time, value."""
    import pandas as pd

    conditions = [
        _o.c.replaced_by_batch_id.is_(None),
        _i.c.code == code,
        _o.c.area != DEFAULT_AREA,
    ]
    if areas is not None:
        conditions.append(_o.c.area.in_(areas))
    query = (
        select(_o.c.area, _o.c.period, _o.c.period_time, _o.c.value)
        .join(_i, _i.c.id == _o.c.indicator_id)
        .where(*conditions)
        .order_by(_o.c.area, _o.c.period_time)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=["area", "period", "time", "value"])


def area_periods(engine: Engine, code: str) -> list[dict[str, Any]]:
    """Per period with a breakdown: the period, its time and the number of areas (newest first)."""
    query = (
        select(_o.c.period, _o.c.period_time, func.count())
        .join(_i, _i.c.id == _o.c.indicator_id)
        .where(_o.c.replaced_by_batch_id.is_(None), _i.c.code == code, _o.c.area != DEFAULT_AREA)
        .group_by(_o.c.period, _o.c.period_time)
        .order_by(_o.c.period_time.desc())
    )
    with engine.connect() as conn:
        return [
            {"period": r[0], "time": r[1], "areas": int(r[2])} for r in conn.execute(query).all()
        ]


def national_periods(engine: Engine) -> list[tuple[str, float]]:
    """Every distinct period of the national series, oldest first (for an "as of" picker)."""
    query = (
        select(_o.c.period, _o.c.period_time)
        .distinct()
        .where(_o.c.replaced_by_batch_id.is_(None), _o.c.area == DEFAULT_AREA)
        .order_by(_o.c.period_time, _o.c.period)
    )
    with engine.connect() as conn:
        return [(r[0], r[1]) for r in conn.execute(query).all()]


def indicator_versions(engine: Engine, code: str) -> list[str]:
    """The versions of the set that define one indicator ('' for unversioned), oldest first."""
    query = (
        select(_d.c.version)
        .join(_i, _i.c.id == _d.c.indicator_id)
        .where(_d.c.replaced_by_batch_id.is_(None), _i.c.code == code)
    )
    with engine.connect() as conn:
        found = list(conn.execute(query).scalars())
    return sorted(found, key=lambda v: (v != "", version_key(v)))


def any_indicator_data(engine: Engine) -> bool:
    """True when at least one indicator definition or observation is current."""
    with engine.connect() as conn:
        return bool(
            conn.execute(
                select(
                    or_(
                        select(_d.c.id).where(_d.c.replaced_by_batch_id.is_(None)).exists(),
                        select(_o.c.id).where(and_(_o.c.replaced_by_batch_id.is_(None))).exists(),
                    )
                )
            ).scalar()
        )
