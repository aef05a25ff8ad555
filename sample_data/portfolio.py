"""The sample portfolio: twelve reporting rounds, 2023-K1 … 2025-K4 (formats.md §1).

Each measure (*tiltak*) has a scripted life cycle in :data:`CATALOGUE`: the round it enters the
report, pauses, completion or stop, and, for the measures the council talks about, the colours
and comments of particular rounds. Everything else (colour drift, dimension statuses, risk,
slipping finish dates, status comments) is drawn from a seeded :class:`random.Random`, then nudged
to per-round targets so the figures stay realistic. The 2025-K2 → 2025-K3 transition reproduces
the real meeting paper (NUIT case 41/25): 57 → 68 active, 11 new, 2 completed, 4 paused, one red
("Mine timeavtaler"), and a slightly higher share of yellow.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from importers.portfolio import MILESTONE_SCHEMA, SCHEMA
from importers.sheets import headers
from model.periods import period_end, quarter_code, quarter_number
from model.periods import quarters as all_quarters

ROUNDS: tuple[str, ...] = all_quarters("2023-K1", "2025-K4")

HEADERS: tuple[str, ...] = headers(SCHEMA)

PHASES = ("Planlegging", "Utprøving", "Gjennomføring", "Innføring", "Avsluttet")
GREEN, YELLOW, RED = "Grønn", "Gul", "Rød"

# Per-round targets among the Aktiv rows: number of red measures and share of yellow ones.
RED_TARGET = (1, 2, 1, 1, 0, 1, 2, 1, 1, 1, 1, 2)
YELLOW_SHARE = (0.27, 0.30, 0.29, 0.26, 0.28, 0.31, 0.33, 0.30, 0.28, 0.26, 0.29, 0.31)

HSO = "Helse Sør-Øst RHF"
HV = "Helse Vest RHF"
HMN = "Helse Midt-Norge RHF"
HN = "Helse Nord RHF"
NHN = "Norsk helsenett SF"
HDIR = "Helsedirektoratet"
KS = "KS"
OSLO = "Oslo kommune"
BERGEN = "Bergen kommune"
BODO = "Bodø kommune"
FHI = "Folkehelseinstituttet"
HDO = "Helsetjenestens driftsorganisasjon (HDO)"

DS = "Digital samhandling"
FG = "Felles grunnmur"
KI = "Kunstig intelligens"
HA = "Helseanalyse"
IT = "Innbyggertjenester"

PLL = "Pasientens legemiddelliste"
KJ = "Kjernejournal"
DOK = "Deling av dokumenter i kjernejournal"


@dataclass(frozen=True)
class Spec:
    """One measure's scripted life cycle. Rounds are round IDs (``2025-K3``)."""

    name: str
    owner: str
    area: str
    goals: tuple[int, ...]
    start: str
    phase0: str
    theme: str
    done: str | None = None
    linger: int = 1
    pauses: tuple[tuple[str, str], ...] = ()  # [from, to) – paused from `from` until before `to`
    stopped: str | None = None
    finish: str | None = None  # baseline Planlagt ferdig (quarter); default: done or +8 quarters
    deps: tuple[str, ...] = ()
    #: further dependencies, written in Avhengigheter but never named in a drawn comment (so the
    #: seeded draws, and with them every colour and date, stay as they were)
    also_deps: tuple[str, ...] = ()
    colours: tuple[tuple[str, str, str], ...] = ()  # (from, to inclusive, colour)
    phases: tuple[tuple[str, str], ...] = ()  # (from round, phase) overrides the computed phase
    comments: tuple[tuple[str, str], ...] = ()  # (round, exact comment)
    steady: bool = False  # rarely changes colour


