"""The ``ehelse`` command line: parse the arguments, call the library, print, return the exit
code. The commands live in :mod:`cli.main`; nothing is imported until ``main`` runs."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from cli.main import main as run

    return run(argv)
