"""Goal attainment of the indicator set in the database, through the library and ``ehelse``.

The JSON is the contract of formats.md §3; the sample data's S1-01 reproduces its example.
"""

from __future__ import annotations

import pytest

from model.attainment import CATEGORIES
from model.attainment_service import (
    assess_all,
    attainment_report,
    attainment_text,
    version_diff,
)
from model.db import make_engine
from model.indicator_queries import version_key, versions
from tests.helpers import ROOT, run_cli
from tests.importers.builders import indicator, indicator_workbook

INDICATOR_KEYS = {
    "id": str,
    "goals": list,
    "status": str,
    "level": str,
    "base_period": (str, type(None)),
    "base_value": (float, type(None)),
    "latest_period": (str, type(None)),
    "latest_value": (float, type(None)),
    "target_2030": (float, type(None)),
    "basis": (str, type(None)),
    "category": str,
    "progress": (float, type(None)),
    "score": (float, type(None)),
    "projected_2030": (float, type(None)),
}
ALL_GOALS = ["O1", "O2", "O3", "S1", "S2", "S3", "S4", "S5"]


@pytest.fixture(scope="module")
def sample_json(shared_sample_url):
    result = run_cli(shared_sample_url, "attainment", "--json")
    assert result.code == 0, result.stderr
    return result.json()


def by_id(report: dict) -> dict[str, dict]:
    return {i["id"]: i for i in report["indicators"]}


def test_json_has_every_key_of_the_contract_with_the_right_types(sample_json):
    assert list(sample_json) == ["as_of", "method", "composite_method", "indicators", "goals"]
    assert sample_json["as_of"] is None
    assert sample_json["method"] == "open-sdg"
    assert sample_json["composite_method"] == "mean-score"
    assert len(sample_json["indicators"]) == 38
    for item in sample_json["indicators"]:
        assert list(item) == list(INDICATOR_KEYS), item["id"]
        for key, kind in INDICATOR_KEYS.items():
            assert isinstance(item[key], kind), (item["id"], key, item[key])
        assert item["category"] in CATEGORIES
        assert item["basis"] in ("target", "trend", None)
        assert item["status"] in ("Klar", "Under arbeid")
        assert item["level"] in ("Strategisk", "Støtte")
    assert [g["code"] for g in sample_json["goals"]] == ALL_GOALS
    for goal in sample_json["goals"]:
        assert list(goal) == ["code", "mean_score", "counts"]
        assert list(goal["counts"]) == list(CATEGORIES)
        assert all(isinstance(n, int) for n in goal["counts"].values())
        assert goal["mean_score"] is None or isinstance(goal["mean_score"], float)


def test_s1_01_reproduces_the_contract_example_as_of_2023(shared_sample_url):
    result = run_cli(shared_sample_url, "attainment", "--json", "--as-of", "2023")
    assert result.code == 0, result.stderr
    report = result.json()
    assert report["as_of"] == "2023"
    assert by_id(report)["S1-01"] == {
        "id": "S1-01",
        "goals": ["S1"],
        "status": "Klar",
        "level": "Strategisk",
        "base_period": "2019",
        "base_value": 33.0,
        "latest_period": "2023",
        "latest_value": 57.0,
        "target_2030": 75.0,
        "basis": "target",
        "category": "substantial-progress",
        "progress": 1.89,
        "score": 5.0,
        "projected_2030": 148.3,
    }


def test_as_of_changes_the_results(shared_sample_url, sample_json):
    engine = make_engine(shared_sample_url)
    now = by_id(sample_json)
    then = by_id(attainment_report(engine, as_of="2023"))
    assert now["S1-01"]["latest_period"] == "2025" and then["S1-01"]["latest_period"] == "2023"
    assert now["S1-01"]["progress"] != then["S1-01"]["progress"]
    # Quarters count too: PLL uptake has one quarter of data up to 2024-K1 (too little data).
    assert now["S2-03"]["category"] == "substantial-progress"
    early = by_id(attainment_report(engine, as_of="2024-K1"))
    assert early["S2-03"]["category"] == "insufficient-data"
    # Before the base year 2019 S1-01 has nothing to be judged on.
    assert by_id(attainment_report(engine, as_of="2018"))["S1-01"]["category"] == (
        "insufficient-data"
    )
    engine.dispose()


