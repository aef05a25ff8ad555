"""Last opp: upload a workbook, see every problem with sheet/row/column, preview what will change,
and only then confirm. Nothing is written before the confirm button."""

from __future__ import annotations

import hashlib
import logging
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.auth import current_actor, require_page
from dashboard.components import md_escape, page_setup, text_table
from dashboard.data import cached, engine
from dashboard.theme import status_cell, status_label
from importers.preview import preview_for, summary_nb
from importers.service import client_file_name, import_file
from importers.templates import template_bytes
from model import fmt, queries
from model.fmt import count_word, shorten
from model.labels import BATCH_KIND_DOCUMENTS_NB
from model.periods import finish_text
from model.safe_text import frame_csv
from model.settings import get_settings
from model.vocab import BatchKind

ACCEPTED = ["xlsx", "xlsm", "ods", "csv"]

#: Streamlit's file uploader checks the size and type in the browser and says so in English
#: («File must be 26.0MB or smaller.»). This static script (no user data in it) puts the
#: Norwegian sentence in its place whenever one appears.
UPLOADER_NB = r"""<script>
(() => {
  const rules = [
    [/^File must be .* or smaller\.$/, "Filen er for stor. Største filstørrelse er %LIMIT% MB."],
    [/files? (are|is) not allowed\.$/, "Filtypen støttes ikke. Last opp .xlsx, .xlsm, .ods eller .csv."],
    [/^File size is too small\.$/, "Filen er tom."],
    [/^Only one file is allowed\.$/, "Last opp én fil om gangen."],
    // The chosen file's size the Norwegian way: «15.9KB» → «15,9 KB».
    [/^(\d+)(?:\.(\d+))?\s?(B|KB|MB|GB)$/, (_, whole, part, unit) =>
      whole + (part ? "," + part : "") + "\u00a0" + unit],
  ];
  const fix = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.nodeValue.trim();
      for (const [pattern, nb] of rules) {
        if (pattern.test(text)) n.nodeValue = typeof nb === "function" ? text.replace(pattern, nb) : nb;
      }
    }
  };
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  if (doc.__ehelseUploaderNb) return;
  doc.__ehelseUploaderNb = true;
  new MutationObserver(() => {
    doc.querySelectorAll('[data-testid="stFileUploader"]').forEach(fix);
  }).observe(doc.body, {subtree: true, childList: true, characterData: true});
})();
</script>"""
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe_suffix(name: str) -> str:
    """Only the extension of the client's file name is used, never its path."""
    suffix = Path(name).suffix.lower()
    return suffix if suffix in {f".{a}" for a in ACCEPTED} else ".bin"


def _run(
    data: bytes,
    name: str,
    *,
    dry_run: bool,
    round_arg: str | None,
    version_arg: str | None,
    replace: bool = False,
) -> Any:
    bar = st.progress(0.0, text="Starter …")

    def progress(fraction: float, message: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=message)

    # The client's file name is never a path here: a fixed name in a private temporary folder
    # that is removed when the check or load ends, whatever happens.
    with tempfile.TemporaryDirectory(prefix="ehelse-upload-") as folder:
        path = Path(folder) / f"opplasting{_safe_suffix(name)}"
        path.write_bytes(data)
        result = import_file(
            engine(),
            path,
            actor=current_actor(),
            file_name=name,
            dry_run=dry_run,
            round_arg=round_arg,
            version_arg=version_arg,
            progress=progress,
            replace=replace,
            surface="web",
        )
    bar.empty()
    return result


def _unexpected(name: str, during: str) -> None:
    """A fault in the program (not in the file): say so in Norwegian, log the details for the
    operator (the server's log), show no traceback and no server path."""
    logging.getLogger("ehelse.last_opp").exception("Uventet feil under %s av en opplasting", during)
    st.error(
        f"Noe gikk galt under {during} av «{md_escape(name)}». Ingenting er lagret. Feilen er "
        "skrevet i serverens logg; gi beskjed til den som drifter dashbordet, og prøv igjen "
        "senere."
    )


