"""The ``ehelse`` command line: thin. Parse arguments, call the library, print, set the exit code.

Exit codes: 0 done, 1 refused (nothing written), 2 wrong usage or unreadable file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from model.periods import round_words

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

#: argparse's own messages, by their gettext message ids, in Norwegian (argparse looks its
#: texts up through ``argparse._`` when it builds a parser and when it reports a problem).
ARGPARSE_NB = {
    "usage: ": "bruk: ",
    "positional arguments": "argumenter",
    "options": "valg",
    "subcommands": "kommandoer",
    "show this help message and exit": "vis denne hjelpen og avslutt",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "disse argumentene mangler: %s",
    "unrecognized arguments: %s": "ukjente argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ugyldig valg: %(value)r (velg blant %(choices)s)"
    ),
    "expected one argument": "forventet én verdi",
    "expected at most one argument": "forventet høyst én verdi",
    "expected at least one argument": "forventet minst én verdi",
    "invalid %(type)s value: %(value)r": "ugyldig verdi: %(value)r",
    "not allowed with argument %s": "er ikke tillatt sammen med %s",
    "one of the arguments %s is required": "ett av argumentene %s må være med",
    "ambiguous option: %(option)s could match %(matches)s": (
        "flertydig valg: %(option)s kan bety %(matches)s"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "ukjent kommando %(parser_name)r (velg blant %(choices)s)"
    ),
    "ignored explicit argument %r": "verdien %r brukes ikke",
    "unexpected option string: %s": "uventet valg: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Feil bruk: %(message)s\n",
}


@contextmanager
def norwegian_argparse() -> Iterator[None]:
    """argparse speaks Norwegian while the parser is built and used (not at import time)."""
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: ARGPARSE_NB.get(text, original(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


class NorwegianParser(argparse.ArgumentParser):
    """argparse whose usage errors say «Feil bruk» and exit with code 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: Feil bruk: {message}\n")


def round_type(text: str) -> str:
    """argparse type for --round where a bad value is a usage error (exit 2, Norwegian)."""
    from importers.values import ValueProblem, parse_round

    try:
        return parse_round(text)
    except ValueProblem as problem:
        raise argparse.ArgumentTypeError(problem.message) from None


