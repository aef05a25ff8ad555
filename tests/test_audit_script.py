"""`make audit` never passes silently: how tests/audit.py reads pip-audit's answers (the
vulnerability check itself needs the network and is kept out of `make test`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests import audit
from tests.helpers import ROOT


def _report(*deps: dict) -> str:
    return json.dumps({"dependencies": list(deps), "fixes": []})


def test_every_package_checked_and_clean_passes():
    out = audit.interpret(0, _report({"name": "a", "version": "1", "vulns": []}), "", "pypi")
    assert out.code == audit.OK and "Ingen kjente sårbarheter i de 1" in out.message


def test_known_vulnerabilities_fail_and_are_named():
    vuln = {"id": "PYSEC-2099-1", "fix_versions": ["2.0"], "description": "…"}
    out = audit.interpret(1, _report({"name": "a", "version": "1", "vulns": [vuln]}), "", "pypi")
    assert out.code == audit.VULNERABLE and "a 1: PYSEC-2099-1 (rettet i: 2.0)" in out.message


def test_packages_pip_audit_could_not_look_up_are_not_a_pass():
    """pip-audit exits 0 and says "No known vulnerabilities found" here; we do not."""
    skipped = {"name": "a", "skip_reason": "Dependency not found on PyPI and could not be audited"}
    out = audit.interpret(0, _report(skipped, dict(skipped, name="b")), "", "pypi")
    assert out.code == audit.UNREACHABLE and "INGENTING er kontrollert" in out.message
    partly = audit.interpret(
        0, _report(skipped, {"name": "c", "version": "1", "vulns": []}), "", "pypi"
    )
    assert partly.code == audit.UNREACHABLE and "1 av 2 pakker kunne ikke kontrolleres (a)" in (
        partly.message
    )


def test_an_unreachable_database_is_said_in_norwegian():
    err = (
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): "
        "Max retries exceeded with url: /v1/query"
    )
    out = audit.interpret(1, "", err, "osv")
    assert out.code == audit.UNREACHABLE
    assert (
        "Sårbarhetsdatabasen (osv) kunne ikke nås" in out.message
        and "ikke et godkjent" in out.message
    )


def test_the_real_command_without_a_reachable_database_exits_non_zero():
    """Run as `make audit` does, with every connection sent to a closed port."""
    env = {
        **os.environ,
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "NO_PROXY": "",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "tests.audit", "--service", "osv"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode != 0
    assert (
        "ikke installert" in proc.stderr
        or "kunne ikke nås" in proc.stderr
        or ("INGENTING er kontrollert" in proc.stderr)
    )


def test_make_audit_goes_through_the_wrapper_not_pip_audit_alone():
    """`pip-audit` alone prints «No known vulnerabilities found» offline while checking nothing
    (issue 21); `make audit` must only ever run it through tests/audit.py."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\naudit:", 1)[1].split("\n\n", 1)[0]
    commands = [line.strip() for line in recipe.splitlines()[1:] if line.startswith("\t")]
    assert commands[-1] == "$(BIN)/python -m tests.audit"
    assert not any(
        "pip_audit" in c or c.endswith("pip-audit") and "install" not in c for c in commands
    )