def _issues_table(issues: list) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Ark": [i.sheet or "–" for i in issues],
            "Rad": [str(i.row) if i.row is not None else "–" for i in issues],
            "Kolonne": [i.column or "–" for i in issues],
            "Problem": [i.title for i in issues],
            "Melding": [i.message for i in issues],
            "Verdi": ["" if i.value is None else str(i.value) for i in issues],
        }
    )


def _templates() -> None:
    with st.expander("Maler og regler", expanded=False):
        st.markdown(
            "Last ned en tom mal. Den har et ark «Veiledning» med reglene, nedtrekkslister for alle "
            "faste verdier og eksempelrader (rader der ID-en begynner med EKSEMPEL lastes ikke inn)."
        )
        c1, c2, c3 = st.columns(3)
        c1.download_button(
            "Last ned mal for porteføljerapport",
            template_bytes("portfolio"),
            file_name="mal_portefolje.xlsx",
            mime=XLSX_MIME,
            key="tpl_p",
        )
        c2.download_button(
            "Last ned mal for indikatorer",
            template_bytes("indicators"),
            file_name="mal_indikatorer.xlsx",
            mime=XLSX_MIME,
            key="tpl_i",
        )
        c3.download_button(
            "Last ned mal for saker og vedtak",
            template_bytes("cases"),
            file_name="mal_saker.xlsx",
            mime=XLSX_MIME,
            key="tpl_c",
        )


def _prefilled() -> None:
    """The prefilled workbooks of the rounds open for reporting (formats.md §6)."""
    from dashboard.prefill_widgets import prefilled_downloads

    states = cached(queries.round_states)()
    open_rounds = sorted((r for r, s in states.items() if s in ("open", "reopened")), reverse=True)
    if not open_rounds:
        return
    with st.expander(f"Forhåndsutfylte arbeidsbøker for {', '.join(open_rounds)}", expanded=False):
        chosen = (
            st.selectbox("Runde", open_rounds, key="last_opp_prefill_round")
            if len(open_rounds) > 1
            else open_rounds[0]
        )
        prefilled_downloads(chosen, key="last_opp")


def render() -> None:
    page_setup()
    st.title("Last opp")
    require_page("import")
    limit = fmt.trimmed(get_settings().max_upload_mb)
    st.markdown(
        "Last opp en porteføljerapport for en rapporteringsrunde, en indikatorarbeidsbok eller en "
        "saksarbeidsbok med møter, saker og vedtak (.xlsx, .xlsm, .ods eller .csv). Filen kontrolleres først; **ingenting lagres før du bekrefter**."
    )
    _templates()
    _prefilled()
    # The limit is said once, in the label (Streamlit's own «26MB per file» line, whose number
    # sits 1 MB above the importer's, is replaced by «Én fil om gangen»: framework_nb.py).
    uploaded = st.file_uploader(f"Velg fil (høyst {limit} MB)", type=ACCEPTED, key="upload")
    st.html(UPLOADER_NB.replace("%LIMIT%", limit), unsafe_allow_javascript=True)
    with st.expander("Valgfritt: runde eller versjon (for .csv-filer uten arket «Om rapporten»)"):
        c1, c2 = st.columns(2)
        round_arg = (
            c1.text_input("Rapporteringsrunde", placeholder="2025-K3", key="round_arg").strip()
            or None
        )
        version_arg = (
            c2.text_input("Indikatorsett-versjon", placeholder="v0.8", key="version_arg").strip()
            or None
        )
    if uploaded is None:
        st.session_state.pop("checked", None)
        return
    data = uploaded.getvalue()
    name = client_file_name(uploaded.name)
    sha = hashlib.sha256(data).hexdigest()
    replace = st.session_state.get("replace_round_for") == sha
    key = (sha, name, round_arg, version_arg, replace)
    checked = st.session_state.get("checked")
    if not checked or checked["key"] != key:
        if round_arg:
            from importers.values import ValueProblem, parse_round

            try:
                round_arg = parse_round(round_arg)
            except ValueProblem as problem:
                st.error(problem.message)
                return
        try:
            result = _run(
                data,
                name,
                dry_run=True,
                round_arg=round_arg,
                version_arg=version_arg,
                replace=replace,
            )
            preview = None
            if result.report.ok and result.data is not None:
                preview = preview_for(engine(), result.report.kind, result.data)
        except Exception:  # noqa: BLE001 - a Norwegian sentence, never a traceback or a path
            _unexpected(name, "kontrollen")
            return
        checked = {
            "key": key,
            "report": result.report,
            "preview": preview,
            "loaded": None,
            "replace": replace,
            "codes": [r["code"] for r in getattr(result.data, "reports", None) or []],
            "owner": result.data.owner if getattr(result.data, "submission", False) else None,
        }
        st.session_state["checked"] = checked
    _show(checked, data, name, round_arg, version_arg)