def test_composite_methods_change_a_parent_and_are_stated(shared_sample_url, sample_json):
    mean = by_id(sample_json)
    worst_result = run_cli(
        shared_sample_url, "attainment", "--json", "--composite-method", "worst-child"
    )
    assert worst_result.code == 0
    worst_report = worst_result.json()
    assert worst_report["composite_method"] == "worst-child"
    worst = by_id(worst_report)
    # S1-03 has three children; S1-05 (digital booking) is flat, the others rise.
    assert mean["S1-03"]["category"] == "substantial-progress"
    assert worst["S1-03"]["category"] == worst["S1-05"]["category"] == "limited-progress"
    assert worst["S1-03"]["score"] == worst["S1-05"]["score"]
    # The children themselves do not depend on the composite method.
    assert worst["S1-05"] == mean["S1-05"]
    # The goal roll-up follows the parent.
    s1_mean = next(g for g in sample_json["goals"] if g["code"] == "S1")
    s1_worst = next(g for g in worst_report["goals"] if g["code"] == "S1")
    assert s1_mean["counts"]["limited-progress"] == 0
    assert s1_worst["counts"]["limited-progress"] == 1
    median = by_id(
        run_cli(
            shared_sample_url, "attainment", "--json", "--composite-method", "median-child"
        ).json()
    )
    assert median["S1-03"]["score"] == 5.0


def test_goal_counts_only_strategic_indicators_unless_support(shared_sample_url, sample_json):
    indicators = sample_json["indicators"]
    support_json = run_cli(shared_sample_url, "attainment", "--json", "--support").json()
    for plain, with_support in zip(sample_json["goals"], support_json["goals"], strict=True):
        code = plain["code"]
        strategic = [i for i in indicators if code in i["goals"] and i["level"] == "Strategisk"]
        everything = [i for i in indicators if code in i["goals"]]
        assert sum(plain["counts"].values()) == len(strategic), code
        assert sum(with_support["counts"].values()) == len(everything), code
    s1 = next(g for g in sample_json["goals"] if g["code"] == "S1")
    assert s1["counts"]["substantial-progress"] == 2  # S1-01 and the composite S1-03
    assert sum(next(g for g in support_json["goals"] if g["code"] == "S1")["counts"].values()) == 8


def test_under_arbeid_without_values_is_under_development(sample_json):
    items = by_id(sample_json)
    for code in ("O1-03", "O3-02", "S3-03", "S5-04"):
        assert items[code]["status"] == "Under arbeid"
        assert items[code]["category"] == "under-development"
        assert items[code]["score"] is None and items[code]["latest_period"] is None
    s5 = next(g for g in sample_json["goals"] if g["code"] == "S5")
    assert s5["counts"]["under-development"] == 1


def test_version_selection(shared_sample_url, sample_json):
    engine = make_engine(shared_sample_url)
    assert versions(engine) == ["v0.7", "v0.8"]
    v07 = by_id(attainment_report(engine, version="v0.7"))
    v08 = by_id(attainment_report(engine, version="v0.8"))
    assert "S3-02" in v07 and "S2-07" not in v07
    assert "S2-07" in v08 and "S3-02" not in v08
    assert by_id(sample_json).keys() == v08.keys()  # the newest version is the default
    # S1-02 was redefined with a 2030 target in v0.8.
    assert v07["S1-02"]["basis"] == "trend" and v07["S1-02"]["target_2030"] is None
    assert v08["S1-02"]["basis"] == "target" and v08["S1-02"]["target_2030"] == 50.0
    cli = run_cli(shared_sample_url, "attainment", "--json", "--version", "0.7")
    assert cli.code == 0 and "S3-02" in by_id(cli.json())
    engine.dispose()


def test_version_diff_lists_added_phased_out_and_redefined(shared_sample_url):
    engine = make_engine(shared_sample_url)
    diff = version_diff(engine, "v0.7", "v0.8")
    engine.dispose()
    assert [d["code"] for d in diff["added"]] == ["S2-07"]
    assert [d["code"] for d in diff["phased_out"]] == ["S3-02"]
    assert [r["code"] for r in diff["redefined"]] == ["S1-02"]
    changes = {c["field"]: (c["old"], c["new"]) for c in diff["redefined"][0]["changes"]}
    assert changes["target_2030"] == (None, 50.0)
    assert changes["name"][1].startswith("Andel innbyggere som har brukt journalinnsyn")
    assert set(changes) == {"name", "target_2030"}
    assert diff["unchanged"] == 36


