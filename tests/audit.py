"""``make audit``: check every pinned dependency in constraints.txt for known vulnerabilities
with pip-audit. Kept out of ``make test``: it needs a vulnerability database on the network.

Never a silent pass. pip-audit itself exits 0 with "No known vulnerabilities found" when it
could not look a single package up (each one carries a ``skip_reason`` then); this script counts
those and fails, and it says so in Norwegian when the database cannot be reached at all.

Exit codes: 0 every package checked, none vulnerable; 1 known vulnerabilities; 2 pip-audit
missing or failing; 3 the vulnerability database could not be reached, or packages went
unchecked.

Usage: ``python -m tests.audit [--service pypi|osv]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = ROOT / "constraints.txt"
OK, VULNERABLE, BROKEN, UNREACHABLE = 0, 1, 2, 3

_NETWORK_SIGNS = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "Failed to resolve",
    "ProxyError",
    "ConnectTimeout",
    "ReadTimeout",
    "Connection refused",
    "Network is unreachable",
    "Temporary failure in name resolution",
)


@dataclass
class Outcome:
    code: int
    message: str


def interpret(returncode: int, stdout: str, stderr: str, service: str) -> Outcome:
    """What pip-audit's exit code, JSON report and error output mean, in Norwegian."""
    if any(sign in stderr for sign in _NETWORK_SIGNS):
        last = next((line for line in reversed(stderr.strip().splitlines()) if line.strip()), "")
        return Outcome(
            UNREACHABLE,
            f"Sårbarhetsdatabasen ({service}) kunne ikke nås fra denne maskinen, så INGEN "
            "avhengigheter er kontrollert. Dette er ikke et godkjent resultat: kjør `make audit` "
            f"på en maskin med nettilgang.\nFeilen var: {last[:300]}",
        )
    try:
        report = json.loads(stdout) if stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    if report is None:
        tail = "\n".join(stderr.strip().splitlines()[-5:])
        return Outcome(BROKEN, f"pip-audit feilet (kode {returncode}) uten en rapport:\n{tail}")
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    vulnerable = [d for d in deps if d.get("vulns")]
    checked = len(deps) - len(skipped)
    lines: list[str] = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "ingen rettet versjon ennå"
            lines.append(
                f"  {dep['name']} {dep.get('version', '')}: {vuln.get('id')} (rettet i: {fixed})"
            )
    if vulnerable:
        return Outcome(
            VULNERABLE,
            f"{len(vulnerable)} av {len(deps)} pakker har kjente sårbarheter:\n" + "\n".join(lines),
        )
    if skipped:
        reason = skipped[0]["skip_reason"]
        if checked == 0:
            return Outcome(
                UNREACHABLE,
                f"Ingen av de {len(deps)} pakkene kunne slås opp i sårbarhetsdatabasen "
                f"({service}), så INGENTING er kontrollert. Dette er ikke et godkjent resultat. "
                f"Første grunn: {reason}",
            )
        names = ", ".join(d["name"] for d in skipped)
        return Outcome(
            UNREACHABLE,
            f"{len(skipped)} av {len(deps)} pakker kunne ikke kontrolleres ({names}); de andre "
            f"{checked} har ingen kjente sårbarheter. Ikke godkjent før alle er kontrollert.",
        )
    if not deps:
        return Outcome(BROKEN, "pip-audit fant ingen pakker å kontrollere i constraints.txt.")
    return Outcome(OK, f"Ingen kjente sårbarheter i de {checked} låste pakkene ({service}).")


def run(service: str, constraints: Path = CONSTRAINTS, timeout: float = 600) -> Outcome:
    if importlib.util.find_spec("pip_audit") is None:
        return Outcome(
            BROKEN, "pip-audit er ikke installert. `make audit` installerer det i .venv."
        )
    cmd = [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        str(constraints),
        "--no-deps",  # every package is pinned with == in constraints.txt
        "--disable-pip",
        "--format",
        "json",
        "--progress-spinner",
        "off",
        "--vulnerability-service",
        service,
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return Outcome(
            UNREACHABLE,
            f"pip-audit svarte ikke innen {timeout:.0f} s; sårbarhetsdatabasen ({service}) er "
            "trolig ikke tilgjengelig. Ingenting er kontrollert.",
        )
    return interpret(proc.returncode, proc.stdout, proc.stderr, service)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.audit", description=__doc__)
    parser.add_argument("--service", choices=["pypi", "osv"], default="pypi")
    args = parser.parse_args(argv)
    print(f"Kontrollerer {CONSTRAINTS.name} med pip-audit ({args.service}) …", flush=True)
    outcome = run(args.service)
    print(outcome.message, file=sys.stdout if outcome.code == OK else sys.stderr)
    return outcome.code


if __name__ == "__main__":
    sys.exit(main())