def _show(
    checked: dict, data: bytes, name: str, round_arg: str | None, version_arg: str | None
) -> None:
    report = checked["report"]
    if checked["loaded"] is not None:
        _show_loaded(checked["loaded"], md_escape(name))
        return
    _show_check(report, name)
    if report.errors:
        return
    if checked.get("replace"):
        _replace_warning(report.round, checked.get("codes") or [])
    if checked.get("owner"):
        st.info(
            f"Dette er innrapporteringen fra {md_escape(checked['owner'])} til runden "
            f"{md_escape(report.round)}. Den erstatter bare tiltakene til "
            f"{md_escape(checked['owner'])} i runden; de andre tiltakseiernes tiltak står urørt.",
            icon=":material/assignment_turned_in:",
        )
    PREVIEWS[report.kind or BatchKind.INDICATORS](checked["preview"])
    if st.button("Bekreft og last inn", type="primary", key="confirm"):
        _confirm(checked, data, name, round_arg, version_arg)


def _show_loaded(loaded: Any, shown: str) -> None:
    """The outcome of the confirmed load: loaded, or the same file loaded before."""
    if loaded.status == "loaded":
        st.success(
            f"«{shown}» er lastet inn som import nummer {loaded.batch_id} "
            f"({count_word(loaded.rows, 'rad', 'rader')}). "
            "Oversikten viser nå de nye dataene; importen kan angres under Importhistorikk."
        )
    else:
        st.info(
            f"«{shown}» var allerede lastet inn (import {loaded.batch_id}). Ingenting er endret."
        )


def _show_check(report: Any, name: str) -> None:
    """The check's verdict: the errors (with the list to download) or what was found, then the
    warnings."""
    shown = md_escape(name)
    if report.errors:
        st.error(
            f"«{shown}» kan ikke lastes inn: {len(report.errors)} feil må rettes. "
            "Ingenting er lagret. "
            "Rett feilene i filen og last den opp på nytt."
        )
        errors = _issues_table(report.errors)
        text_table(errors, limit=200)
        st.download_button(
            "Last ned feillisten (CSV)",
            frame_csv(errors),
            file_name=f"feil_{Path(name).stem}.csv",
            mime="text/csv",
            key="errors_csv",
        )
        if {e.code for e in report.errors} == {"round-exists"}:
            _replace_choice(report.round)
    else:
        what = BATCH_KIND_DOCUMENTS_NB.get(report.kind or "", "fil")
        st.success(
            f"«{shown}» er kontrollert: en {what}"
            + (f" for {md_escape(report.round)}" if report.round else "")
            + (f", indikatorsett {md_escape(report.version)}" if report.version else "")
            + f", {count_word(report.rows, 'rad', 'rader')} uten feil."
        )
    if report.warnings:
        st.warning(
            f"{count_word(len(report.warnings), 'advarsel', 'advarsler')} "
            "(filen kan likevel lastes inn):"
        )
        text_table(_issues_table(report.warnings), limit=200)