def test_version_order_is_numeric(db_url, tmp_path):
    assert sorted(["v0.10", "v0.8", "v0.9", "v1.0"], key=version_key) == [
        "v0.8",
        "v0.9",
        "v0.10",
        "v1.0",
    ]
    for version, name in (("v0.9", "Gammel"), ("v0.10", "Ny")):
        path = indicator_workbook(
            tmp_path / f"{version}.xlsx",
            [indicator("S1-01", name, target=75, version=version)],
            [["S1-01", "2019", 33], ["S1-01", "2023", 57]],
        )
        assert run_cli(db_url, "import", str(path)).code == 0
    engine = make_engine(db_url)
    selection = assess_all(engine)
    engine.dispose()
    assert selection.version == "v0.10"
    assert selection.results[0].definition["name"] == "Ny"


def test_cli_refuses_bad_usage_in_norwegian(shared_sample_url):
    for args, words in (
        (("--method", "magic"), "ukjent metode «magic»"),
        (("--composite-method", "best-child"), "best-child"),
        (("--as-of", "2023-K7"), "ikke en gyldig periode"),
        (("--version", "v9.9"), "ingen versjon «v9.9»"),
        (("--version", "neste"), "ikke en gyldig versjon"),
    ):
        result = run_cli(shared_sample_url, "attainment", "--json", *args)
        assert result.code == 2, args
        assert "Feil bruk" in result.stderr and words in result.stderr, result.stderr
        assert result.stdout == ""


def test_text_output_is_a_norwegian_table(shared_sample_url):
    result = run_cli(shared_sample_url, "attainment", "--as-of", "2024")
    assert result.code == 0
    text = result.stdout
    assert "Metode: Open SDG (fremdriftsmål)" in text
    assert "Sammensatte indikatorer: Gjennomsnittlig poeng" in text
    assert "til og med 2024" in text
    line = next(row for row in text.splitlines() if row.startswith("S1-01"))
    assert (
        "God fremgang" in line and "33 (2019)" in line and "58,6 (2024)" in line
    )  # SSB revised 59 → 58.6
    assert "Snittpoeng" in text and "Under arbeid" in text
    assert "substantial" not in text  # the words a reader sees are Norwegian


def test_empty_database_gives_all_goals_and_no_indicators(db_url):
    result = run_cli(db_url, "attainment", "--json")
    assert result.code == 0
    report = result.json()
    assert report["indicators"] == []
    assert [g["code"] for g in report["goals"]] == ALL_GOALS
    assert all(g["mean_score"] is None and not any(g["counts"].values()) for g in report["goals"])
    text = run_cli(db_url, "attainment")
    assert "ingen indikatorer ennå" in text.stdout


def test_an_ods_workbook_from_libreoffice_is_assessed(db_url):
    ods = ROOT / "tests" / "data" / "corpus" / "indikatorer_quirky.ods"
    assert ods.exists()
    loaded = run_cli(db_url, "import", str(ods), "--json")
    assert loaded.code == 0 and loaded.json()["status"] == "loaded", loaded.stdout
    result = run_cli(db_url, "attainment", "--json")
    assert result.code == 0
    items = by_id(result.json())
    assert set(items) == {"S1-01", "S2-01", "S2-01a", "S2-01b", "S3-04"}
    # The quirky cells ("57 %" as text, 2019.0 as a number) become the contract example.
    s1 = items["S1-01"]
    assert (s1["base_period"], s1["base_value"], s1["latest_value"]) == ("2019", 33.0, 57.0)
    assert (s1["category"], s1["progress"], s1["projected_2030"]) == (
        "substantial-progress",
        1.89,
        148.3,
    )
    assert items["S3-04"]["category"] == "under-development"
    # S2-01 is the composite of S2-01a and S2-01b; it has no series of its own.
    assert items["S2-01"]["base_period"] is None and items["S2-01"]["category"] != (
        "under-development"
    )
    s2 = next(g for g in result.json()["goals"] if g["code"] == "S2")
    assert sum(s2["counts"].values()) == 3  # S2-01, S2-01a and S2-01b are all strategic


def test_text_rendering_handles_every_category():
    report = {
        "as_of": "2024-K2",
        "method": "share-of-distance",
        "composite_method": "median-child",
        "indicators": [
            {
                "id": f"S1-{n:02d}",
                "goals": ["S1"],
                "status": "Klar",
                "level": "Støtte",
                "base_period": None,
                "base_value": None,
                "latest_period": None,
                "latest_value": None,
                "target_2030": None,
                "basis": None,
                "category": category,
                "progress": None,
                "score": None,
                "projected_2030": None,
            }
            for n, category in enumerate(CATEGORIES)
        ],
        "goals": [],
    }
    text = attainment_text(report)
    assert "2. kvartal 2024" in text and "Andel av avstanden til målet" in text
    assert "Median delindikator" in text and "For lite data" in text
