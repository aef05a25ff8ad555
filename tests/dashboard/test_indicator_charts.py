"""The indicator figure builders: pure functions, checked without a browser."""

from __future__ import annotations

import pandas as pd

from dashboard import indicator_charts as charts
from model.attainment import CATEGORIES, IndicatorSpec, Observation, assess
from model.attainment_service import GoalAttainment
from model.periods import period_time

S1_01 = {"2019": 33.0, "2021": 46.0, "2022": 54.0, "2023": 57.0}


def s1_01(target: float | None = 75.0, method: str = "open-sdg"):
    spec = IndicatorSpec("S1-01", target=target, base_year=2019, limit=100)
    assessment = assess(spec, [Observation(p, v) for p, v in S1_01.items()], method=method)
    points = [(p, period_time(p), v) for p, v in S1_01.items()]
    return points, assessment


def names(fig) -> list[str]:
    return [trace.name for trace in fig.data if trace.name]


def test_series_figure_has_target_required_path_projection_and_marked_points():
    points, a = s1_01()
    fig = charts.indicator_figure(points, a, unit="%", limit=100)
    shown = names(fig)
    assert "Hele landet" in shown and "Nødvendig bane mot målet" in shown
    assert "Framskriving av observert utvikling" in shown
    assert any(n.startswith("Mål 2030: 75") for n in shown)
    assert any(n.startswith("Basis: 33") for n in shown)
    assert any(n.startswith("Siste: 57") for n in shown)
    dashes = {t.name: t.line.dash for t in fig.data if t.mode == "lines"}
    assert dashes["Nødvendig bane mot målet"] == "dot"
    assert dashes["Framskriving av observert utvikling"] == "dash"
    # The compound required path ends on the target in 2030.
    path = next(t for t in fig.data if t.name == "Nødvendig bane mot målet")
    assert path.x[-1] == 2030 and abs(path.y[-1] - 75) < 1e-6
    # The projection (148.3) runs out of a frame fitted to the data and the limit of 100.
    low, high = fig.layout.yaxis.range
    assert low <= 33 and 75 < high <= 102 and a.projected_2030 > high


def test_trend_figure_draws_the_threshold_instead_of_a_target():
    points, a = s1_01(target=None)
    fig = charts.indicator_figure(points, a, unit="%", limit=100)
    assert not any(n.startswith("Mål 2030") for n in names(fig))
    assert any(n.startswith("Grense for god fremgang") for n in names(fig))


def test_linear_method_draws_straight_lines():
    points, a = s1_01(method="linear-trajectory")
    fig = charts.indicator_figure(points, a, unit="%")
    path = next(t for t in fig.data if t.name == "Nødvendig bane mot målet")
    assert list(path.x) == [2019.0, 2030] and list(path.y) == [33.0, 75.0]


def test_goal_counts_figure_labels_every_category_with_icon_and_word():
    goals = [
        GoalAttainment(
            "S1", "strategic", "Aktiv medvirkning", None, 2.5, dict.fromkeys(CATEGORIES, 1), ()
        ),
        GoalAttainment(
            "S2",
            "strategic",
            "Enklere arbeidshverdag",
            None,
            None,
            dict.fromkeys(CATEGORIES, 0),
            (),
        ),
    ]
    fig = charts.goal_counts_figure(goals)
    assert names(fig) == [
        "★ Målet er nådd",
        "▲ God fremgang",
        "↗ Moderat fremgang",
        "→ Begrenset fremgang",
        "▼ Tilbakegang",
        "… For lite data",
        "⚙ Under arbeid",
    ]
    notes = [a.text for a in fig.layout.annotations]
    assert notes == ["snittpoeng 2,5", "snittpoeng –"]


def test_area_finding_names_the_extremes_and_the_better_direction():
    frame = pd.DataFrame({"area": ["Oslo", "Finnmark", "Agder"], "value": [64.0, 51.5, 60.0]})
    text = charts.area_finding(
        frame, national=59.0, unit="%", period="2024-K2", direction="Synkende"
    )
    assert text.startswith("Høyest i Oslo (64\u00a0%), lavest i Finnmark (51,5\u00a0%)")
    assert "2. kvartal 2024" in text and "er lavere verdi bedre" in text