def _confirm(
    checked: dict, data: bytes, name: str, round_arg: str | None, version_arg: str | None
) -> None:
    """Load the checked file for real and rerun to show the outcome."""
    try:
        result = _run(
            data,
            name,
            dry_run=False,
            round_arg=round_arg,
            version_arg=version_arg,
            replace=bool(checked.get("replace")),
        )
    except Exception:  # noqa: BLE001 - the transaction rolled back: nothing was written
        _unexpected(name, "innlastingen")
        return
    if result.report.errors:
        checked["report"] = result.report
        st.rerun()
    checked["loaded"] = result.report
    st.rerun()


def _replace_choice(round_code: str | None) -> None:
    """A whole-round file over a round that has data: replaced only when the user says so."""
    st.markdown(
        f"Vil du erstatte hele runden {md_escape(round_code)} med denne filen? Du får se hvilke "
        "tiltak som forsvinner før noe lagres."
    )
    if st.checkbox(f"Ja, erstatt hele runden {md_escape(round_code)}", key="replace_round_box"):
        st.session_state["replace_round_for"] = st.session_state["checked"]["key"][0]
        st.rerun()


def _replace_warning(round_code: str | None, codes: list[str]) -> None:
    """Name what disappears when a whole round is replaced (formats.md §6)."""
    from model.rounds import replaced_measures

    gone = replaced_measures(engine(), round_code or "", codes)
    # Names when few; IDs only when many (a wall of names is not read).
    named = (
        ", ".join(f"{c} {n}" for c, n in gone) if len(gone) <= 10 else ", ".join(c for c, _ in gone)
    )
    st.warning(
        f"Hele runden {md_escape(round_code)} blir erstattet av denne filen. "
        + (
            f"Disse {len(gone)} tiltakene står ikke i filen og forsvinner fra runden: "
            + md_escape(named)
            + "."
            if gone
            else "Ingen tiltak forsvinner; alle tiltakene i runden står i filen."
        ),
        icon=":material/warning:",
    )


#: The field-by-field lists of a portfolio preview: (key, heading, field shown in Fra/Til).
_FIELD_TABLES = (
    ("changed", "Endret farge (Samlet status)", "status"),
    ("state_changed", "Endret tilstand", "text"),
    ("phase_changed", "Endret fase", "text"),
    ("finish_changed", "Endret planlagt ferdig", "finish"),
    ("comment_changed", "Endret statuskommentar", "comment"),
)


def _cell(kind: str, value: Any) -> str:
    if value is None:
        return "(tom)"
    if kind == "status":
        return status_label(value)
    if kind == "finish":
        return finish_text(value)
    if kind == "comment":
        return shorten(value, 300)
    return str(value)


def _preview_portfolio(preview: dict) -> None:
    st.subheader("Dette blir endret")
    summary = summary_nb(preview)
    if preview["unchanged"]:
        st.info(
            f"**Uendret.** Filen er lik runden {md_escape(preview['round'])} slik den er lagret: "
            "ingen tiltak, farger, tilstander, faser, datoer eller kommentarer blir endret."
        )
        return
    if preview["replaces"]:
        st.warning(
            f"Runden {md_escape(preview['round'])} finnes fra før. Filen erstatter den; endringene "
            "under er sammenlignet med runden slik den er lagret nå (den gamle importen kan hentes "
            "tilbake ved å angre den nye)."
        )
    basis = (
        f"sammenlignet med {preview['compared_with']}"
        + (" slik den er lagret" if preview["replaces"] else "")
        if preview["compared_with"]
        else "første runde i databasen, så alle tiltak er nye"
    )
    st.markdown(f"**{md_escape(summary)}** ({md_escape(basis)}; {preview['rows']} tiltak i filen.)")
    if not preview["compared_with"]:
        return
    metrics = (
        ("Nye tiltak", "new"),
        ("Endret farge", "changed"),
        ("Endret tilstand", "state_changed"),
        ("Endret fase", "phase_changed"),
        ("Endret planlagt ferdig", "finish_changed"),
        ("Endret kommentar", "comment_changed"),
        ("Nylig ferdigstilt", "completed"),
        ("Ikke med lenger", "removed"),
    )
    for start in (0, 4):
        cols = st.columns(4)
        for col, (label, key) in zip(cols, metrics[start : start + 4], strict=True):
            col.metric(label, len(preview[key]), border=True)
    for key, heading, columns in _portfolio_lists(preview["compared_with"]):
        if preview[key]:
            st.markdown(heading)
            text_table(
                pd.DataFrame({title: [cell(n) for n in preview[key]] for title, cell in columns}),
                limit=200,
            )


