"""Indicator workbooks: definitions per version, values upserted per (period, area), undoable."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from model.tables import Goal, IndicatorDefinition, Observation
from tests.helpers import run_cli, snapshot
from tests.importers.builders import indicator, indicator_workbook

V07 = [
    indicator("S1-01", "Digital kontakt", "S1", target=75, limit=100, version="v0.7"),
    indicator("S2-01", "Sammensatt samhandling", "S2; O1", version="v0.7"),
    indicator("S2-02", "PLL i bruk", "S2", parent="S2-01", version="v0.7"),
    indicator("S3-01", "Helsedata (under arbeid)", "S3", status="Under arbeid", version="v0.7"),
]
VALUES = [
    ["S1-01", 2019, 33, None, None],
    ["S1-01", "2021", "46", "", ""],
    ["S1-01", "2022", "54,0", "Hele landet", "SSB"],
    ["S1-01", "2023", "57 %", "  Helse   Vest ", None],
    ["S2-02", "2024-K1", 10.5, "Hele landet", None],
]


def _current_values(engine) -> dict[tuple[str, str], float]:
    o = Observation.__table__
    with engine.connect() as conn:
        rows = conn.execute(
            select(o.c.period, o.c.area, o.c.value).where(o.c.replaced_by_batch_id.is_(None))
        ).all()
    return {(r.period, r.area): r.value for r in rows}


def test_values_are_normalised_and_upserted_and_rollback_restores_them(db_url, engine, tmp_path):
    first = run_cli(
        db_url, "import", str(indicator_workbook(tmp_path / "v07.xlsx", V07, VALUES)), "--json"
    )
    assert first.code == 0, first.stdout
    report = first.json()
    assert report["kind"] == "indicators" and report["version"] == "v0.7" and report["rows"] == 9
    assert _current_values(engine) == {
        ("2019", "Hele landet"): 33.0,
        ("2021", "Hele landet"): 46.0,
        ("2022", "Hele landet"): 54.0,
        ("2023", "Helse Vest"): 57.0,
        ("2024-K1", "Hele landet"): 10.5,
    }
    after_first = snapshot(engine)

    update = [
        ["S1-01", "2022", 55, "Hele landet", "Revidert"],
        ["S1-01", "2024", 60, None, None],
        ["S1-01", "2021", 46, None, None],
    ]  # the same value again: not a change
    second = run_cli(
        db_url, "import", str(indicator_workbook(tmp_path / "upd.xlsx", None, update)), "--json"
    )
    assert second.code == 0 and second.json()["version"] is None
    values = _current_values(engine)
    assert values[("2022", "Hele landet")] == 55.0 and values[("2024", "Hele landet")] == 60.0
    assert len(values) == 6
    o = Observation.__table__
    with engine.connect() as conn:
        history = (
            conn.execute(select(o.c.value).where(o.c.period == "2022").order_by(o.c.id))
            .scalars()
            .all()
        )
    assert history == [54.0, 55.0]  # the old value is kept as history, not overwritten
    # The first batch is only partly replaced: it stays "loaded".
    assert [b["status"] for b in run_cli(db_url, "history", "--json").json()["batches"]] == [
        "loaded",
        "loaded",
    ]

    # The first batch cannot be undone while the update depends on it.
    assert run_cli(db_url, "rollback", "1").code == 1
    assert run_cli(db_url, "rollback", "2").code == 0
    assert snapshot(engine, skip=("audit_event", "import_batch")) == {
        k: v for k, v in after_first.items() if k != "import_batch"
    }


def test_a_new_version_keeps_the_old_definitions(db_url, engine, tmp_path):
    run_cli(db_url, "import", str(indicator_workbook(tmp_path / "v07.xlsx", V07, VALUES)))
    v08 = [
        indicator(
            "S1-01",
            "Digital kontakt med helsetjenesten",
            "S1",
            target=80,
            limit=100,
            version="v0.8",
        ),
        indicator("S4-01", "Ny indikator", "S4", version="v0.8"),
    ]
    result = run_cli(
        db_url,
        "import",
        str(indicator_workbook(tmp_path / "v08.xlsx", v08, [["S4-01", "2024", 1, None, None]])),
        "--json",
    )
    assert result.code == 0 and result.json()["version"] == "v0.8"
    d = IndicatorDefinition.__table__
    with engine.connect() as conn:
        rows = conn.execute(
            select(d.c.version, d.c.name, d.c.target_2030)
            .where(d.c.replaced_by_batch_id.is_(None))
            .order_by(d.c.version, d.c.name)
        ).all()
    assert ("v0.7", "Digital kontakt", 75.0) in rows
    assert ("v0.8", "Digital kontakt med helsetjenesten", 80.0) in rows
    assert len([r for r in rows if r.version == "v0.8"]) == 2


def test_goal_sheet_rewords_goals_and_rollback_restores_the_seeded_text(db_url, engine, tmp_path):
    g = Goal.__table__
    goals = [
        ["S2", "Enklere hverdag for helsepersonell", "Ny formulering"],
        ["O1", "Tilgang for helsepersonell", None],
    ]
    run_cli(
        db_url, "import", str(indicator_workbook(tmp_path / "g.xlsx", V07[:1], None, goals=goals))
    )
    with engine.connect() as conn:
        current = dict(
            conn.execute(select(g.c.code, g.c.name).where(g.c.replaced_by_batch_id.is_(None))).all()
        )
    assert current["S2"] == "Enklere hverdag for helsepersonell" and len(current) == 8
    run_cli(db_url, "rollback", "1")
    with engine.connect() as conn:
        current = dict(
            conn.execute(select(g.c.code, g.c.name).where(g.c.replaced_by_batch_id.is_(None))).all()
        )
    assert current["S2"] == "Enklere arbeidshverdag"


def test_every_row_error_is_reported_with_sheet_row_and_column(db_url, engine, tmp_path):
    before = snapshot(engine)
    bad_ind = [
        *V07,
        indicator("S1-01", "Dobbel", "S1"),
        indicator("S5-01", "X", "S9", type_="Resultat"),
        indicator("S5-02", "Y", "S5", parent="S5-99"),
    ]
    bad_val = [
        ["S1-01", "2024-K5", 1, None, None],
        ["S1-01", 2020, "mange", None, None],
        ["X-01", 2020, 1, None, None],
        ["S1-01", 2019, 33, None, None],
        ["S1-01", "2019", 34, None, None],
    ]
    result = run_cli(
        db_url, "import", str(indicator_workbook(tmp_path / "bad.xlsx", bad_ind, bad_val)), "--json"
    )
    assert result.code == 1
    got = {(e["sheet"], e["row"], e["column"], e["code"]) for e in result.json()["errors"]}
    assert got == {
        ("Indikatorer", 6, "Indikator-ID", "duplicate-id"),
        ("Indikatorer", 7, "Mål", "invalid-value"),
        ("Indikatorer", 7, "Type", "invalid-value"),
        ("Indikatorer", 8, "Del av", "unknown-reference"),
        ("Verdier", 2, "Periode", "invalid-period"),
        ("Verdier", 3, "Verdi", "invalid-number"),
        ("Verdier", 4, "Indikator-ID", "unknown-reference"),
        ("Verdier", 6, "Periode", "duplicate-id"),
    }
    assert snapshot(engine) == before


def test_values_only_file_may_refer_to_indicators_already_in_the_database(db_url, tmp_path):
    run_cli(db_url, "import", str(indicator_workbook(tmp_path / "v07.xlsx", V07, VALUES)))
    result = run_cli(
        db_url,
        "import",
        str(
            indicator_workbook(tmp_path / "vals.xlsx", None, [["S2-02", "2024-K2", 12, None, None]])
        ),
        "--json",
    )
    assert result.code == 0 and result.json()["errors"] == []


def test_mixed_versions_in_one_file_are_refused(db_url, tmp_path):
    mixed = [indicator("A-1", "a", version="v0.7"), indicator("A-2", "b", version="v0.8")]
    result = run_cli(
        db_url, "import", str(indicator_workbook(tmp_path / "mixed.xlsx", mixed, None)), "--json"
    )
    assert result.code == 1
    assert [(e["row"], e["column"], e["code"]) for e in result.json()["errors"]] == [
        (3, "Versjon", "invalid-value")
    ]


def _repeat_at_the_end(n_areas: int) -> list[list]:
    """Clean values for S1-01 in ``n_areas`` areas × 10 years, then one repeated key."""
    rows = [
        ["S1-01", 2015 + y, 40.0 + y, f"Kommune {a:04d}", None]
        for a in range(n_areas)
        for y in range(10)
    ]
    return [*rows, ["S1-01", 2019, 99.5, "Kommune 0000", None]]


@pytest.mark.parametrize("n_areas", [3, 2_100], ids=["few-rows", "index-rebuild"])
@pytest.mark.parametrize("earlier_values", [False, True], ids=["empty", "with-values"])
def test_a_repeated_value_in_an_otherwise_clean_file_is_named_and_nothing_is_written(
    db_url, engine, tmp_path, n_areas, earlier_values
):
    """Clean sheets skip the search for repeats and leave them to the unique index; the row
    that repeats is still named, whether the index catches it or the load does."""
    if earlier_values:
        run_cli(db_url, "import", str(indicator_workbook(tmp_path / "v07.xlsx", V07, VALUES)))
    before = snapshot(engine)
    values = _repeat_at_the_end(n_areas)
    path = indicator_workbook(tmp_path / "repeat.xlsx", V07, values)
    result = run_cli(db_url, "import", str(path), "--json")
    assert result.code == 1, result.out
    assert [(e["sheet"], e["row"], e["column"], e["code"]) for e in result.json()["errors"]] == [
        ("Verdier", len(values) + 1, "Periode", "duplicate-id")
    ]
    assert "står allerede på rad 6" in result.json()["errors"][0]["message"]
    assert snapshot(engine) == before


def test_a_value_pointing_at_no_indicator_stops_the_import_before_the_commit(engine):
    """Observation has no per-row foreign keys (migration 0002); the set-wise check stands in."""
    from sqlalchemy import insert

    from importers.indicators import BrokenReference, check_references

    o = Observation.__table__
    with pytest.raises(BrokenReference, match="ukjente indikatorer"), engine.begin() as conn:
        conn.execute(
            insert(o).values(
                indicator_id=987654,
                period="2024",
                period_time=2024.0,
                area="Hele landet",
                value=1.0,
                batch_id=77,
            )
        )
        check_references(conn, {987654})
    with engine.connect() as conn:
        assert conn.execute(select(o.c.id).where(o.c.batch_id == 77)).first() is None