def _p(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(pairs)


# fmt: off
CATALOGUE: tuple[Spec, ...] = (
    # ---- in the report from the first round, 2023-K1 -------------------------------------
    Spec(
        PLL, HDIR, DS, (2, 4), "2023-K1", "Utprøving", "pll", finish="2029-K2",
        colours=(("2023-K1", "2023-K3", YELLOW), ("2024-K4", "2025-K4", YELLOW)),
        phases=_p(("2023-K1", "Utprøving"), ("2025-K1", "Innføring")),
        comments=_p(
            ("2023-K1", "Utprøving av PLL forberedes i Bergensområdet. Avklaringer med "
             "EPJ-leverandørene om leveranseplan pågår, og manglende samtidighet i leveransene "
             "er den største risikoen."),
            ("2023-K3", "Første fastlegekontor i Bergen har startet utprøving av PLL.\n"
             "Leveransene fra EPJ-leverandørene kommer ikke samtidig, noe som gir risiko for "
             "forsinkelser i utprøvingen."),
            ("2024-K2", "Utprøvingen i Bergensområdet er utvidet til flere fastlegekontor, "
             "hjemmetjenesten i Bergen kommune og Haukeland universitetssjukehus. Utprøving i "
             "Helse Nord forberedes."),
            ("2025-K1", "Innføring i Helse Vest pågår. Målet er at minst 25 % av fastlegene har "
             "tatt i bruk PLL innen midten av 2026, 50 % i 2027 og 80 % i 2029."),
            ("2025-K3", "Det er fremdrift i arbeidet med PLL i vest, hvor over 80 % av fastlegene "
             "i Bergensområdet har startet med PLL, mens tallet for sykehusleger er over 300.\n"
             "I nord rapporterer kommunene om ressursutfordringer, og manglende samtidighet i "
             "utprøving og innføring for de ulike systemene og aktørene i PLL-samhandlingen "
             "gir forsinkelser."),
            ("2025-K4", "Spredning i Helse Vest fortsetter etter plan. I Helse Nord er ny "
             "innføringsplan for kommunene under utarbeidelse sammen med KS.\n"
             "Innføring i Helse Sør-Øst og Helse Midt-Norge er avhengig av leveranser fra "
             "EPJ-leverandørene i 2026."),
        ),
    ),
    Spec(
        KJ, NHN, FG, (4,), "2023-K1", "Innføring", "infra", finish="2026-K4", steady=True,
        colours=(("2023-K1", "2025-K4", GREEN),),
        comments=_p(
            ("2024-K1", "Kjernejournal var ved utgangen av 2023 tatt i bruk i 274 kommuner. "
             "Arbeidet med å få med de resterende kommunene og flere private aktører "
             "fortsetter."),
        ),
    ),
    Spec(DOK, NHN, DS, (4,), "2023-K1", "Utprøving", "epj", finish="2026-K2", deps=(KJ,)),
    Spec("Pasientens prøvesvar", NHN, DS, (1, 4), "2023-K1", "Gjennomføring", "epj",
         finish="2026-K4", deps=(KJ,)),
    Spec("e-resept – modernisering av Reseptformidleren", NHN, FG, (2, 4), "2023-K1",
         "Gjennomføring", "infra", finish="2026-K2", steady=True),
    Spec("Digitalt helsekort for gravide", HV, DS, (1, 4), "2023-K1", "Utprøving", "kommune",
         finish="2027-K2", deps=(DOK,)),
    Spec("Helsenorge-tjenester for innbyggerdialog", NHN, IT, (1,), "2023-K1", "Gjennomføring",
         "innbygger", finish="2026-K4"),
    Spec("HelseID og tillitsrammeverk", NHN, FG, (4, 5), "2023-K1", "Innføring", "infra",
         done="2024-K3", linger=2),
    Spec("Tillitstjenester, API-håndtering og grunndata (TAG)", NHN, FG, (4,), "2023-K1",
         "Gjennomføring", "infra", done="2024-K1"),
    Spec("Nasjonal kodeverk- og terminologiløsning", HDIR, FG, (3, 4), "2023-K1",
         "Gjennomføring", "epj", finish="2027-K4"),
    Spec("Innføring av SNOMED CT i spesialisthelsetjenesten", HMN, FG, (3, 4), "2023-K1",
         "Utprøving", "epj", finish="2028-K4", deps=("Nasjonal kodeverk- og terminologiløsning",)),
    Spec("Helsedataservice – søknadsbehandling og utlevering", HDIR, HA, (3,), "2023-K1",
         "Innføring", "data", finish="2026-K2"),
    Spec(
        "Helseanalyseplattformen", HDIR, HA, (3,), "2023-K1", "Gjennomføring", "data",
        stopped="2024-K2", colours=(("2023-K3", "2024-K1", YELLOW),),
        comments=_p(
            ("2024-K2", "Tiltaket er stoppet etter beslutning i departementet. Videre arbeid med "
             "tilgjengeliggjøring av helsedata videreføres i Helsedataservice."),
        ),
    ),
    Spec("Modernisering av sentrale helseregistre", FHI, HA, (3,), "2023-K1", "Gjennomføring",
         "data", finish="2027-K4"),
    Spec("MSIS 2.0 – overvåking av smittsomme sykdommer", FHI, HA, (3, 5), "2023-K1",
         "Gjennomføring", "data", done="2024-K4"),
    Spec("Felles registerplattform for medisinske kvalitetsregistre", HN, HA, (3,), "2023-K1",
         "Utprøving", "data", pauses=(("2024-K4", "2025-K4"),), finish="2027-K2"),
    Spec("Digital hjemmeoppfølging – nasjonal spredning", HDIR, IT, (1, 4), "2023-K1",
         "Innføring", "kommune", done="2025-K1", linger=2),
    Spec(
        "Velferdsteknologisk knutepunkt (VKP)", NHN, FG, (4,), "2023-K1", "Innføring", "kommune",
        finish="2026-K4", colours=(("2025-K1", "2025-K4", YELLOW),),
        comments=_p(
            ("2025-K3", "Det tar tid å få flere kommuner i gang med VKP. Kapasiteten i Norsk "
             "helsenett til implementering er en begrensning, og flere kommuner venter på "
             "oppkobling."),
        ),
    ),
    Spec("Digital innbyggerdialog i kommunene (DigiHelse)", KS, IT, (1,), "2023-K1",
         "Innføring", "kommune", done="2025-K3", linger=2),
    Spec("Representasjon og fullmakt på Helsenorge", NHN, IT, (1,), "2023-K1", "Innføring",
         "innbygger", done="2023-K4", linger=2),
    Spec("Videokonsultasjon i spesialisthelsetjenesten", HV, IT, (1, 2), "2023-K1", "Innføring",
         "innbygger", done="2023-K3"),
    Spec("Elektronisk henvisning med vedlegg", HN, DS, (2, 4), "2023-K1", "Innføring", "epj",
         done="2025-K2"),
    Spec("Meldingsløftet – utfasing av papirbasert kommunikasjon", HDIR, DS, (2, 4), "2023-K1",
         "Gjennomføring", "kommune", done="2025-K4"),
    Spec("Pleie- og omsorgsmeldinger – ny standard", KS, DS, (4,), "2023-K1", "Utprøving", "epj",
         pauses=(("2025-K1", "2025-K3"),), finish="2026-K4"),
    Spec("Nasjonal løsning for kritisk informasjon", NHN, DS, (4,), "2023-K1", "Innføring", "epj",
         done="2024-K2", deps=(KJ,)),
    Spec("Journalinnsyn i kommunal helse- og omsorgstjeneste", KS, IT, (1, 4), "2023-K1",
         "Utprøving", "kommune", finish="2027-K4"),
    Spec("Digital dialog med fastlegen", NHN, IT, (1, 2), "2023-K1", "Innføring", "innbygger",
         done="2023-K4"),
    Spec("Timebestilling i kommunale helsetjenester", OSLO, IT, (1,), "2023-K1", "Gjennomføring",
         "kommune", pauses=(("2023-K3", "2024-K1"),), finish="2026-K2"),
    Spec("Regional EPJ-modernisering (DIPS Arena)", HN, FG, (2,), "2023-K1", "Innføring", "epj",
         done="2025-K3", linger=2),
    Spec(
        "Felles kurve- og medikasjonsløsning", HV, FG, (2,), "2023-K1", "Gjennomføring", "epj",
        pauses=(("2024-K2", "2024-K4"),), finish="2026-K4",
        colours=(("2025-K1", "2025-K1", YELLOW), ("2025-K2", "2025-K2", RED),
                 ("2025-K3", "2025-K3", YELLOW), ("2025-K4", "2025-K4", GREEN)),
        comments=_p(
            ("2025-K2", "Leverandøren har varslet at nødvendig funksjonalitet for "
             "legemiddelhåndtering ikke leveres før 2026. Innføring ved de siste sykehusene er "
             "stanset.\nTiltaket ber om drøfting i NUIT av konsekvensene for PLL-samhandlingen."),
            ("2025-K3", "Ny leveranseplan er avtalt med leverandøren. Status endret fra rød til "
             "gul, men innføringen er forsinket med to kvartaler."),
        ),
    ),
    Spec(
        "Helseplattformen – samhandling med kommunene", HMN, DS, (2, 4), "2023-K1",
        "Gjennomføring", "kommune", finish="2026-K2",
        colours=(("2023-K1", "2023-K2", RED), ("2023-K3", "2024-K1", YELLOW),
                 ("2024-K2", "2024-K2", GREEN)),
        comments=_p(
            ("2023-K1", "Alvorlige utfordringer etter innføringen i Trondheim kommune og St. Olavs "
             "hospital. Meldingsutveksling med fastleger og kommuner fungerer ikke stabilt, og "
             "videre innføring i kommunene er utsatt."),
            ("2023-K3", "Stabiliseringstiltak har gitt effekt, men flere kommuner avventer "
             "innføring. Kapasitet i kommunene til opplæring er en begrensning."),
        ),
    ),
    Spec("Nasjonal digitaliseringsmonitor – videreutvikling", HDIR, HA, (5,), "2023-K1",
         "Gjennomføring", "data", finish="2026-K4", steady=True),
    Spec("Sikker digital kommunikasjon i akuttkjeden", HDO, FG, (4,), "2023-K1",
         "Gjennomføring", "infra", finish="2027-K2",
         also_deps=("Digital samhandling mellom legevakt og sykehus i Nordland",)),
    Spec("Felles legevaktsløsning og kommunikasjonsplattform", HDO, FG, (2, 4), "2023-K1",
         "Utprøving", "kommune", pauses=(("2025-K2", "2026-K1"),), finish="2027-K4"),
    Spec("Digital invitasjon til screeningprogrammer", HSO, IT, (1,), "2023-K1", "Innføring",
         "innbygger", done="2023-K2"),
    Spec("Persontilpasset medisin – genomdata til forskning", HSO, HA, (3,), "2023-K1",
         "Gjennomføring", "data", finish="2027-K4"),
    Spec("Regional helsedataplattform", HV, HA, (3,), "2023-K1", "Utprøving", "data",
         pauses=(("2025-K2", "2025-K4"),), stopped="2025-K4", finish="2026-K4"),
    Spec("Utvidelse av Kommunalt pasient- og brukerregister (KPR)", HDIR, HA, (3, 5), "2023-K1",
         "Gjennomføring", "data", done="2025-K1"),
    Spec("Digital helsestasjon og skolehelsetjeneste", OSLO, IT, (1,), "2023-K1", "Utprøving",
         "kommune", pauses=(("2025-K1", "2025-K4"),), finish="2026-K4"),
    Spec("Innføring av kjernejournal i sykehjem og hjemmetjeneste", KS, DS, (4,), "2023-K1",
         "Innføring", "kommune", done="2024-K4", linger=2, deps=(KJ,)),
    Spec("Legemiddelregisteret – modernisering", FHI, HA, (3,), "2023-K1", "Utprøving", "data",
         finish="2027-K2"),
    Spec("Nasjonalt vaksinasjonsregister (SYSVAK) – modernisering", FHI, HA, (3,), "2023-K1",
         "Gjennomføring", "data", done="2024-K1", linger=2),
    Spec(
        "Helsenettet – ny tilknytnings- og medlemsmodell", NHN, FG, (5,), "2023-K1", "Planlegging",
        "helsenett", finish="2026-K2", colours=(("2025-K3", "2025-K4", YELLOW),),
        comments=_p(
            ("2025-K3", "Nye medlems- og bruksvilkår i Helsenettet er publisert. Endringer i "
             "bestillingsprosess og signering for medlemskap har gitt forsinkelser for enkelte "
             "virksomheter, særlig private helsevirksomheter og kommuner i utprøving av digitale "
             "samhandlingstjenester."),
        ),
    ),
    Spec("Felles kravspesifikasjon for kommunal EPJ", KS, FG, (2, 5), "2023-K1", "Planlegging",
         "epj", pauses=(("2023-K1", "2023-K3"),), done="2024-K3"),
    Spec("Digital helseattest for førerkort", HDIR, IT, (1, 2), "2023-K1", "Gjennomføring",
         "innbygger", done="2024-K3"),
    Spec("Klinisk beslutningsstøtte – nasjonale retningslinjer", HDIR, FG, (2,), "2023-K1",
         "Utprøving", "epj", finish="2027-K4"),
    Spec("Digitale skjema for egenerklæring og samtykke", NHN, IT, (1,), "2023-K1",
         "Planlegging", "innbygger", finish="2026-K4"),
    # ---- entering later ----------------------------------------------------------------
    Spec("Integrasjon av medisinsk teknisk utstyr mot EPJ", HSO, FG, (2,), "2023-K2",
         "Planlegging", "epj", finish="2027-K2"),
    Spec("Meldingsutveksling med private helsevirksomheter", NHN, DS, (4,), "2023-K2",
         "Planlegging", "helsenett", done="2025-K4"),
    Spec(
        "Innføring av PLL i Helse Vest", HV, DS, (2, 4), "2023-K3", "Utprøving", "pll",
        finish="2026-K4", deps=(PLL,),
        phases=_p(("2023-K3", "Utprøving"), ("2024-K4", "Innføring")),
        comments=_p(
            ("2025-K3", "Over 80 % av fastlegene i Bergensområdet har startet med PLL, og over 300 "
             "sykehusleger bruker nå PLL. Videre spredning i regionen planlegges fra "
             "1. kvartal 2026."),
        ),
    ),
    Spec(
        "KI-basert triage i akuttmottak (pilot)", HMN, KI, (2,), "2023-K4", "Utprøving", "ki",
        finish="2026-K2",
        colours=(("2024-K2", "2024-K2", YELLOW), ("2024-K3", "2024-K3", RED),
                 ("2024-K4", "2024-K4", YELLOW)),
        comments=_p(
            ("2024-K3", "Klinisk validering viser at modellen ikke gir god nok treffsikkerhet for "
             "eldre pasienter. Utprøvingen er stanset til modellen er retrent, og tiltaket "
             "melder rød status."),
        ),
    ),
    Spec("Digitale helsetjenester for barn og unge på Helsenorge", NHN, IT, (1,), "2023-K4",
         "Planlegging", "innbygger", finish="2026-K4"),
    Spec(
        "Mine timeavtaler", NHN, IT, (1, 4), "2024-K1", "Planlegging", "timeavtaler",
        finish="2025-K4", phases=_p(("2024-K1", "Planlegging"), ("2024-K3", "Gjennomføring")),
        colours=(("2024-K1", "2024-K3", GREEN), ("2024-K4", "2025-K2", YELLOW),
                 ("2025-K3", "2025-K3", RED), ("2025-K4", "2025-K4", YELLOW)),
        comments=_p(
            ("2025-K1", "Integrasjonen mot timebøkene i helseforetakene er mer omfattende enn "
             "antatt. Risiko for forsinket lansering på Helsenorge."),
            ("2025-K2", "Leveranse av ny versjon er forsinket på grunn av manglende kapasitet hos "
             "EPJ-leverandøren. Ny plan utarbeides sammen med de regionale helseforetakene."),
            ("2025-K3", "Tiltaket melder rød status. Integrasjonen mot timebøkene i "
             "spesialisthelsetjenesten er forsinket med minst to kvartaler, og "
             "EPJ-leverandøren har ikke kapasitet før i 2026.\n"
             "Tiltakseier ber NUIT om hjelp til prioritering på tvers av regionene."),
            ("2025-K4", "Revidert plan er avtalt med leverandøren og de regionale "
             "helseforetakene. Status endret fra rød til gul; lansering for første region er "
             "flyttet til 2. kvartal 2026."),
        ),
    ),
    Spec("Norsk språkmodell for helse (pilot)", HMN, KI, (2, 3), "2024-K1", "Planlegging", "ki",
         pauses=(("2025-K2", "2025-K3"),), finish="2026-K4"),
    Spec("KI-rådet og regulatorisk veiledningstjeneste", HDIR, KI, (5,), "2024-K1",
         "Gjennomføring", "ki", done="2025-K4"),
    Spec(
        "Utprøving av PLL i Helse Nord", HN, DS, (2, 4), "2024-K2", "Planlegging", "pll",
        finish="2027-K2", deps=(PLL,), colours=(("2025-K1", "2025-K4", YELLOW),),
        phases=_p(("2024-K2", "Planlegging"), ("2024-K4", "Utprøving")),
        comments=_p(
            ("2025-K3", "Det jobbes godt med PLL i Nord, men manglende samtidighet i utprøving og "
             "innføring for de ulike systemene og aktørene gir utfordringer. Kommunene "
             "rapporterer også om ressursutfordringer."),
        ),
    ),
    Spec("Pasientens legemiddelliste i Bergen kommune", BERGEN, DS, (2, 4), "2024-K2",
         "Utprøving", "pll", finish="2026-K2", deps=(PLL, "Innføring av PLL i Helse Vest")),
    Spec("Helseteknologiordningen", HDIR, FG, (5,), "2024-K3", "Gjennomføring", "finans",
         finish="2027-K4"),
    Spec("Digital hjemmeoppfølging – felles anskaffelse i Nord", HN, IT, (1, 4), "2024-K3",
         "Planlegging", "kommune", finish="2026-K4"),
    Spec("KS felles modell for utprøving og innføring av nasjonale e-helseløsninger", KS, DS,
         (5,), "2024-K4", "Planlegging", "kommune", finish="2026-K2"),
    Spec("Pasientens legemiddelliste i Bodø kommune", BODO, DS, (2, 4), "2024-K4", "Planlegging",
         "pll", finish="2026-K4", deps=(PLL, "Utprøving av PLL i Helse Nord"),
         colours=(("2025-K2", "2025-K3", YELLOW),)),
    Spec("Innføring av PLL i Helse Sør-Øst", HSO, DS, (2, 4), "2024-K4", "Planlegging", "pll",
         finish="2028-K4", deps=(PLL,)),
    Spec("EPJ-løftet", KS, FG, (2, 5), "2025-K1", "Planlegging", "epj", finish="2027-K4"),
    Spec("Helsedataforordningen (EHDS) – nasjonal tilpasning", HDIR, HA, (3, 5), "2025-K1",
         "Planlegging", "data", finish="2028-K4"),
    Spec("Kvalitetsprosjekt for uønskede hendelser", FHI, HA, (3, 5), "2025-K1", "Planlegging",
         "data", finish="2027-K2"),
    Spec("Innføring av PLL i Helse Midt-Norge", HMN, DS, (2, 4), "2025-K2", "Planlegging", "pll",
         finish="2028-K2", deps=(PLL,)),
    Spec("Strukturert journal i kommunal helse- og omsorgstjeneste", KS, FG, (2, 4), "2023-K2",
         "Planlegging", "epj", finish="2027-K4"),
    Spec("Sikker meldingsutveksling med apotek og bandasjister", NHN, DS, (4,), "2023-K3",
         "Gjennomføring", "helsenett", finish="2026-K2"),
    Spec("Regional løsning for digital hjemmeoppfølging", HSO, IT, (1, 4), "2023-K3", "Utprøving",
         "kommune", finish="2026-K4"),
    Spec("Pasientreiser – digital søknad og refusjon", HSO, IT, (1,), "2023-K4", "Gjennomføring",
         "innbygger", finish="2026-K2"),
    Spec("Felles tjenestekatalog for helseforetakene på Helsenorge", HV, IT, (1,), "2024-K1",
         "Planlegging", "innbygger", finish="2026-K4"),
    Spec("Tilgang til kjernejournal for tannhelsetjenesten", NHN, DS, (4,), "2024-K1", "Utprøving",
         "helsenett", finish="2026-K2", deps=(KJ,)),
    Spec("Helsefellesskapenes digitale samhandlingsplattform", HMN, DS, (4, 5), "2024-K2",
         "Planlegging", "kommune", finish="2027-K2"),
    Spec("Språkteknologi for journaldokumentasjon i kommunene", OSLO, KI, (2,), "2024-K3",
         "Planlegging", "ki", finish="2026-K4"),
    Spec("Styringsdata for digitalisering i kommunene", KS, HA, (5,), "2024-K3", "Planlegging",
         "data", finish="2026-K4"),
    Spec("Automatisert innrapportering til helseregistre", HMN, HA, (3,), "2024-K4",
         "Planlegging", "data", finish="2027-K4",
         deps=("Modernisering av sentrale helseregistre",)),
    Spec("Felles beredskapsløsning for digitale helsetjenester", NHN, FG, (4, 5), "2025-K1",
         "Planlegging", "infra", finish="2027-K2",
         also_deps=("Sikker digital kommunikasjon i akuttkjeden",)),
    Spec("Digital behandling for psykisk helse (eMestring)", HV, IT, (1,), "2025-K1", "Innføring",
         "innbygger", finish="2026-K2"),
    Spec("Lukket legemiddelsløyfe i sykehjem", BERGEN, DS, (2, 4), "2025-K2", "Utprøving", "pll",
         finish="2026-K4", deps=(PLL,),
         also_deps=("Elektronisk legemiddelsamstemming i hjemmetjenesten",)),
    # ---- the eleven new measures of 2025-K3 ---------------------------------------------
    Spec(
        "Nettlegen", HDIR, IT, (1, 2), "2025-K3", "Utprøving", "innbygger", finish="2026-K4",
        comments=_p(
            ("2025-K3", "Nytt tiltak. Nettlegen ble prøvd ut sommeren 2025 med gode erfaringer "
             "fra innbyggere og leger. Videre drift og finansiering fra 2026 avklares."),
        ),
    ),
    Spec(
        "KI for bildediagnostikk", HSO, KI, (2, 3), "2025-K3", "Innføring", "ki", finish="2027-K2",
        comments=_p(
            ("2025-K3", "Nytt tiltak. KI-støttet bruddiagnostikk innføres ved flere helseforetak "
             "i regionen etter felles anskaffelse. Gevinstmåling er etablert."),
        ),
    ),
    Spec(
        "KI-løsning for tale til oppsummering", HSO, KI, (2,), "2025-K3", "Utprøving", "ki",
        finish="2026-K4",
        comments=_p(
            ("2025-K3", "Nytt tiltak. Utprøving av tale til oppsummering starter ved utvalgte "
             "poliklinikker høsten 2025. Personvernkonsekvensvurdering (DPIA) er gjennomført."),
        ),
    ),
    Spec(
        "Nytt nødnett", HDO, FG, (4, 5), "2025-K3", "Planlegging", "infra", finish="2029-K4",
        colours=(("2025-K3", "2025-K4", YELLOW),),
        comments=_p(
            ("2025-K3", "Nytt tiltak. Konseptvalgutredning for neste generasjon nødnett pågår "
             "sammen med Direktoratet for samfunnssikkerhet og beredskap (DSB).\n"
             "Finansiering av helsetjenestens andel er ikke avklart."),
        ),
    ),
    Spec("Utprøving av deling av dokumenter i kommunene", KS, DS, (4,), "2025-K3", "Utprøving",
         "helsenett", finish="2026-K4", deps=(DOK, KJ), colours=(("2025-K3", "2025-K3", YELLOW),)),
    Spec("Kommunal utprøving av Pasientens prøvesvar", OSLO, DS, (1, 4), "2025-K3", "Utprøving",
         "epj", finish="2026-K4", deps=("Pasientens prøvesvar",)),
    Spec("Elektronisk legemiddelsamstemming i hjemmetjenesten", BERGEN, DS, (2, 4), "2025-K3",
         "Utprøving", "pll", finish="2026-K4",
         deps=(PLL, "Pasientens legemiddelliste i Bergen kommune")),
    Spec("Digital samhandling mellom legevakt og sykehus i Nordland", BODO, DS, (4,), "2025-K3",
         "Planlegging", "kommune", finish="2027-K2",
         deps=("Felles legevaktsløsning og kommunikasjonsplattform",),
         also_deps=("Helsefellesskapenes digitale samhandlingsplattform",)),
    Spec("Velferdsteknologisk knutepunkt – kommunal tilknytning", KS, DS, (4,), "2025-K3",
         "Utprøving", "helsenett", finish="2026-K4", deps=("Velferdsteknologisk knutepunkt (VKP)",),
         colours=(("2025-K3", "2025-K3", YELLOW),)),
    Spec("Tilknytning til Helsenettet for kommunale helsetjenester", KS, DS, (4, 5), "2025-K3",
         "Planlegging", "helsenett", finish="2026-K2",
         deps=("Helsenettet – ny tilknytnings- og medlemsmodell",)),
    Spec("Kritisk informasjon i kommunal EPJ", OSLO, DS, (4,), "2025-K3", "Planlegging", "epj",
         finish="2027-K2", deps=(KJ,)),
    # ---- 2025-K4 -----------------------------------------------------------------------
    Spec("Offentlig KI-tjeneste for helserelaterte spørsmål", HDIR, KI, (1,), "2025-K4",
         "Planlegging", "ki", finish="2027-K4"),
    Spec("Felles KI-plan 2026–2027", HDIR, KI, (5,), "2025-K4", "Planlegging", "ki",
         finish="2027-K4"),
)
# fmt: on


# --------------------------------------------------------------------------------------------
# Rounds and quarters
# --------------------------------------------------------------------------------------------


def round_index(round_id: str) -> int:
    return ROUNDS.index(round_id)


def quarter_end(number: int) -> date:
    """The last day of a running quarter number's quarter."""
    return period_end(quarter_code(number))


def deadline(round_id: str) -> date:
    """Rapporteringsfrist: the 12th of Feb/May/Sep/Nov, moved to Monday if on a weekend."""
    year, quarter = divmod(quarter_number(round_id), 4)
    day = date(year, (2, 5, 9, 11)[quarter], 12)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _in_span(round_id: str, start: str, end: str) -> bool:
    return round_index(start) <= round_index(round_id) <= round_index(end)


# --------------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------------

OPENING = {
    GREEN: (
        "Tiltaket går etter plan.",
        "Fremdrift i henhold til plan.",
        "Planlagte leveranser for perioden er gjennomført.",
        "Ingen vesentlige avvik fra plan.",
        "Arbeidet går som planlagt, og milepælene for kvartalet er nådd.",
        "God fremdrift siden forrige rapportering.",
    ),
    YELLOW: (
        "Noe forsinket sammenlignet med plan.",
        "Tiltaket har utfordringer med fremdriften, men avbøtende tiltak er satt inn.",
        "Risiko for forsinkelse i neste milepæl.",
        "Fremdriften er noe svakere enn planlagt.",
        "Enkelte leveranser er skjøvet ett kvartal.",
    ),
    RED: (
        "Tiltaket er betydelig forsinket, og planlagt ferdigdato er ikke lenger realistisk.",
        "Kritiske avhengigheter er ikke på plass, og tiltaket trenger avklaring i NUIT.",
        "Tiltaket melder rød status på grunn av alvorlig forsinkelse.",
    ),
}

THEME_ISSUE = {
    "epj": (
        "Flere leveranser avhenger av utvikling og tilpasning hos EPJ-leverandøren, som melder "
        "om begrenset kapasitet.",
        "Manglende kapasitet hos EPJ-leverandøren gir risiko for forsinket utprøving.",
        "EPJ-leverandøren har varslet at ny versjon først leveres i {next_q}.",
        "Behov for tilpasninger i EPJ er større enn antatt.",
    ),
    "kommune": (
        "Flere kommuner melder om kapasitetsutfordringer, blant annet fordi mange samtidig er i "
        "prosess for å anskaffe ny EPJ.",
        "Kommunene i utprøvingen har begrenset kapasitet til opplæring og innføring.",
        "Ressurssituasjonen i kommunene gjør at oppstart i nye kommuner er skjøvet til {next_q}.",
    ),
    "pll": (
        "Manglende samtidighet i leveranser fra de ulike EPJ-leverandørene gir forsinkelser i "
        "PLL-samhandlingen.",
        "Fastlegekontorene venter på oppdatert EPJ-versjon med støtte for PLL.",
        "Kommunene rapporterer om ressursutfordringer i innføringen av PLL.",
    ),
    "helsenett": (
        "Endringer i bestillingsprosess og signering for medlemskap i Helsenettet har forsinket "
        "oppkobling av nye virksomheter.",
        "Signering av nye medlems- og bruksvilkår i Helsenettet tar lengre tid enn forventet.",
    ),
    "ki": (
        "Klinisk validering av modellen på norske data tar lengre tid enn planlagt.",
        "Avklaringer knyttet til KI-forordningen og regulatoriske krav pågår.",
        "Tilgang på kvalitetssikrede treningsdata er en flaskehals.",
    ),
    "data": (
        "Rettsgrunnlaget for tilgjengeliggjøring av data er ikke endelig avklart.",
        "Behov for avklaringer om personvern har gitt forsinkelse.",
        "Begrenset kapasitet i registermiljøene forsinker testing.",
    ),
    "infra": (
        "Kapasiteten i Norsk helsenett til oppkobling er en begrensning.",
        "Anskaffelsen er forsinket etter klage på tildeling.",
        "Migrering fra eksisterende løsning er mer krevende enn antatt.",
    ),
    "innbygger": (
        "Brukertester viser behov for endringer før bred lansering på Helsenorge.",
        "Integrasjon mot tjenesteytere tar lengre tid enn planlagt.",
    ),
    "timeavtaler": (
        "Integrasjonen mot timebøkene i helseforetakene er krevende.",
        "Avhengig av leveranser fra EPJ-leverandøren i alle fire regioner.",
    ),
    "finans": (
        "Søknadsmengden er høyere enn forventet, og saksbehandlingen tar lengre tid.",
        "Finansiering for {next_year} er ikke avklart.",
    ),
}

THEME_OK = {
    "epj": (
        "Leveranseplan er avtalt med EPJ-leverandørene.",
        "Integrasjon mot EPJ er testet og godkjent.",
    ),
    "kommune": (
        "{n} kommuner deltar nå i utprøvingen.",
        "God dialog med KS og kommunene om innføringsplanen.",
        "Erfaringsdeling mellom kommunene skjer gjennom KS sitt nettverk.",
    ),
    "pll": (
        "Antall fastleger som bruker PLL øker jevnt.",
        "Opplæringsmateriell er tilgjengelig for fastleger, hjemmetjeneste og apotek.",
    ),
    "helsenett": ("Oppkobling av nye virksomheter går etter plan.",),
    "ki": (
        "Kvalitetssikring og klinisk validering gjennomføres i samarbeid med fagmiljøene.",
        "Erfaringer deles gjennom KI-rådet.",
    ),
    "data": (
        "Ny versjon er satt i produksjon.",
        "Datakvaliteten er forbedret sammenlignet med forrige periode.",
    ),
    "infra": (
        "Teknisk plattform er etablert og i stabil drift.",
        "Oppetiden for løsningen var over 99,9 % i perioden.",
    ),
    "innbygger": (
        "Bruken av tjenesten på Helsenorge øker jevnt.",
        "Tjenesten er nå tilgjengelig for {pct} % av innbyggerne.",
    ),
    "timeavtaler": ("Flere helseforetak viser nå timeavtaler på Helsenorge.",),
    "finans": ("Første tildelingsrunde er gjennomført.",),
}

MILESTONES = {
    "Planlegging": ("behovsanalyse", "konseptvalg", "anskaffelsesstrategi", "forprosjektrapport"),
    "Utprøving": (
        "oppstart utprøving hos første pilot",
        "evaluering av utprøvingen",
        "utvidet utprøving",
    ),
    "Gjennomføring": (
        "leveranse av neste versjon",
        "integrasjonstest med EPJ-leverandør",
        "akseptansetest",
    ),
    "Innføring": ("innføring i neste region", "breddeinnføring", "overlevering til forvaltning"),
}

PAUSE_REASONS = (
    "Tiltaket er satt på pause i påvente av avklaring av finansiering.",
    "Pause grunnet omprioritering av ressurser hos tiltakseier.",
    "Satt på pause til ny EPJ er anskaffet.",
    "Pause i påvente av nasjonal avklaring av løsningsvalg.",
)

DEPENDENCY_TEXTS = (
    "Tiltaket er avhengig av «{dep}», og forsinkelser der gir forsinkelser her.",
    "Avhengigheten til «{dep}» følges opp i felles koordineringsmøter.",
)

STOPPED_TEXT = (
    "Tiltaket er stoppet etter beslutning i styringsgruppen. Leveranser videreføres i andre tiltak."
)

DONE_TEXTS = (
    "Tiltaket er ferdigstilt og overlevert til forvaltning.",
    "Leveransene er tatt i bruk, og tiltaket er avsluttet. Gevinstoppfølging skjer i linjen.",
    "Tiltaket er avsluttet etter plan. Sluttrapport er godkjent av styringsgruppen.",
)


def _quarter_words(number: int, rng: random.Random) -> str:
    year, quarter = divmod(number, 4)
    return rng.choice((f"{quarter + 1}. kvartal {year}", f"Q{quarter + 1} {year}"))


def _comment(
    spec: Spec,
    round_id: str,
    state: str,
    colour: str | None,
    phase: str,
    dep_names: list[str],
    rng: random.Random,
) -> str:
    scripted = dict(spec.comments)
    if round_id in scripted:
        return scripted[round_id]
    now = quarter_number(round_id)
    fill = {
        "next_q": _quarter_words(now + 1 + rng.randrange(2), rng),
        "next_year": str(now // 4 + 1),
        "n": str(rng.randrange(4, 25)),
        "pct": str(rng.randrange(40, 96)),
    }
    if state == "Ferdigstilt":
        return rng.choice(DONE_TEXTS)
    if state == "Stoppet":
        return STOPPED_TEXT
    if state == "Pause":
        parts = [rng.choice(PAUSE_REASONS), f"Forventet gjenopptatt i {fill['next_q']}."]
    else:
        assert colour is not None
        parts = _status_parts(spec, colour, phase, dep_names, fill, rng)
    return _layout(parts, rng)


def _status_parts(
    spec: Spec,
    colour: str,
    phase: str,
    dep_names: list[str],
    fill: dict[str, str],
    rng: random.Random,
) -> list[str]:
    """The sentences of an active measure's comment: an opening for its colour, a theme's
    sentence (a problem unless green), maybe a dependency and the next milestone."""
    parts = [rng.choice(OPENING[colour])]
    if colour == GREEN:
        if rng.random() < 0.6:
            parts.append(rng.choice(THEME_OK[spec.theme]).format(**fill))
    else:
        parts.append(rng.choice(THEME_ISSUE[spec.theme]).format(**fill))
        if dep_names and rng.random() < 0.5:
            dep = rng.choice(dep_names)
            parts.append(rng.choice(DEPENDENCY_TEXTS).format(dep=dep))
    if phase in MILESTONES and rng.random() < 0.75:
        parts.append(f"Neste milepæl: {rng.choice(MILESTONES[phase])} ({fill['next_q']}).")
    return parts


def _layout(parts: list[str], rng: random.Random) -> str:
    """The sentences as people write them: a list under the first, one per line, or running."""
    style = rng.random()
    if style < 0.25 and len(parts) > 1:
        return parts[0] + "\n" + "\n".join(f"- {p}" for p in parts[1:])
    if style < 0.4:
        return "\n".join(parts)
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# The simulation
# --------------------------------------------------------------------------------------------


@dataclass
class _Track:
    """What a measure carries from one round to the next."""

    spec: Spec
    ident: str
    fragility: float
    dims: str  # "all", "progress", "none"
    blank_risk: bool
    goal_style: str
    date_style: bool
    dep_sep: str
    slip: int = 0
    active_rounds: int = 0
    colour: str | None = None
    last_state: str | None = None


@dataclass
class PortfolioRound:
    """One reporting round's workbook content."""

    round_id: str
    deadline: date
    rows: list[dict[str, Any]] = field(default_factory=list)


def _state(spec: Spec, i: int) -> str | None:
    """The Tilstand in round index ``i``, or None when the measure is not in the report."""
    if i < round_index(spec.start):
        return None
    if spec.stopped is not None:
        s = round_index(spec.stopped)
        if i > s:
            return None
        if i == s:
            return "Stoppet"
    if spec.done is not None:
        d = round_index(spec.done)
        if i >= d + spec.linger:
            return None
        if i >= d:
            return "Ferdigstilt"
    for a, b in spec.pauses:
        b_index = round_index(b) if b in ROUNDS else len(ROUNDS)
        if round_index(a) <= i < b_index:
            return "Pause"
    return "Aktiv"


def _scripted_colour(spec: Spec, round_id: str) -> str | None:
    for start, end, colour in spec.colours:
        if _in_span(round_id, start, end):
            return colour
    return None


def _phase(track: _Track, round_id: str, state: str) -> str:
    spec = track.spec
    if state in ("Ferdigstilt", "Stoppet"):
        return "Avsluttet"
    if spec.phases:
        current = spec.phases[0][1]
        for start, phase in spec.phases:
            if round_index(round_id) >= round_index(start):
                current = phase
        return current
    start_q = quarter_number(spec.start)
    end_q = quarter_number(spec.done) if spec.done else quarter_number(_baseline(spec))
    span = max(1, end_q - start_q)
    p0 = PHASES.index(spec.phase0)
    steps = 3 - p0
    frac = min(1.0, track.active_rounds / span)
    return PHASES[p0 + min(steps, int(frac * (steps + 0.5)))]


def _baseline(spec: Spec) -> str:
    if spec.done:
        return spec.done
    if spec.finish:
        return spec.finish
    return quarter_code(quarter_number(spec.start) + 8)


def _dims(track: _Track, colour: str | None, state: str, rng: random.Random) -> list[str | None]:
    """Status fremdrift, kostnad, gevinst."""
    if track.dims == "none" or state == "Stoppet":
        return [None, None, None]
    if state == "Ferdigstilt":
        out: list[str | None] = [GREEN, GREEN, rng.choice((GREEN, GREEN, YELLOW))]
    elif colour == RED:
        out = [RED, rng.choice((YELLOW, RED)), YELLOW]
    elif colour == YELLOW:
        out = [
            GREEN if rng.random() < 0.6 else YELLOW,
            GREEN if rng.random() < 0.7 else YELLOW,
            GREEN if rng.random() < 0.7 else YELLOW,
        ]
        if YELLOW not in out:
            out[rng.choices((0, 1, 2), weights=(6, 2, 2))[0]] = YELLOW
    else:
        out = [
            GREEN if rng.random() < 0.92 else YELLOW,
            GREEN if rng.random() < 0.88 else YELLOW,
            GREEN if rng.random() < 0.85 else YELLOW,
        ]
    if state == "Pause":
        out[0] = YELLOW
    if track.dims == "progress":
        return [out[0], None, None]
    return out


def _risk(track: _Track, colour: str | None, state: str, rng: random.Random) -> str | None:
    if track.blank_risk or state == "Stoppet":
        return None
    if state == "Ferdigstilt":
        return "Lav" if rng.random() < 0.7 else None
    if colour == RED:
        return "Høy"
    if colour == YELLOW:
        return "Middels" if rng.random() < 0.7 else "Høy"
    return "Lav" if rng.random() < 0.65 else "Middels"


def _goals_cell(track: _Track) -> str | int | None:
    goals = track.spec.goals
    if not goals:
        return None
    if track.goal_style == "plain":
        return goals[0] if len(goals) == 1 else ", ".join(str(g) for g in goals)
    if track.goal_style == "s_semi":
        return "; ".join(f"S{g}" for g in goals)
    return ", ".join(f"S{g}" for g in goals)


def _next_colour(track: _Track, state: str, rng: random.Random) -> str:
    prev = track.colour
    if prev is None:
        return YELLOW if rng.random() < 0.2 else GREEN
    if state == "Pause":
        return YELLOW if prev == RED or rng.random() < 0.3 else prev
    u = rng.random()
    scale = 0.3 if track.spec.steady else 1.0
    if prev == GREEN:
        return YELLOW if u < (0.05 + 0.2 * track.fragility) * scale else GREEN
    if prev == YELLOW:
        if u < 0.35:
            return GREEN
        return RED if u < 0.35 + 0.05 * track.fragility else YELLOW
    return YELLOW if u < 0.65 else (GREEN if u < 0.75 else RED)


def build_portfolio(seed: int = 2025) -> list[PortfolioRound]:
    """All twelve rounds, oldest first. Deterministic for a given seed."""
    rng = random.Random(seed)
    order = sorted(range(len(CATALOGUE)), key=lambda k: (round_index(CATALOGUE[k].start), k))
    tracks: list[_Track] = []
    for number, k in enumerate(order, start=1):
        spec = CATALOGUE[k]
        tracks.append(
            _Track(
                spec=spec,
                ident=f"T-{number:04d}",
                fragility=rng.random(),
                dims=rng.choices(("all", "progress", "none"), weights=(75, 12, 13))[0],
                blank_risk=not spec.colours and rng.random() < 0.06,
                goal_style=rng.choice(("plain", "plain", "s_semi", "s_comma")),
                date_style=rng.random() < 0.55,
                dep_sep=rng.choice((", ", ",")),
            )
        )
    by_name = {t.spec.name: t for t in tracks}
    rounds: list[PortfolioRound] = []
    for i, round_id in enumerate(ROUNDS):
        present = [(t, s) for t in tracks if (s := _state(t.spec, i)) is not None]
        colours = _assign_colours(present, round_id, i, rng)
        present_ids = {t.ident for t, _ in present}
        rows: list[dict[str, Any]] = []
        for t, state in present:
            colour = colours.get(t.ident)
            if state == "Aktiv":
                t.active_rounds += 1
            phase = _phase(t, round_id, state)
            deps = [by_name[name] for name in t.spec.deps if by_name[name].ident in present_ids]
            written = deps + [
                by_name[name] for name in t.spec.also_deps if by_name[name].ident in present_ids
            ]
            rows.append(
                {
                    "Tiltak-ID": t.ident,
                    "Tiltak": t.spec.name,
                    "Tiltakseier": t.spec.owner,
                    "Satsning": t.spec.area,
                    "Strategiske mål": _goals_cell(t),
                    "Fase": phase,
                    "Tilstand": state,
                    "Samlet status": colour,
                    **dict(zip(HEADERS[8:11], _dims(t, colour, state, rng), strict=True)),
                    "Risiko": _risk(t, colour, state, rng),
                    "Planlagt ferdig": _planned(t, round_id, state, colour, rng),
                    "Statuskommentar": _comment(
                        t.spec, round_id, state, colour, phase, [d.spec.name for d in deps], rng
                    ),
                    "Avhengigheter": t.dep_sep.join(d.ident for d in written) or None,
                }
            )
            if colour is not None:
                t.colour = colour
        for t in tracks:
            t.last_state = _state(t.spec, i)
        rounds.append(PortfolioRound(round_id, deadline(round_id), rows))
    return rounds


def _assign_colours(
    present: list[tuple[_Track, str]], round_id: str, i: int, rng: random.Random
) -> dict[str, str | None]:
    """Samlet status for every row: scripted first, then a drift, then nudged to the targets."""
    out, scripted = _first_colours(present, round_id, i, rng)
    active = [t.ident for t, s in present if s == "Aktiv"]
    free = [k for k in active if k not in scripted]
    # red: the target, but never fewer than the scripted reds; free reds only from last yellow
    prev = {t.ident: t.colour if t.last_state == "Aktiv" else None for t, _ in present}
    want_red = max(0, RED_TARGET[i] - sum(out[k] == RED for k in active if k in scripted))
    reds = [k for k in free if out[k] == RED]
    while len(reds) > want_red:
        k = rng.choice(reds)
        out[k] = YELLOW
        reds.remove(k)
    candidates = [k for k in free if out[k] == YELLOW and prev[k] == YELLOW]
    while len(reds) < want_red and candidates:
        k = rng.choice(candidates)
        out[k] = RED
        reds.append(k)
        candidates.remove(k)
    _nudge_yellow(out, active, free, round(YELLOW_SHARE[i] * len(active)), rng)
    # paused measures are never red
    for t, state in present:
        if state == "Pause" and out[t.ident] == RED:
            out[t.ident] = YELLOW
    return out


def _first_colours(
    present: list[tuple[_Track, str]], round_id: str, i: int, rng: random.Random
) -> tuple[dict[str, str | None], set[str]]:
    """Each row's colour before the nudging (none when stopped, maybe green in the round it
    finished, the script's, else a drift from last round), and the rows the script fixes."""
    out: dict[str, str | None] = {}
    scripted: set[str] = set()
    for t, state in present:
        if state == "Stoppet":
            out[t.ident] = None
            continue
        if state == "Ferdigstilt":
            first = i == round_index(t.spec.done or round_id)
            out[t.ident] = GREEN if first and rng.random() < 0.7 else None
            continue
        fixed = _scripted_colour(t.spec, round_id)
        if fixed is not None:
            out[t.ident] = fixed
            scripted.add(t.ident)
        else:
            out[t.ident] = _next_colour(t, state, rng)
    return out, scripted


def _nudge_yellow(
    out: dict[str, str | None],
    active: list[str],
    free: list[str],
    want_yellow: int,
    rng: random.Random,
) -> None:
    """The yellow share among the active rows brought to ``want_yellow`` by changing rows the
    script does not fix (``free``) between green and yellow."""
    yellows = [k for k in active if out[k] == YELLOW]
    free_yellow = [k for k in free if out[k] == YELLOW]
    while len(yellows) > want_yellow and free_yellow:
        k = rng.choice(free_yellow)
        out[k] = GREEN
        free_yellow.remove(k)
        yellows.remove(k)
    free_green = [k for k in free if out[k] == GREEN]
    while len(yellows) < want_yellow and free_green:
        k = rng.choice(free_green)
        out[k] = YELLOW
        free_green.remove(k)
        yellows.append(k)


def _planned(
    track: _Track, round_id: str, state: str, colour: str | None, rng: random.Random
) -> date | str | None:
    spec = track.spec
    now = quarter_number(round_id)
    if spec.done:
        number = quarter_number(spec.done)
    elif state == "Stoppet":
        return None
    else:
        if state == "Aktiv" and colour == YELLOW and rng.random() < 0.2:
            track.slip += 1
        elif state == "Aktiv" and colour == RED:
            track.slip += 1 + (rng.random() < 0.4)
        elif state == "Pause" and rng.random() < 0.5:
            track.slip += 1
        number = quarter_number(_baseline(spec)) + track.slip
        if number <= now:
            track.slip += now + 1 - number + rng.randrange(2)
            number = quarter_number(_baseline(spec)) + track.slip
    if track.date_style:
        return quarter_end(number)
    return quarter_code(number)


# --------------------------------------------------------------------------------------------
# Milestones (the optional sheet «Milepæler», formats.md §7)
# --------------------------------------------------------------------------------------------

MILESTONE_HEADERS: tuple[str, ...] = headers(MILESTONE_SCHEMA)

#: (measure, milestone, first planned quarter, {round: quarters moved later from then on},
#: comment when it moved). Scripted, not drawn: the seeded draws above stay as they were.
MILESTONE_PLAN: tuple[tuple[str, str, str, dict[str, int], str], ...] = (
    (
        PLL,
        "Utprøving i Bergen",
        "2024-K2",
        {"2024-K1": 1, "2024-K3": 2},
        "Venter på EPJ-leverandør.",
    ),
    (
        PLL,
        "Første helseregion tatt i bruk",
        "2025-K2",
        {"2024-K3": 2, "2025-K2": 3},
        "Følger forsinket utprøving.",
    ),
    (PLL, "Nasjonal innføring", "2028-K4", {"2025-K3": 2}, "Regionene trenger mer tid."),
    (KJ, "Kritisk informasjon i alle regioner", "2024-K4", {}, ""),
    (KJ, "Tilgang for tannhelse", "2025-K3", {}, ""),
    (DOK, "Deling fra alle helseforetak", "2025-K2", {"2024-K4": 1}, "Avventer siste region."),
    (
        DOK,
        "Deling fra kommunene",
        "2026-K4",
        {"2025-K3": 2},
        "Utprøving i kommunene tar lengre tid.",
    ),
    (
        "Helsefellesskapenes digitale samhandlingsplattform",
        "Anskaffelse gjennomført",
        "2025-K1",
        {"2024-K4": 1, "2025-K2": 1, "2025-K4": 2},
        "Anbudet måtte lyses ut på nytt.",
    ),
    (
        "Helsefellesskapenes digitale samhandlingsplattform",
        "Første helsefellesskap i drift",
        "2026-K2",
        {"2025-K2": 1, "2025-K4": 2},
        "Følger forsinket anskaffelse.",
    ),
    (
        "Pasientens legemiddelliste i Bergen kommune",
        "Oppstart i hjemmetjenesten",
        "2025-K1",
        {"2025-K1": 1, "2025-K3": 2},
        "Avhenger av PLL i Helse Vest.",
    ),
    (
        "Modernisering av sentrale helseregistre",
        "Ny innrapporteringsløsning",
        "2025-K4",
        {"2024-K2": 1, "2025-K1": 1, "2025-K3": 1},
        "Kapasitet i utviklingsteamet.",
    ),
    ("Nytt nødnett", "Konseptvalg", "2026-K2", {"2025-K4": 1}, "Ekstern kvalitetssikring."),
)


def milestone_rows(rounds: list[PortfolioRound]) -> dict[str, list[tuple]]:
    """The sheet «Milepæler» of each round: the planned milestones of the measures present."""
    out: dict[str, list[tuple]] = {}
    for rnd in rounds:
        now = quarter_number(rnd.round_id)
        ids = {row["Tiltak"]: row["Tiltak-ID"] for row in rnd.rows}
        rows: list[tuple] = []
        for measure, name, first, moves, why in MILESTONE_PLAN:
            if measure not in ids:
                continue
            planned = quarter_number(first)
            moved_now = False
            reached = False
            for at, quarters in sorted(moves.items()):
                if quarter_number(at) > now:
                    break
                if planned < quarter_number(at):  # reached before it would have moved
                    reached = True
                    break
                planned += quarters
                moved_now = at == rnd.round_id
            reached = reached or planned < now
            if reached:
                status = "Nådd"
            elif moved_now:
                status = "Forsinket"
            elif planned - now <= 3:
                status = "Pågår"
            else:
                status = "Ikke startet"
            rows.append(
                (ids[measure], name, quarter_code(planned), status, why if moved_now else None)
            )
        out[rnd.round_id] = rows
    return out