def build_parser() -> argparse.ArgumentParser:
    parser = NorwegianParser(
        prog="ehelse",
        description="Dashbord for nasjonal e-helseportefølje og strategiske indikatorer.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="databasen (SQLAlchemy-URL); ellers EHELSE_DB_URL eller standardfilen",
    )
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=NorwegianParser)

    p = sub.add_parser("import", help="les inn en arbeidsbok (portefølje eller indikatorer)")
    p.add_argument("file", metavar="FIL")
    p.add_argument("--round", metavar="RUNDE", help="rapporteringsrunde, f.eks. 2025-K3")
    p.add_argument("--version", metavar="VERSJON", help="indikatorsett-versjon, f.eks. v0.7")
    p.add_argument("--dry-run", action="store_true", help="bare kontroller, lagre ingenting")
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    p.add_argument("--user", metavar="NAVN", help="hvem som laster opp (standard: OS-brukeren)")
    p.add_argument(
        "--owner",
        metavar="TILTAKSEIER",
        help="filen er innrapporteringen fra denne tiltakseieren til en åpen runde (erstatter "
        "bare eierens tiltak)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="en fil for hele runden får erstatte en runde som allerede er lastet inn",
    )

    p = sub.add_parser(
        "template", help="skriv en mal med nedtrekkslister og veiledning (tom eller forhåndsutfylt)"
    )
    p.add_argument("kind", choices=["portfolio", "indicators", "cases"])
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FIL",
        help="filen; med --round uten --owner: mappen som får én fil per tiltakseier",
    )
    p.add_argument(
        "--round",
        metavar="RUNDE",
        type=round_type,
        help="porteføljemal forhåndsutfylt for denne runden, f.eks. 2026-K1",
    )
    p.add_argument(
        "--from",
        dest="from_round",
        metavar="RUNDE",
        type=round_type,
        help="runden radene hentes fra (standard: rundens forventninger eller siste publiserte)",
    )
    p.add_argument("--owner", metavar="TILTAKSEIER", help="bare denne tiltakseierens tiltak")

    p = sub.add_parser("round", help="rapporteringsrunder: åpne, publisere, gjenåpne, vise")
    rounds = p.add_subparsers(
        dest="round_command", metavar="HANDLING", parser_class=NorwegianParser
    )
    r = rounds.add_parser("open", help="åpne en runde for innrapportering fra tiltakseierne")
    r.add_argument("round", metavar="RUNDE", type=round_type)
    r.add_argument("--deadline", metavar="DATO", help="rapporteringsfrist, f.eks. 2026-03-13")
    r.add_argument(
        "--from",
        dest="from_round",
        metavar="RUNDE",
        type=round_type,
        help="runden de forventede tiltakene hentes fra (standard: siste publiserte)",
    )
    r.add_argument("--user", metavar="NAVN")
    r = rounds.add_parser("publish", help="publiser en åpen runde (alle ser den)")
    r.add_argument("round", metavar="RUNDE", type=round_type)
    r.add_argument(
        "--allow-missing",
        action="store_true",
        help="publiser selv om noen forventede tiltak ikke er rapportert",
    )
    r.add_argument("--user", metavar="NAVN")
    r = rounds.add_parser("reopen", help="ta en publisert runde tilbake for rettelser")
    r.add_argument("round", metavar="RUNDE", type=round_type)
    r.add_argument("--user", metavar="NAVN")
    r = rounds.add_parser("list", help="vis rundene: tilstand, frist og hvem som har rapportert")
    r.add_argument("--json", action="store_true", help="skriv resultatet som JSON")

    p = sub.add_parser("sample", help="fyll databasen med eksempeldata")
    p.add_argument("--force", action="store_true", help="slett eksisterende data først")

    p = sub.add_parser("history", help="vis importhistorikken")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("rollback", help="angre én import helt")
    p.add_argument("batch_id", type=int, metavar="IMPORT_ID")
    p.add_argument("--user", metavar="NAVN")

    p = sub.add_parser("status", help="sammendrag av en rapporteringsrunde")
    p.add_argument("--round", metavar="RUNDE", type=round_type)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("cases", help="rådenes saker og vedtak (møter, saksliste, oppfølging)")
    p.add_argument("--measure", metavar="TILTAK-ID", help="bare saker om dette tiltaket")
    p.add_argument("--indicator", metavar="INDIKATOR-ID", help="bare saker om denne indikatoren")
    p.add_argument("--forum", metavar="FORUM", help="bare saker i dette forumet, f.eks. NUIT")
    p.add_argument(
        "--open-follow-ups",
        action="store_true",
        help="bare vedtak som ba om oppfølging innen en runde som er kommet, og som ikke er fulgt opp",
    )
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")

    p = sub.add_parser("attainment", help="måloppnåelse per indikator og mål")
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    cut = p.add_mutually_exclusive_group()
    cut.add_argument(
        "--as-of",
        metavar="PERIODE",
        help="bare observasjoner fra perioder som er over ved slutten av perioden (2023, "
        "2024-K2, 2024-05); standard: alle",
    )
    cut.add_argument(
        "--round",
        metavar="RUNDE",
        type=round_type,
        help="som ved rapporteringsrunden (2025-K3 = --as-of 2025-K3)",
    )
    p.add_argument(
        "--method",
        default="open-sdg",
        metavar="METODE",
        help="open-sdg (standard), linear-trajectory eller share-of-distance",
    )
    p.add_argument(
        "--composite-method",
        default="mean-score",
        metavar="METODE",
        help="for sammensatte indikatorer: mean-score (standard), worst-child eller median-child",
    )
    p.add_argument(
        "--support", action="store_true", help="ta med støtteindikatorer i opptellingen per mål"
    )
    p.add_argument(
        "--version",
        metavar="VERSJON",
        help="indikatorsett-versjon, f.eks. v0.7 (standard: den nyeste)",
    )

    p = sub.add_parser("export", help="møtepakken for en runde")
    p.add_argument("--round", metavar="RUNDE", type=round_type)
    p.add_argument(
        "--as-of",
        metavar="PERIODE",
        help="indikatorene som ved slutten av perioden (standard: runden selv)",
    )
    p.add_argument(
        "--format",
        choices=["pptx", "pdf", "xlsx", "ettark"],
        required=True,
        help="pptx, pdf (saksfremlegg), xlsx (tallene som data) eller ettark (én A4-side)",
    )
    p.add_argument("-o", "--output", required=True, metavar="FIL")
    p.add_argument(
        "--forslag",
        metavar="FIL",
        help="tekstfil (UTF-8) med forslag til vedtak i statussaken (standard: utkastet laget av "
        "tallene)",
    )
    p.add_argument("--user", metavar="NAVN")

    p = sub.add_parser("role", help="roller for innloggede brukere (OIDC-modus)")
    roles = p.add_subparsers(dest="role_command", metavar="HANDLING", parser_class=NorwegianParser)
    r = roles.add_parser("list", help="vis alle tildelte roller (databasen og rollefilen)")
    r.add_argument("--json", action="store_true")
    r = roles.add_parser("grant", help="gi en e-postadresse eller group:NAVN en rolle")
    r.add_argument("subject", metavar="BRUKER")
    r.add_argument("role", metavar="ROLLE", help="leser, redaktor eller administrator")
    r.add_argument("--user", metavar="NAVN")
    r = roles.add_parser("revoke", help="fjern rollen som er gitt i databasen")
    r.add_argument("subject", metavar="BRUKER")
    r.add_argument("--user", metavar="NAVN")

    p = sub.add_parser("backup", help="ta sikkerhetskopi av hele databasen")
    p.add_argument("-o", "--output", required=True, metavar="FIL")
    p.add_argument(
        "--format",
        choices=["auto", "sqlite", "dump"],
        default="auto",
        help="sqlite: en SQLite-fil (bare fra SQLite); dump: en portabel zip med JSON-linjer per "
        "tabell (fra alle databaser); auto: sqlite for SQLite, dump ellers",
    )
    p.add_argument("--user", metavar="NAVN")

    p = sub.add_parser("restore", help="hent tilbake en sikkerhetskopi")
    p.add_argument("file", metavar="FIL")
    p.add_argument(
        "--force", action="store_true", help="erstatt alt innhold i en database som ikke er tom"
    )
    p.add_argument("--user", metavar="NAVN")

    p = sub.add_parser("serve", help="start dashbordet")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="localhost")
    return parser