def _code(n: dict) -> str:
    return n["code"]


def _name(n: dict) -> str:
    return shorten(n["name"])


def _owner(n: dict) -> str:
    return n["owner"]


def _field_columns(kind: str) -> tuple:
    """Fra/Til of one field, worded by its kind."""
    return (
        ("Tiltak-ID", _code),
        ("Tiltak", _name),
        ("Fra", lambda n: _cell(kind, n["from"])),
        ("Til", lambda n: _cell(kind, n["to"])),
    )


def _portfolio_lists(compared_with: str) -> list[tuple[str, str, tuple]]:
    """The lists of a portfolio preview: (key, heading in Markdown, (column, cell) pairs)."""
    return [
        (
            "new",
            "**Nye tiltak**",
            (
                ("Tiltak-ID", _code),
                ("Tiltak", _name),
                ("Tiltakseier", _owner),
                ("Samlet status", lambda n: status_cell(n["status"])),
            ),
        ),
        *((key, f"**{heading}**", _field_columns(kind)) for key, heading, kind in _FIELD_TABLES),
        (
            "completed",
            "**Nylig ferdigstilt** (Tilstand er Ferdigstilt i denne filen)",
            (("Tiltak-ID", _code), ("Tiltak", _name)),
        ),
        (
            "removed",
            "**Ikke med i filen** (var med i "
            + md_escape(compared_with)
            + "; de forsvinner fra runden)",
            (("Tiltak-ID", _code), ("Tiltak", _name), ("Tiltakseier", _owner)),
        ),
        (
            "other_changed",
            "**Andre endringer**",
            (
                ("Tiltak-ID", _code),
                ("Tiltak", _name),
                ("Felt", lambda n: ", ".join(n["fields"])),
            ),
        ),
    ]


def _preview_indicators(preview: dict) -> None:
    st.subheader("Dette blir endret")
    c = st.columns(4)
    c[0].metric("Indikatorer i filen", preview["indicators"], border=True)
    c[1].metric("Nye indikatorer", len(preview["new_indicators"]), border=True)
    c[2].metric("Nye verdier", preview["new_values"], border=True)
    c[3].metric("Endrede verdier", preview["changed_values"], border=True)
    if preview["version"]:
        st.caption(f"Indikatorsett {md_escape(preview['version'])}.")


def _preview_cases(preview: dict) -> None:
    st.subheader("Dette blir endret")
    c = st.columns(4)
    c[0].metric("Nye møter", len(preview["new_meetings"]), border=True)
    c[1].metric("Nye saker", len(preview["new_cases"]), border=True)
    c[2].metric("Endrede saker", len(preview["changed_cases"]), border=True)
    c[3].metric("Nye vedtak", len(preview["decisions"]), border=True)
    if preview["changed_meetings"]:
        st.caption(
            "Endret dato, sted eller forum for møtene: "
            + md_escape(", ".join(preview["changed_meetings"]))
            + "."
        )
    for key, heading in (("changed_cases", "Endrede saker"), ("decisions", "Nye vedtak")):
        if preview[key]:
            st.markdown(f"**{heading}**")
            st.dataframe(
                pd.DataFrame(
                    {
                        "Forum": [n["forum"] for n in preview[key]],
                        "Sak": [n["number"] for n in preview[key]],
                        "Tittel": [n["title"] for n in preview[key]],
                    }
                ),
                hide_index=True,
                key=f"preview_{key}",
            )


#: How the upload page shows each kind's preview (importers.kinds computes it).
PREVIEWS = {
    BatchKind.PORTFOLIO: _preview_portfolio,
    BatchKind.INDICATORS: _preview_indicators,
    BatchKind.CASES: _preview_cases,
}
