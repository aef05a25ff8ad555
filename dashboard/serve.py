"""``ehelse serve``: start Streamlit on the dashboard with the project's settings."""

from __future__ import annotations

import math
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from dashboard.theme import STREAMLIT_THEME
from model.settings import Settings, get_settings

APP = Path(__file__).with_name("app.py")
#: The script `streamlit run` starts: app.py behind the guard (dashboard/guard.py).
LAUNCHER = Path(__file__).with_name("launcher.py")

#: Streamlit options passed on the command line, so they apply wherever ``ehelse`` runs from
#: (``.streamlit/config.toml`` is only read from the working directory).
STREAMLIT_FLAGS = {
    "server.headless": "true",
    "browser.gatherUsageStats": "false",
    # No ⋮ menu at all: its items (Print, Record screen, the theme switch, "Made with
    # Streamlit") are English and cannot be translated; the reader's system picks the theme.
    "client.toolbarMode": "minimal",
    # An error outside a page (pages catch their own: dashboard/app.py run_page) shows no
    # traceback with the server's paths; its generic sentence is put in Norwegian.
    "client.showErrorDetails": "none",
    # Streamlit's own table download writes "=HYPERLINK(…)" from a name as a formula; the pages
    # offer a guarded CSV instead (components.csv_download).
    "client.disableDataExport": "true",
    "server.runOnSave": "false",
    "server.fileWatcherType": "none",
    "server.enableXsrfProtection": "true",
    # A full garbage collection after every script run cost more server CPU than the script
    # itself once 30 people opened Oversikt at once (tests/bench/concurrency.py); reference
    # counting frees a run's objects, and Python's own collector still runs when needed.
    "runner.postScriptGC": "false",
    # The terminal speaks Norwegian too: `ehelse serve` prints the address and the database
    # itself instead of Streamlit's "You can now view your Streamlit app in your browser".
    "logger.hideWelcomeMessage": "true",
    **STREAMLIT_THEME,
}

#: Streamlit's log level unless STREAMLIT_LOGGER_LEVEL says otherwise: warnings and errors only
#: (its one info line at start-up, "Uvicorn server started on …", repeats our own message).
LOGGER_LEVEL = "warning"


LOOPBACK = {"localhost", "127.0.0.1", "::1"}
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


def upload_limit_mb(settings: Settings) -> int:
    """Streamlit's hard limit sits 1 MB above the importer's, so a file just over the importer's
    limit gets the importer's Norwegian message rather than Streamlit's English one."""
    return math.ceil(settings.max_upload_mb) + 1


def config_problems(settings: Settings, address: str) -> list[str]:
    """Why the dashboard must not start with these settings (Norwegian, one line each)."""
    problems: list[str] = []
    secrets = settings.secrets_file
    if secrets is not None and not Path(secrets).expanduser().is_file():
        problems.append(f"EHELSE_SECRETS_FILE peker på {secrets}, som ikke finnes.")
    if settings.public_mode:
        return problems
    if settings.auth_mode == "local" and address not in LOOPBACK:
        problems.append(
            "Lokal modus (EHELSE_AUTH_MODE=local) gir alle besøkende samme rolle uten innlogging "
            f"og kan bare brukes med --address localhost, ikke {address}. Bruk oidc på en server."
        )
    if settings.auth_mode == "oidc":
        problems.extend(_oidc_problems(settings))
    return problems


def _oidc_problems(settings: Settings) -> list[str]:
    if settings.secrets_file is None:
        return [
            "Innlogging (EHELSE_AUTH_MODE=oidc) krever EHELSE_SECRETS_FILE: en TOML-fil med "
            "seksjonen [auth] (" + ", ".join(AUTH_KEYS) + ")."
        ]
    path = Path(settings.secrets_file).expanduser()
    try:
        auth = tomllib.loads(path.read_text(encoding="utf-8")).get("auth", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return [f"{path} kan ikke leses: {exc}"]
    missing = [k for k in AUTH_KEYS if not str(auth.get(k, "")).strip()]
    if missing:
        return [f"[auth] i {path} mangler: {', '.join(missing)}."]
    problems = []
    if not str(auth["redirect_uri"]).endswith("/oauth2callback"):
        problems.append(f"redirect_uri i {path} må slutte på /oauth2callback.")
    if len(str(auth["cookie_secret"])) < 32:
        problems.append(
            f"cookie_secret i {path} er for kort (minst 32 tegn; lag en med "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
        )
    return problems


def command(port: int, address: str = "localhost") -> list[str]:
    settings = get_settings()
    flags = [f"--{k}={v}" for k, v in STREAMLIT_FLAGS.items()]
    flags.append(f"--server.maxUploadSize={upload_limit_mb(settings)}")
    if not os.environ.get("STREAMLIT_LOGGER_LEVEL"):
        flags.append(f"--logger.level={LOGGER_LEVEL}")
    if settings.secrets_file is not None:
        flags.append(f"--secrets.files={Path(settings.secrets_file).expanduser().resolve()}")
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(LAUNCHER),
        f"--server.port={port}",
        f"--server.address={address}",
        *flags,
    ]


def database_lines(description: str, *, default: bool) -> list[str]:
    """Where the data lives, as `ehelse serve` says it at start-up. The default file is per OS
    user, not per copy of the project: say so, and how to choose another."""
    lines = [f"Databasen: {description}"]
    if default:
        lines.append(
            "  Dette er standardfilen for OS-brukeren din: alle kopier av ehelse som kjøres av "
            "deg, bruker den samme. Velg en annen med EHELSE_DB_URL eller --db (docs/drift.md)."
        )
    return lines


def serve(port: int = 8501, address: str = "localhost", *, database: Sequence[str] = ()) -> int:
    """Replace this process with Streamlit (Ctrl-C stops it); refuse unsafe settings first.

    ``database``: the lines that say which database the dashboard shows (:func:`database_lines`).
    """
    problems = config_problems(get_settings(), address)
    if problems:
        print("Dashbordet startes ikke:", file=sys.stderr)
        for problem in problems:
            print(f"  – {problem}", file=sys.stderr)
        return 2
    cmd = command(port, address)
    for line in database:
        print(line, file=sys.stderr)
    print(
        f"Dashbordet starter på http://{address}:{port} – åpne adressen i nettleseren "
        "(stopp med Ctrl-C).",
        file=sys.stderr,
    )
    sys.stderr.flush()
    os.execv(cmd[0], cmd)
    return 0  # pragma: no cover - execv does not return