def _engine(args: argparse.Namespace, *, migrate_schema: bool = True) -> Any:
    from model.db import get_engine, migrate

    engine = get_engine(args.db) if args.db else get_engine()
    if migrate_schema:
        migrate(engine)
    return engine


def _usage(message: str) -> int:
    """A wrong use of a command: «Feil bruk: …» on stderr, and the usage exit code."""
    print(f"Feil bruk: {message}", file=sys.stderr)
    return EXIT_USAGE


def _print_json(data: Any) -> None:
    from model.safe_text import json_text

    print(json_text(json.dumps(data, ensure_ascii=False, indent=2)))


def cmd_import(args: argparse.Namespace) -> int:
    from importers.readers import paused_gc

    with paused_gc():  # from the first byte read (see paused_gc)
        return _import(args)


def _import(args: argparse.Namespace) -> int:
    from importers.readers import ReadAhead

    # The parse of a large workbook overlaps the start-up below (imports, engine, migrations).
    read_ahead = ReadAhead(Path(args.file))
    from importers.errors import Issue
    from importers.report import ImportReport
    from importers.service import import_file
    from importers.values import ValueProblem, parse_round
    from model.access import cli_actor

    round_arg = None
    if args.round:
        try:
            round_arg = parse_round(args.round)
        except ValueProblem as problem:
            report = ImportReport(file_name=Path(args.file).name, unreadable=True)
            report.errors.append(
                Issue(
                    code=problem.code, message=problem.message, column="--round", value=args.round
                )
            )
            print(
                report.dumps() if args.json else f"Feil bruk: {problem.message}",
                file=sys.stdout if args.json else sys.stderr,
            )
            return EXIT_USAGE
    engine = _engine(args)
    progress = None
    if not args.json and sys.stderr.isatty():

        def progress(fraction: float, message: str) -> None:
            print(f"  [{fraction:>4.0%}] {message}", file=sys.stderr)

    result = import_file(
        engine,
        Path(args.file),
        actor=cli_actor(args.user),
        round_arg=round_arg,
        version_arg=args.version,
        dry_run=args.dry_run,
        progress=progress,
        read_ahead=read_ahead,
        owner_arg=args.owner,
        replace=args.replace,
    )
    report = result.report
    if args.dry_run and report.ok and result.data is not None:
        from importers.preview import preview_for

        report.preview = preview_for(engine, report.kind, result.data)
    print(report.dumps() if args.json else report.to_text())
    return report.exit_code


