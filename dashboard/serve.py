"""``ehelse serve``: start Streamlit on the dashboard with the project's settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dashboard.theme import STREAMLIT_THEME

APP = Path(__file__).with_name("app.py")

#: Streamlit options passed on the command line, so they apply wherever ``ehelse`` runs from
#: (``.streamlit/config.toml`` is only read from the working directory).
STREAMLIT_FLAGS = {
    "server.headless": "true",
    "browser.gatherUsageStats": "false",
    "client.toolbarMode": "viewer",
    "client.showErrorDetails": "false",
    "server.runOnSave": "false",
    "server.fileWatcherType": "none",
    "server.maxUploadSize": "25",
    **STREAMLIT_THEME,
}


def command(port: int, address: str = "localhost") -> list[str]:
    flags = [f"--{k}={v}" for k, v in STREAMLIT_FLAGS.items()]
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        f"--server.port={port}",
        f"--server.address={address}",
        *flags,
    ]


def serve(port: int = 8501, address: str = "localhost") -> int:
    """Replace this process with Streamlit (Ctrl-C stops it)."""
    cmd = command(port, address)
    print(f"Dashbordet starter på http://{address}:{port}  (stopp med Ctrl-C)", file=sys.stderr)
    sys.stderr.flush()
    os.execv(cmd[0], cmd)
    return 0  # pragma: no cover - execv does not return
