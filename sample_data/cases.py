"""The sample council cases (formats.md §8): NUIT and Nasjonalt e-helseråd, 2024–2025.

Twelve meetings and 25 cases in the style of the real papers (NUIT 3/2025 and 4/2025 are taken
from the seeds: saker 26/25, 27/25, 29/25, 33/25, 39/25, 40/25 and 41/25 with their proposals and
decisions). The cases name measures and indicators of the sample portfolio and indicator set, and
some decisions ask for a follow-up by a round. With the sample's latest round 2025-K4 four of them
are *open* (NUIT 17/25 and 41/25, Nasjonalt e-helseråd 11/24 and 4/25), five have been answered
by a later case, and one (NUIT 29/25) is not due yet. Nasjonalt e-helseråd's meeting of
11 December 2025 has not decided yet: its cases carry a proposal and no decision; its portfolio
case's proposal is drafted from the 2025-K4 data (:func:`model.cases.draft_proposal`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from importers.cases import CASE_SCHEMA, MEETING_SCHEMA
from importers.sheets import headers

MEETING_HEADERS: tuple[str, ...] = headers(MEETING_SCHEMA)
CASE_HEADERS: tuple[str, ...] = headers(CASE_SCHEMA)

NUIT = "NUIT"
EHR = "Nasjonalt e-helseråd"
STORO = "Helsedirektoratet, Vitaminveien 4, Storo Oslo"
DIGITAL = "Digitalt møte (Teams)"

MEETINGS: tuple[tuple[str, str, date, str], ...] = (
    ("NUIT-2024-1", NUIT, date(2024, 2, 8), STORO),
    ("EHR-2024-1", EHR, date(2024, 3, 14), STORO),
    ("NUIT-2024-2", NUIT, date(2024, 5, 30), DIGITAL),
    ("NUIT-2024-3", NUIT, date(2024, 9, 19), STORO),
    ("EHR-2024-2", EHR, date(2024, 10, 17), STORO),
    ("NUIT-2024-4", NUIT, date(2024, 11, 28), STORO),
    ("NUIT-2025-1", NUIT, date(2025, 2, 13), STORO),
    ("EHR-2025-1", EHR, date(2025, 3, 20), STORO),
    ("NUIT-2025-2", NUIT, date(2025, 5, 15), DIGITAL),
    ("NUIT-2025-3", NUIT, date(2025, 9, 11), STORO),
    ("NUIT-2025-4", NUIT, date(2025, 11, 20), STORO),
    ("EHR-2025-2", EHR, date(2025, 12, 11), STORO),
)

STATUS_TITLE = "Status nasjonal e-helseportefølje"
STATUS_DISCUSSED = (
    "NUIT drøftet status og fremlagte utfordringer i nasjonal e-helseportefølje og ber relevante "
    "aktører ta med seg innspill gitt i møtet i det videre arbeidet."
)
ALL_STRATEGIC = "S1, S2, S3, S4, S5"
ALL_GOALS = "O1, O2, O3, S1, S2, S3, S4, S5"


def _case(
    number: str,
    meeting: str,
    title: str,
    kind: str,
    proposal: str,
    decision: str | None = None,
    *,
    measures: str = "",
    indicators: str = "",
    goals: str = "",
    round_code: str = "",
    follow_up: str = "",
) -> dict[str, Any]:
    """One row of the sheet ``Saker``; ``decision`` None: the same words as the proposal,
    ``""``: not decided yet."""
    return {
        "Saksnummer": number,
        "Møte-ID": meeting,
        "Tittel": title,
        "Sakstype": kind,
        "Forslag til vedtak": proposal,
        "Vedtak": proposal if decision is None else decision,
        "Tiltak": measures or None,
        "Indikatorer": indicators or None,
        "Mål": goals or None,
        "Runde": round_code or None,
        "Oppfølging innen": follow_up or None,
    }


def case_rows(k4_red: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """The rows of the sheet ``Saker``; ``k4_red`` are the red measures of round 2025-K4
    (Tiltak-ID, name, owner), from which Nasjonalt e-helseråd's proposal is drafted."""
    from model.cases import draft_proposal

    return [
        # NUIT 2024
        _case(
            "3/24",
            "NUIT-2024-1",
            STATUS_TITLE,
            "Drøfting",
            STATUS_DISCUSSED,
            measures="T-0045",
            indicators="S5-01",
            goals="S5",
            round_code="2023-K4",
        ),
        _case(
            "5/24",
            "NUIT-2024-1",
            "Pasientens legemiddelliste – plan for utprøving i Helse Nord",
            "Drøfting",
            "NUIT drøftet planen for utprøving av Pasientens legemiddelliste i Helse Nord.",
            "NUIT drøftet planen for utprøving av Pasientens legemiddelliste i Helse Nord og ber "
            "Helse Nord RHF komme tilbake med status for utprøvingen innen 3. kvartal 2024.",
            measures="T-0001, T-0062",
            indicators="S2-03",
            goals="S2, S4",
            follow_up="2024-K3",
        ),
        _case(
            "16/24",
            "NUIT-2024-2",
            "Innføring av SNOMED CT i spesialisthelsetjenesten",
            "Drøfting",
            "NUIT drøftet forsinkelsene i innføringen av SNOMED CT.",
            "NUIT drøftet forsinkelsene i innføringen av SNOMED CT og ber Helse Midt-Norge RHF "
            "legge frem en revidert plan for innføringen.",
            measures="T-0011",
            goals="S3, S4",
            round_code="2024-K2",
            follow_up="2024-K4",
        ),
        _case(
            "27/24",
            "NUIT-2024-3",
            STATUS_TITLE,
            "Drøfting",
            STATUS_DISCUSSED,
            STATUS_DISCUSSED + " NUIT ber Helse Nord RHF og Helse Midt-Norge RHF legge frem tiltak "
            "for å redusere risikoen i de to tiltakene som melder rød status.",
            measures="T-0054, T-0062",
            indicators="S5-01",
            goals="S5",
            round_code="2024-K3",
            follow_up="2024-K4",
        ),
        _case(
            "29/24",
            "NUIT-2024-3",
            "Utprøving av Pasientens legemiddelliste i Helse Nord – status",
            "Orientering",
            "NUIT tar saken til orientering.",
            "NUIT tar saken til orientering og ber om at erfaringene fra utprøvingen legges frem "
            "når den er evaluert.",
            measures="T-0062, T-0001",
            indicators="S2-03",
            goals="S2, S4",
            follow_up="2025-K2",
        ),
        _case(
            "30/24",
            "NUIT-2024-3",
            "KI-basert triage i akuttmottak – erfaringer fra piloten",
            "Orientering",
            "NUIT tar saken til orientering.",
            measures="T-0054",
            indicators="S2-05",
            goals="S2",
        ),
        _case(
            "38/24",
            "NUIT-2024-4",
            STATUS_TITLE,
            "Drøfting",
            STATUS_DISCUSSED,
            STATUS_DISCUSSED + " NUIT merker seg at innføringen av SNOMED CT er tilbake på sporet, "
            "og at utprøvingen av Pasientens legemiddelliste i Helse Nord fortsatt melder rød status.",
            measures="T-0062, T-0011, T-0054",
            indicators="S5-01",
            goals="S5",
            round_code="2024-K4",
        ),
        _case(
            "40/24",
            "NUIT-2024-4",
            "Helseteknologiordningen – prioriteringer for 2025",
            "Beslutning",
            "NUIT slutter seg til de foreslåtte prioriteringene i Helseteknologiordningen for 2025.",
            measures="T-0065",
            indicators="S5-04",
            goals="S5",
        ),
        # NUIT 2025
        _case(
            "4/25",
            "NUIT-2025-1",
            "Oppfølging nasjonal e-helsestrategi 1. kvartal 2025",
            "Drøfting",
            "NUIT stiller seg bak fremlagte status- og fremdrift for realiseringen av nasjonal "
            "e-helsestrategi.",
            "NUIT stiller seg bak fremlagte status- og fremdrift for realiseringen av nasjonal "
            "e-helsestrategi. NUIT ga også innspill til hvilke strategiske tema som det er viktigst "
            "å drøfte i nasjonal rådsmodell for e-helse.",
            indicators="S1-01, S4-01, S5-01",
            goals=ALL_STRATEGIC,
        ),
        _case(
            "6/25",
            "NUIT-2025-1",
            STATUS_TITLE,
            "Drøfting",
            STATUS_DISCUSSED,
            STATUS_DISCUSSED + " NUIT ber Helsedirektoratet komme tilbake med en vurdering av "
            "fremdriften i Nasjonal kodeverk- og terminologiløsning.",
            measures="T-0010",
            indicators="S5-01",
            goals="S5",
            round_code="2025-K1",
            follow_up="2025-K2",
        ),
        _case(
            "15/25",
            "NUIT-2025-2",
            STATUS_TITLE,
            "Drøfting",
            STATUS_DISCUSSED,
            STATUS_DISCUSSED + " NUIT tar Helsedirektoratets vurdering av Nasjonal kodeverk- og "
            "terminologiløsning til orientering.",
            measures="T-0030, T-0010",
            indicators="S5-01",
            goals="S5",
            round_code="2025-K2",
        ),
        _case(
            "17/25",
            "NUIT-2025-2",
            "Pasientens legemiddelliste – erfaringer fra utprøvingen i nord og vest",
            "Drøfting",
            "NUIT drøftet erfaringene fra utprøvingen av Pasientens legemiddelliste.",
            "NUIT drøftet erfaringene fra utprøvingen av Pasientens legemiddelliste og ber "
            "Helsedirektoratet legge frem en samlet plan for innføringen i kommunene innen "
            "4. kvartal 2025.",
            measures="T-0001, T-0062, T-0063, T-0070",
            indicators="S2-04",
            goals="S2, S4",
            follow_up="2025-K4",
        ),
        _case(
            "26/25",
            "NUIT-2025-3",
            "Endringer i Veikart for nasjonal e-helsestrategi",
            "Drøfting",
            "NUIT ga innspill til oppdatert veikart og foreslåtte delmål.",
            "NUIT stiller seg bak oppdatert Veikart for nasjonal e-helsestrategi. NUIT anbefaler "
            "nye delmål i veikartet til Q1 2026, med økt fokus på resultater og realisering av "
            "gevinster.",
            goals=ALL_STRATEGIC,
        ),
        _case(
            "27/25",
            "NUIT-2025-3",
            "Anskaffelse DHO-løsning for Nordlandssykehuset HF med opsjoner for kommuner og sykehus "
            "i Nord-Norge",
            "Drøfting",
            "NUIT drøfter saken.",
            "NUIT drøftet saken og oppfordret til gjenbruk av anskaffelsen gjennomført i regi av "
            "Sykehusinnkjøp ANS.",
            measures="T-0066, T-0018",
            goals="S1, S4",
        ),
        _case(
            "29/25",
            "NUIT-2025-3",
            "Kvalitetsprosjekt for uønskede hendelser",
            "Drøfting",
            "NUIT drøfter saken.",
            "NUIT ber FHI ta med seg innspill til hvordan prosjektet skal kunne bli prioritert av "
            "involverte innenfor betingelser gitt i oppdraget av Helse- og omsorgsdepartementet.",
            measures="T-0075",
            goals="S3",
            follow_up="2026-K1",
        ),
        _case(
            "33/25",
            "NUIT-2025-4",
            "Godkjenning av innkalling og dagsorden",
            "Godkjenning",
            "NUIT godkjenner innkalling og dagsorden.",
        ),
        _case(
            "39/25",
            "NUIT-2025-4",
            "Nye medlems- og bruksvilkår i Helsenettet",
            "Orientering",
            "NUIT tar saken til orientering.",
            measures="T-0043, T-0089",
            indicators="S5-03",
            goals="S5",
        ),
        _case(
            "40/25",
            "NUIT-2025-4",
            "Nasjonal e-helsestrategi – strategiske indikatorer",
            "Drøfting",
            "NUIT ga innspill til det foreslåtte indikatorsettet og innspill til videre "
            "involvering av sektor i arbeidet.",
            indicators="O1-01, O2-03, S1-01, S2-01, S3-01, S4-01, S5-01",
            goals=ALL_GOALS,
        ),
        _case(
            "41/25",
            "NUIT-2025-4",
            STATUS_TITLE,
            "Drøfting",
            STATUS_DISCUSSED,
            STATUS_DISCUSSED + " NUIT ber Norsk helsenett SF komme tilbake med en plan for å få "
            "«Mine timeavtaler» tilbake på sporet.",
            measures="T-0057",
            indicators="S5-01",
            goals="S5",
            round_code="2025-K3",
            follow_up="2025-K4",
        ),
        # Nasjonalt e-helseråd
        _case(
            "3/24",
            "EHR-2024-1",
            "Nasjonal e-helsestrategi – status for gjennomføringen",
            "Drøfting",
            "Nasjonalt e-helseråd stiller seg bak fremlagte status for gjennomføringen av "
            "nasjonal e-helsestrategi.",
            indicators="S1-01, S4-01, S5-01",
            goals=ALL_STRATEGIC,
        ),
        _case(
            "11/24",
            "EHR-2024-2",
            "Kunstig intelligens – felles KI-plan for helse- og omsorgssektoren",
            "Drøfting",
            "Nasjonalt e-helseråd ga innspill til felles KI-plan.",
            "Nasjonalt e-helseråd ga innspill til felles KI-plan og ber Helsedirektoratet legge "
            "frem status for planen innen 2. kvartal 2025.",
            measures="T-0054, T-0058, T-0059",
            indicators="S2-05",
            goals="S2, S3",
            follow_up="2025-K2",
        ),
        _case(
            "4/25",
            "EHR-2025-1",
            "Nasjonal e-helsestrategi og hypoteser til gap",
            "Drøfting",
            "Nasjonalt e-helseråd ga innspill til hypoteser om gap i gjennomføringen av nasjonal "
            "e-helsestrategi.",
            "Nasjonalt e-helseråd ga innspill til hypoteser om gap i gjennomføringen av nasjonal "
            "e-helsestrategi og stiller seg bak fremlagte status for realiseringen av strategien "
            "med de innspill som kom opp under drøftingen.",
            indicators="S1-01, S2-01",
            goals=ALL_STRATEGIC,
            follow_up="2025-K4",
        ),
        _case(
            "12/25",
            "EHR-2025-2",
            "Nasjonal e-helsestrategi – strategiske indikatorer",
            "Drøfting",
            "Nasjonalt e-helseråd ga innspill til det foreslåtte indikatorsettet og til videre "
            "arbeid med ambisjonsnivå for 2030.",
            "",
            indicators="O1-01, O2-03, S1-01, S2-01, S2-03, S3-01, S4-01, S5-01",
            goals=ALL_GOALS,
        ),
        _case(
            "13/25",
            "EHR-2025-2",
            "Felles KI-plan 2026–2027",
            "Drøfting",
            "Innspill fra Nasjonalt e-helseråd tas med inn i det videre arbeidet med Felles "
            "KI-plan for 2026–2027.",
            "",
            measures="T-0081, T-0082, T-0058",
            indicators="S2-05, S2-07",
            goals="S2",
        ),
        _case(
            "14/25",
            "EHR-2025-2",
            f"{STATUS_TITLE} 2025-K4",
            "Orientering",
            draft_proposal("2025-K4", k4_red, forum=EHR),
            "",
            measures=", ".join(code for code, _name, _owner in sorted(k4_red)),
            indicators="S5-01",
            goals="S5",
            round_code="2025-K4",
        ),
    ]