def cmd_template(args: argparse.Namespace) -> int:
    from importers.templates import write_template

    if args.round or args.from_round or args.owner:
        return _prefilled(args)
    out = write_template(args.kind, Path(args.output))
    print(f"Malen er skrevet til {out}")
    return EXIT_OK


def _prefilled(args: argparse.Namespace) -> int:
    from importers.prefill import PrefillError, write_prefilled
    from model.safe_text import terminal

    if args.kind != "portfolio" or not args.round:
        return _usage(
            "--round, --from og --owner gjelder bare «ehelse template portfolio», "
            "og --round må være med."
        )
    try:
        written = write_prefilled(
            _engine(args),
            Path(args.output),
            round_code=args.round,
            from_round=args.from_round,
            owner=args.owner,
        )
    except PrefillError as problem:
        return _usage(str(problem))
    for item in written:
        print(f"{terminal(item.owner)}: {item.rows} tiltak → {item.path}")
    return EXIT_OK


def cmd_round(args: argparse.Namespace) -> int:
    from model.access import cli_actor
    from model.rounds import RoundRefused, list_rounds_json, open_round, publish_round, reopen_round
    from model.safe_text import terminal, terminal_lines

    if not args.round_command:
        return _usage("velg open, publish, reopen eller list.")
    engine = _engine(args)
    if args.round_command == "list":
        data = list_rounds_json(engine)
        if args.json:
            _print_json(data)
        else:
            print(terminal_lines(_rounds_text(data["rounds"])))
        return EXIT_OK
    actor = cli_actor(args.user)
    try:
        if args.round_command == "open":
            deadline = None
            if args.deadline:
                from importers.values import ValueProblem, parse_date

                try:
                    deadline = parse_date(args.deadline)
                except ValueProblem as problem:
                    return _usage(problem.message)
            done = open_round(
                engine, args.round, actor=actor, deadline=deadline, from_round=args.from_round
            )
            expected = sum(len(o.expected) for o in done.owners)
            print(
                f"Runden {done.round} er åpnet for innrapportering"
                + (f" med frist {done.deadline.isoformat()}" if done.deadline else "")
                + f". {expected} tiltak er forventet fra {len(done.owners)} tiltakseiere"
                + (f" (fra {done.from_round})." if done.from_round else ".")
            )
        elif args.round_command == "publish":
            done = publish_round(engine, args.round, actor=actor, allow_missing=args.allow_missing)
            missing = done.not_reported
            print(
                f"Runden {done.round} er publisert"
                + (f" uten {len(missing)} tiltak som ikke ble rapportert." if missing else ".")
            )
        else:
            done = reopen_round(engine, args.round, actor=actor)
            print(f"Runden {done.round} er gjenåpnet for rettelser; lesere ser den ikke nå.")
    except RoundRefused as refused:
        print(f"Avvist: {terminal(str(refused))}", file=sys.stderr)
        return EXIT_USAGE if refused.unknown else EXIT_REFUSED
    return EXIT_OK


