"""An unfilled template names a round (2025-K3): importing it must not replace that round with
nothing. A report without measures is refused and the database stays as it was."""

from __future__ import annotations

from model.db import make_engine
from tests.helpers import run_cli, snapshot


def test_an_unfilled_template_is_refused_and_the_round_stays(sample_url, tmp_path):
    template = tmp_path / "mal.xlsx"
    assert run_cli(sample_url, "template", "portfolio", "-o", str(template)).code == 0
    engine = make_engine(sample_url)
    try:
        before = snapshot(engine)
        result = run_cli(sample_url, "import", str(template), "--json")
        assert result.code == 1
        report = result.json()
        assert report["status"] == "rejected"
        assert [(e["sheet"], e["code"]) for e in report["errors"]] == [("Tiltak", "missing-value")]
        assert "har ingen tiltak" in report["errors"][0]["message"]
        assert snapshot(engine) == before
        status = run_cli(sample_url, "status", "--round", "2025-K3", "--json").json()
        assert status["active"] == 68
    finally:
        engine.dispose()