def _rounds_text(rounds: list[dict[str, Any]]) -> str:
    from model.labels import ROUND_STATE_LABELS_NB

    if not rounds:
        return "Ingen rapporteringsrunder ennå. Åpne en med «ehelse round open 2026-K1»."
    lines = []
    for r in rounds:
        lines.append(
            f"{r['round']}  {ROUND_STATE_LABELS_NB.get(r['state'], r['state'])}"
            + (f", frist {r['deadline']}" if r["deadline"] else "")
        )
        if r["state"] == "published":
            continue
        for o in r["owners"]:
            status = (
                f"{o['reported']} rapportert, sist {o['last_submission'][:16].replace('T', ' ')}"
                if o["reported"]
                else "ikke levert"
            )
            late = " – for sent" if o["late"] else ""
            lines.append(f"    {o['owner']}: {o['expected']} forventet, {status}{late}")
    return "\n".join(lines)


def cmd_sample(args: argparse.Namespace) -> int:
    from sample_data.load import load_sample

    engine = _engine(args)
    return load_sample(engine, force=args.force, echo=print)


def cmd_history(args: argparse.Namespace) -> int:
    from importers.service import history

    batches = history(_engine(args))
    if args.json:
        _print_json({"batches": batches})
        return EXIT_OK
    if not batches:
        print(
            "Ingen importer ennå. Last opp en fil med «ehelse import FIL» eller prøv «ehelse sample»."
        )
        return EXIT_OK
    from model.fmt import text_table
    from model.safe_text import terminal
    from model.vocab import batch_kind_label, batch_status_label

    rows = [
        (
            b["id"],
            b["time"],
            terminal(b["user"]),
            batch_kind_label(b["kind"]),
            terminal(b["round"] or b["version"] or "–"),
            terminal(b["owner"] or "–"),
            b["rows"],
            batch_status_label(b["status"]),
            terminal(b["file"]),
        )
        for b in batches
    ]
    header = (
        *("ID", "Tid", "Bruker", "Type", "Runde/versjon", "Innrapportering fra"),
        *("Rader", "Status", "Fil"),
    )
    print("\n".join(text_table(header, rows, right={0, 6})))
    return EXIT_OK


def cmd_rollback(args: argparse.Namespace) -> int:
    from importers.service import RollbackRefused, rollback
    from model.access import cli_actor

    try:
        result = rollback(_engine(args), args.batch_id, actor=cli_actor(args.user))
    except RollbackRefused as refused:
        print(f"Avvist: {refused}", file=sys.stderr)
        return EXIT_USAGE if refused.unknown else EXIT_REFUSED
    from model.safe_text import terminal

    restored = result["restored_batches"]
    print(
        f"Import {result['batch_id']} ({terminal(result['file'])}) er angret."
        + (f" Gjenopprettet data fra import {', '.join(map(str, restored))}." if restored else "")
    )
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from model.round_report import UnknownRound, build_round_report
    from model.text import status_text

    engine = _engine(args)
    try:
        report = build_round_report(engine, args.round, attainment=False)
    except UnknownRound as unknown:
        print(str(unknown), file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        _print_json(report.status_json())
    else:
        from model.safe_text import terminal

        # One paragraph: a name's line breaks and escape sequences are shown, never obeyed.
        print(terminal(status_text(report)))
    return EXIT_OK


def cmd_cases(args: argparse.Namespace) -> int:
    from model.cases import list_cases
    from model.cases import text as cases_text

    cases = list_cases(
        _engine(args),
        measure=args.measure,
        indicator=args.indicator,
        forum=args.forum,
        open_follow_ups=args.open_follow_ups,
    )
    if args.json:
        _print_json({"cases": [c.to_json() for c in cases]})
    else:
        from model.safe_text import terminal_lines

        print(
            terminal_lines(
                cases_text(cases, measure=args.measure, open_follow_ups=args.open_follow_ups)
            )
        )
    return EXIT_OK


def cmd_attainment(args: argparse.Namespace) -> int:
    from importers.indicators import parse_version
    from importers.values import ValueProblem, parse_period
    from model.attainment import COMPOSITE_METHODS, METHODS
    from model.attainment_service import attainment_report, attainment_text
    from model.indicator_queries import versions

    if args.method not in METHODS:
        return _usage(f"ukjent metode «{args.method}». Velg blant: {', '.join(METHODS)}.")
    if args.composite_method not in COMPOSITE_METHODS:
        return _usage(
            f"ukjent metode for sammensatte indikatorer «{args.composite_method}». "
            f"Velg blant: {', '.join(COMPOSITE_METHODS)}."
        )
    as_of = args.round
    version = None
    try:
        if args.as_of:
            as_of = parse_period(args.as_of)
        if args.version:
            version = parse_version(args.version)
    except ValueProblem as problem:
        return _usage(problem.message)
    engine = _engine(args)
    if version is not None:
        known = versions(engine)
        if version not in known:
            available = ", ".join(known) if known else "ingen (bare uversjonerte indikatorer)"
            return _usage(
                f"indikatorsettet har ingen versjon «{version}». "
                f"Tilgjengelige versjoner: {available}."
            )
    report = attainment_report(
        engine,
        as_of=as_of,
        method=args.method,
        composite_method=args.composite_method,
        include_support=args.support,
        version=version,
    )
    if args.json:
        _print_json(report)
    else:
        from model.safe_text import terminal_lines

        print(terminal_lines(attainment_text(report)))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard.export.images import ChartRenderError
    from dashboard.export.service import UnknownRound, write_export
    from importers.values import ValueProblem, parse_period
    from model import fmt
    from model.access import cli_actor

    round_code = args.round
    out = Path(args.output)
    try:
        as_of = parse_period(args.as_of) if args.as_of else None
    except ValueProblem as problem:
        return _usage(problem.message)
    if not out.parent.is_dir():
        return _usage(f"mappen {out.parent} finnes ikke.")
    proposal = None
    if args.forslag:
        try:
            proposal = Path(args.forslag).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as failed:
            why = (
                "filen finnes ikke"
                if isinstance(failed, FileNotFoundError)
                else "den er ikke en tekstfil i UTF-8"
                if isinstance(failed, UnicodeDecodeError)
                else "filen kan ikke leses"
            )
            return _usage(f"kunne ikke lese forslaget til vedtak fra {args.forslag}: {why}.")
        if not proposal:
            return _usage(f"{args.forslag} er tom.")
    try:
        result = write_export(
            _engine(args),
            args.format,
            out,
            round_code,
            actor=cli_actor(args.user),
            cut_off=as_of,
            proposal=proposal,
        )
    except UnknownRound as unknown:
        print(str(unknown), file=sys.stderr)
        return EXIT_USAGE
    except ChartRenderError as failed:
        print(str(failed), file=sys.stderr)
        return EXIT_USAGE
    except OSError as failed:
        print(f"Kunne ikke skrive {out}: {failed.strerror or failed}", file=sys.stderr)
        return EXIT_USAGE
    size = (
        f"{fmt.number(result.size / 1024, 0)} kB"
        if result.size < 1024 * 1024
        else f"{fmt.number(result.size / 1024 / 1024, 1)} MB"
    )
    print(
        f"Møtepakken for {result.round} ({round_words(result.round)}) er skrevet til "
        f"{result.path} ({size}, {fmt.number(result.seconds, 1)} s)."
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.serve import database_lines, serve
    from model.db import describe_url
    from model.settings import get_settings

    engine = _engine(args)
    default = not args.db and not get_settings().db_url
    if args.db:
        os.environ["EHELSE_DB_URL"] = args.db
    described = describe_url(str(engine.url.render_as_string(hide_password=False)))
    return serve(
        port=args.port, address=args.address, database=database_lines(described, default=default)
    )


def cmd_role(args: argparse.Namespace) -> int:
    from model.access import cli_actor
    from model.roles import RoleError, grant_role, list_grants, revoke_role, role_label
    from model.settings import get_settings

    if not args.role_command:
        return _usage("velg list, grant eller revoke.")
    engine = _engine(args)
    try:
        if args.role_command == "list":
            grants = list_grants(engine, get_settings().roles_file)
            if args.json:
                _print_json(
                    {
                        "grants": [
                            {"subject": g.subject, "role": str(g.role), "source": g.source}
                            for g in grants
                        ]
                    }
                )
            elif not grants:
                print("Ingen roller er tildelt. Innloggede brukere får standardrollen.")
            else:
                from model.fmt import text_table
                from model.safe_text import terminal

                rows = [(terminal(g.subject), role_label(g.role), g.source) for g in grants]
                print("\n".join(text_table(("Bruker eller gruppe", "Rolle", "Kilde"), rows)))
            return EXIT_OK
        actor = cli_actor(args.user)
        if args.role_command == "grant":
            grant = grant_role(engine, args.subject, args.role, actor=actor)
            print(f"{grant.subject} har nå rollen {role_label(grant.role).lower()}.")
            return EXIT_OK
        if revoke_role(engine, args.subject, actor=actor):
            print(f"Rollen til {args.subject} i databasen er fjernet.")
            return EXIT_OK
        print(f"{args.subject} har ingen rolle i databasen.", file=sys.stderr)
        return EXIT_REFUSED
    except RoleError as problem:
        return _usage(str(problem))


def cmd_backup(args: argparse.Namespace) -> int:
    from model.access import cli_actor
    from model.backup import BackupError, backup

    try:
        result = backup(
            _engine(args), Path(args.output), actor=cli_actor(args.user), fmt=args.format
        )
    except BackupError as problem:
        print(f"Feil: {problem}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"Sikkerhetskopien er skrevet til {result.path} ({result.format}, "
        f"{result.rows} rader i {result.tables} tabeller)."
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from model.access import cli_actor
    from model.backup import BackupError, NotEmpty, restore

    try:
        result = restore(
            _engine(args, migrate_schema=False),
            Path(args.file),
            actor=cli_actor(args.user),
            force=args.force,
        )
    except NotEmpty as problem:
        print(f"Avvist: {problem}", file=sys.stderr)
        return EXIT_REFUSED
    except BackupError as problem:
        print(f"Feil: {problem}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"Sikkerhetskopien {Path(args.file).name} er hentet tilbake ({result.format}, "
        f"{result.rows} rader i {result.tables} tabeller)."
    )
    return EXIT_OK


COMMANDS = {
    "import": cmd_import,
    "template": cmd_template,
    "round": cmd_round,
    "sample": cmd_sample,
    "history": cmd_history,
    "rollback": cmd_rollback,
    "status": cmd_status,
    "cases": cmd_cases,
    "attainment": cmd_attainment,
    "export": cmd_export,
    "role": cmd_role,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    with norwegian_argparse():
        parser = build_parser()
        args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    from sqlalchemy.exc import OperationalError

    from model.access import PermissionDenied

    try:
        return COMMANDS[args.command](args)
    except PermissionDenied as denied:
        print(f"Ikke tillatt: {denied}", file=sys.stderr)
        return EXIT_REFUSED
    except OperationalError as exc:
        print(f"Kan ikke bruke databasen: {exc.orig}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Avbrutt.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
