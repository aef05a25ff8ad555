"""The sample indicator set, versions v0.7 and v0.8 (formats.md §2).

Series are public figures where they exist (digital contact with health services, Kjernejournal
in 274 municipalities at the end of 2023, the PLL uptake targets) and plausible invented ones
elsewhere, chosen so that the attainment categories come out varied: achieved, substantial,
moderate and limited progress, deterioration, insufficient data and under development.
Regional and county breakdowns are derived from the national series with stable, seeded
per-area offsets.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from importers.indicators import GOAL_SCHEMA, INDICATOR_SCHEMA, VALUE_SCHEMA
from importers.sheets import headers
from model.periods import quarter_code, quarter_number

GOAL_HEADERS: tuple[str, ...] = headers(GOAL_SCHEMA)
# the sample leaves out the optional column «Beskrivelse» (the importer accepts its absence)
INDICATOR_HEADERS: tuple[str, ...] = headers(INDICATOR_SCHEMA, leave_out=("Beskrivelse",))
VALUE_HEADERS: tuple[str, ...] = headers(VALUE_SCHEMA)

GOALS: tuple[tuple[str, str, str], ...] = (
    (
        "O1",
        "Helsepersonell har enkel og sikker tilgang til pasientopplysninger",
        "Helsepersonell får tilgang til relevante og oppdaterte opplysninger om pasienten der "
        "helsehjelpen gis, uavhengig av hvor opplysningene er registrert.",
    ),
    (
        "O2",
        "Innbyggere har enkle og sikre digitale tjenester",
        "Innbyggere kan bruke trygge og brukervennlige digitale tjenester for å ivareta egen og "
        "næres helse og for kontakt med helse- og omsorgstjenesten.",
    ),
    (
        "O3",
        "Helsedata er tilgjengelig for kvalitetsforbedring, overvåking, styring og forskning",
        "Helsedata kan brukes effektivt og trygt til kvalitetsforbedring, overvåking, styring, "
        "forskning og innovasjon.",
    ),
    (
        "S1",
        "Aktiv medvirkning i egen og næres helse",
        "Innbyggere har tilgang til egne helseopplysninger og digitale verktøy som gjør det mulig "
        "å medvirke aktivt i egen og næres helse.",
    ),
    (
        "S2",
        "Enklere arbeidshverdag",
        "Helsepersonell har moderne og helhetlige digitale arbeidsverktøy som frigjør tid til "
        "pasientbehandling.",
    ),
    (
        "S3",
        "Helsedata til fornying og forbedring",
        "Helsedata av god kvalitet er tilgjengelig og tas i bruk for fornying og forbedring av "
        "tjenestene.",
    ),
    (
        "S4",
        "Tilgjengelig informasjon og styrket samhandling",
        "Relevant informasjon deles digitalt og sikkert på tvers av virksomheter og nivåer i "
        "helse- og omsorgstjenesten.",
    ),
    (
        "S5",
        "Samarbeid og virkemidler som styrker gjennomføringskraft",
        "Sektoren samarbeider om felles prioriteringer, og virkemidlene understøtter "
        "gjennomføringen av strategien.",
    ),
)

REGIONS: tuple[str, ...] = ("Helse Sør-Øst", "Helse Vest", "Helse Midt-Norge", "Helse Nord")
# The 15 counties as of 2024, with the health region each belongs to.
COUNTIES: tuple[tuple[str, str], ...] = (
    ("Oslo", "Helse Sør-Øst"),
    ("Rogaland", "Helse Vest"),
    ("Møre og Romsdal", "Helse Midt-Norge"),
    ("Nordland", "Helse Nord"),
    ("Østfold", "Helse Sør-Øst"),
    ("Akershus", "Helse Sør-Øst"),
    ("Buskerud", "Helse Sør-Øst"),
    ("Innlandet", "Helse Sør-Øst"),
    ("Vestfold", "Helse Sør-Øst"),
    ("Telemark", "Helse Sør-Øst"),
    ("Agder", "Helse Sør-Øst"),
    ("Vestland", "Helse Vest"),
    ("Trøndelag", "Helse Midt-Norge"),
    ("Troms", "Helse Nord"),
    ("Finnmark", "Helse Nord"),
)
NATION = "Hele landet"

S_DIGITAL_MONITOR = "Nasjonal digitaliseringsmonitor"
S_SSB = "SSB"
S_HN_USE = "Helsenorge bruksstatistikk"
S_NHN = "Norsk helsenett"
S_SURVEY = "Helsedirektoratets spørreundersøkelse"
S_HDS = "Helsedataservice"
S_FHI = "Folkehelseinstituttet"
S_NPR = "Norsk pasientregister"
S_KS = "KS"
S_PORTFOLIO = "Nasjonal e-helseportefølje"

Series = dict[str, float]


@dataclass(frozen=True)
class Ind:
    """One indicator of the set, with its national series (period → value)."""

    code: str
    name: str
    goals: str
    type: str
    status: str
    level: str
    unit: str | None
    direction: str
    source: str | None
    parent: str | None = None
    target: float | None = None
    base_year: int | None = None
    limit: float | None = None
    series: Series = field(default_factory=dict)  # v0.7 values, Hele landet
    later: Series = field(default_factory=dict)  # periods first published with v0.8
    breakdown: str = "none"  # "none", "regions", "counties"
    regional: dict[str, Series] | None = None  # explicit regional series (else derived)
    decimals: int = 1


def _years(first: int, values: Sequence[float]) -> Series:
    return {str(first + k): v for k, v in enumerate(values)}


def _quarters(first: str, values: Sequence[float]) -> Series:
    start = quarter_number(first)
    return {quarter_code(start + k): v for k, v in enumerate(values)}


def _months(first: str, values: Sequence[float]) -> Series:
    year, month = (int(x) for x in first.split("-"))
    return _stepped(year, month, 12, "{}-{:02d}", values)


def _stepped(year: int, part: int, per_year: int, label: str, values: Sequence[float]) -> Series:
    """``values`` by consecutive periods from ``year``'s ``part`` (quarter or month, of
    ``per_year``), each period named by ``label`` (formatted with year and part)."""
    out: Series = {}
    for v in values:
        out[label.format(year, part)] = v
        year, part = (year + 1, 1) if part == per_year else (year, part + 1)
    return out


# PLL: the share of GPs by region; the national figure is the GP-weighted mean.
_PLL_REGIONS: dict[str, list[float]] = {
    "Helse Sør-Øst": [0.0, 0.0, 0.2, 0.8, 1.5, 2.9, 4.6, 6.8],
    "Helse Vest": [1.6, 4.5, 9.0, 15.5, 26.0, 38.0, 52.0, 61.0],
    "Helse Midt-Norge": [0.0, 0.0, 0.0, 0.3, 0.9, 1.8, 3.1, 4.4],
    "Helse Nord": [0.0, 0.0, 0.4, 1.2, 2.6, 4.1, 5.9, 7.3],
}
_GP_WEIGHTS = {
    "Helse Sør-Øst": 0.55,
    "Helse Vest": 0.22,
    "Helse Midt-Norge": 0.13,
    "Helse Nord": 0.10,
}


def _pll() -> tuple[Series, Series, dict[str, Series]]:
    national = [
        round(sum(_GP_WEIGHTS[r] * _PLL_REGIONS[r][k] for r in _PLL_REGIONS), 1) for k in range(8)
    ]
    all_q = _quarters("2024-K1", national)
    regional = {r: _quarters("2024-K1", v) for r, v in _PLL_REGIONS.items()}
    v07 = {p: v for p, v in all_q.items() if p != "2025-K4"}
    return v07, {"2025-K4": all_q["2025-K4"]}, regional


def indicator_set(green_share: Series) -> tuple[Ind, ...]:
    """The v0.7 set. ``green_share``: the portfolio's share of green active measures per round."""
    pll_07, pll_08, pll_regions = _pll()
    green_07 = {p: v for p, v in green_share.items() if p != "2025-K4"}
    green_08 = {p: v for p, v in green_share.items() if p == "2025-K4"}
    shared_docs = [
        41_000,
        44_500,
        49_800,
        52_300,
        58_900,
        61_200,
        57_400,
        63_800,
        72_100,
        79_600,
        84_300,
        90_200,
        96_800,
        101_500,
        108_900,
        113_400,
        117_000,
        123_600,
        119_800,
        131_200,
        138_700,
    ]
    # fmt: off
    return (
        # ---- O1 -------------------------------------------------------------------------
        Ind("O1-01", "Andel helsepersonell som opplever å ha tilgang til nødvendig "
            "pasientinformasjon når de trenger det", "O1", "Effekt", "Klar", "Strategisk", "%",
            "Økende", S_SURVEY, target=80, base_year=2019, limit=100,
            series={"2019": 52, "2021": 55, "2023": 58}, later={"2025": 61},
            breakdown="regions"),
        Ind("O1-02", "Oppslag i kjernejournal per 1 000 innbyggere", "O1; S4", "Prosess", "Klar",
            "Støtte", "antall", "Økende", S_NHN,
            series=_years(2016, [38, 61, 95, 130, 210, 265, 301, 334, 352]), later={"2025": 361},
            breakdown="regions", decimals=0),
        Ind("O1-03", "Andel helsepersonell som opplever at informasjonssikkerheten i "
            "pasientjournalen er godt ivaretatt", "O1", "Effekt", "Under arbeid", "Støtte", "%",
            "Økende", S_SURVEY, limit=100),
        # ---- O2 -------------------------------------------------------------------------
        Ind("O2-01", "Andel innbyggere som er fornøyd med digitale helsetjenester", "O2",
            "Effekt", "Klar", "Strategisk", "%", "Økende", "Helsenorge brukerundersøkelse",
            target=90, limit=100, series=_years(2018, [84, 85, 86, 85, 84, 85, 85])),
        Ind("O2-02", "Andel innbyggere som har brukt Helsenorge siste 12 måneder", "O2",
            "Prosess", "Klar", "Støtte", "%", "Økende", S_HN_USE, parent="O2-03", limit=100,
            series=_years(2017, [48, 55, 61, 72, 79, 78, 80, 81]), breakdown="counties"),
        Ind("O2-03", "Bruk av Helsenorge", "O2", "Prosess", "Klar", "Strategisk", None, "Økende",
            S_HN_USE),
        Ind("O2-04", "Innlogginger på Helsenorge per innbygger per år", "O2", "Prosess", "Klar",
            "Støtte", "antall", "Økende", S_HN_USE, parent="O2-03",
            series=_years(2016, [2.1, 3.0, 3.8, 4.6, 8.9, 11.2, 9.4, 9.6, 9.8])),
        # ---- O3 -------------------------------------------------------------------------
        Ind("O3-01", "Saksbehandlingstid for søknader om tilgang til helsedata (median)", "O3",
            "Effekt", "Klar", "Strategisk", "dager", "Synkende", S_HDS, target=60,
            base_year=2019, series=_years(2019, [280, 265, 240, 215, 190, 172]),
            later={"2025": 158}, decimals=0),
        Ind("O3-02", "Andel nasjonale helseregistre tilgjengelig for analyse på felles plattform",
            "O3", "Struktur", "Under arbeid", "Strategisk", "%", "Økende", S_HDS, limit=100),
        # ---- S1 -------------------------------------------------------------------------
        Ind("S1-01", "Andel av befolkningen med digital kontakt med helsetjenesten", "S1",
            "Prosess", "Klar", "Strategisk", "%", "Økende", S_SSB, target=75, base_year=2019,
            limit=100, series={"2019": 33, "2021": 46, "2022": 54, "2023": 57, "2024": 59},
            later={"2025": 62}, breakdown="counties"),
        Ind("S1-02", "Andel innbyggere som har lest journalen sin på Helsenorge", "S1", "Prosess",
            "Klar", "Støtte", "%", "Økende", S_HN_USE, limit=100,
            series=_years(2018, [12, 18, 24, 29, 33, 36, 38]), later={"2025": 41},
            breakdown="regions"),
        Ind("S1-03", "Digitale innbyggertjenester i kommunene", "S1", "Prosess", "Klar",
            "Strategisk", None, "Økende", S_DIGITAL_MONITOR),
        Ind("S1-04", "Andel kommuner som tilbyr digital dialog med helse- og omsorgstjenesten",
            "S1", "Prosess", "Klar", "Støtte", "%", "Økende", S_DIGITAL_MONITOR, parent="S1-03",
            target=90, limit=100, series=_years(2019, [35, 44, 52, 58, 63, 66]),
            breakdown="counties"),
        Ind("S1-05", "Andel kommuner med digital timebestilling i helse- og omsorgstjenesten",
            "S1", "Prosess", "Klar", "Støtte", "%", "Økende", S_DIGITAL_MONITOR, parent="S1-03",
            limit=100, series=_years(2021, [21, 22, 21, 21.2])),
        Ind("S1-06", "Andel kommuner som tilbyr digital hjemmeoppfølging", "S1", "Prosess",
            "Klar", "Støtte", "%", "Økende", S_DIGITAL_MONITOR, parent="S1-03", limit=100,
            series=_years(2020, [21, 24, 31, 37, 45]), breakdown="regions"),
        Ind("S1-07", "Andel innbyggere som opplever at digitale tjenester gjør det lettere å "
            "medvirke i egen behandling", "S1", "Effekt", "Under arbeid", "Støtte", "%",
            "Økende", S_SURVEY, limit=100),
        Ind("S1-08", "Forskjell i digital kontakt med helsetjenesten mellom personer over 70 år "
            "og befolkningen", "S1", "Effekt", "Klar", "Støtte", "prosentpoeng", "Synkende",
            S_SSB, series={"2019": 31, "2021": 28, "2023": 24, "2024": 22}),
        # ---- S2 -------------------------------------------------------------------------
        Ind("S2-01", "Andel helsepersonell som opplever at IKT-systemene støtter arbeidet deres "
            "godt", "S2", "Effekt", "Klar", "Strategisk", "%", "Økende", S_SURVEY, target=70,
            base_year=2019, limit=100, series={"2019": 48, "2021": 47, "2023": 45},
            later={"2025": 43}, breakdown="regions"),
        Ind("S2-02", "Tid brukt på dokumentasjon per pasientkontakt", "S2", "Effekt",
            "Under arbeid", "Støtte", "minutter", "Synkende", S_SURVEY),
        Ind("S2-03", "Andel fastleger som bruker Pasientens legemiddelliste", "S2; S4", "Prosess",
            "Klar", "Strategisk", "%", "Økende", S_NHN, target=80, limit=100, series=pll_07,
            later=pll_08, breakdown="regions", regional=pll_regions),
        Ind("S2-04", "Antall sykehusleger som har tatt i bruk Pasientens legemiddelliste", "S2",
            "Prosess", "Klar", "Støtte", "antall", "Økende", S_NHN,
            series=_quarters("2024-K2", [12, 48, 95, 160, 240, 310]), later={"2025-K4": 420},
            decimals=0),
        Ind("S2-05", "Andel helseforetak som har tatt i bruk KI-løsninger i klinisk praksis",
            "S2", "Struktur", "Klar", "Støtte", "%", "Økende", "Helsedirektoratets kartlegging",
            limit=100, series={"2025": 41}),
        Ind("S2-06", "Andel kommuner med EPJ som oppfyller nasjonale krav til samhandling", "S2",
            "Struktur", "Under arbeid", "Støtte", "%", "Økende", S_KS, limit=100),
        # ---- S3 -------------------------------------------------------------------------
        Ind("S3-01", "Antall utleveringer av helsedata fra Helsedataservice", "S3", "Prosess",
            "Klar", "Strategisk", "antall", "Økende", S_HDS, target=1000,
            series=_years(2019, [410, 480, 560, 610, 690, 745]), later={"2025": 790}, decimals=0),
        Ind("S3-02", "Andel nasjonale helseregistre med data oppdatert siste tre måneder", "S3",
            "Struktur", "Klar", "Støtte", "%", "Økende", S_FHI, limit=100,
            series=_years(2018, [62, 63, 63, 64, 64, 64, 65])),
        Ind("S3-03", "Sekundærbruk av helsedata i tråd med helsedataforordningen (EHDS)", "S3",
            "Struktur", "Under arbeid", "Strategisk", None, "Økende", S_HDS),
        Ind("S3-04", "Andel medisinske kvalitetsregistre med dekningsgrad over 80 %", "S3",
            "Effekt", "Klar", "Støtte", "%", "Økende",
            "Nasjonalt servicemiljø for medisinske kvalitetsregistre", limit=100,
            series=_years(2016, [51, 53, 55, 58, 56, 54, 55, 54, 55])),
        Ind("S3-05", "Tid fra dødsfall til registrering i Dødsårsaksregisteret", "S3", "Prosess",
            "Klar", "Støtte", "dager", "Synkende", S_FHI, target=30,
            series=_years(2016, [165, 150, 120, 95, 80, 60, 45, 32, 24]), later={"2025": 22},
            decimals=0),
        # ---- S4 -------------------------------------------------------------------------
        Ind("S4-01", "Digital samhandling mellom tjenestenivåene", "S4", "Prosess", "Klar",
            "Strategisk", None, "Økende", S_DIGITAL_MONITOR),
        Ind("S4-02", "Andel henvisninger til spesialisthelsetjenesten sendt på papir", "S4",
            "Prosess", "Klar", "Støtte", "%", "Synkende", S_NPR, parent="S4-01", target=1,
            limit=100,
            series=_years(2016, [14.5, 11.2, 8.9, 7.1, 5.8, 4.6, 3.9, 3.4, 3.1]),
            breakdown="regions"),
        Ind("S4-03", "Antall kommuner som har tatt i bruk kjernejournal", "S4", "Prosess", "Klar",
            "Støtte", "antall", "Økende", S_NHN, parent="S4-01", limit=357,
            series=_years(2019, [42, 96, 158, 221, 274, 318]), later={"2025": 339}, decimals=0),
        Ind("S4-04", "Andel sykehjem som bruker kjernejournal", "S4", "Prosess", "Klar", "Støtte",
            "%", "Økende", S_NHN, parent="S4-01", limit=100,
            series=_years(2020, [12, 19, 28, 41, 52])),
        Ind("S4-05", "Antall dokumenter delt via kjernejournal per måned", "S4", "Prosess", "Klar",
            "Støtte", "antall", "Økende", S_NHN, parent="S4-01",
            series=_months("2024-01", shared_docs),
            later=_months("2025-10", [144_100, 151_900, 139_400]), breakdown="regions",
            decimals=0),
        Ind("S4-06", "Andel legemiddelsamstemminger ved innleggelse gjort med Pasientens "
            "legemiddelliste", "S4", "Effekt", "Under arbeid", "Støtte", "%", "Økende", S_NHN,
            limit=100),
        # ---- S5 -------------------------------------------------------------------------
        Ind("S5-01", "Andel tiltak i nasjonal e-helseportefølje med grønn status", "S5", "Prosess",
            "Klar", "Strategisk", "%", "Økende", S_PORTFOLIO, limit=100, series=green_07,
            later=green_08),
        Ind("S5-02", "Andel kommuner som deltar i interkommunalt samarbeid om e-helse", "S5",
            "Struktur", "Klar", "Støtte", "%", "Økende", S_KS, target=90, limit=100,
            series=_years(2020, [61, 64, 66, 68, 70]), breakdown="regions"),
        Ind("S5-03", "Andel legekontor tilknyttet Helsenettet", "S5", "Struktur", "Klar", "Støtte",
            "%", "Økende", S_NHN, target=99, limit=100,
            series=_years(2016, [91.0, 93.5, 95.2, 96.8, 97.9, 98.6, 99.1, 99.3, 99.5])),
        Ind("S5-04", "Andel virksomheter som har tatt i bruk nasjonale e-helseløsninger etter "
            "plan", "S5", "Prosess", "Under arbeid", "Strategisk", "%", "Økende", S_PORTFOLIO,
            limit=100),
    )
    # fmt: on


# The v0.8 changes
PHASED_OUT = "S3-02"
REDEFINED = "S1-02"
NEW_IN_V08 = Ind(
    "S2-07",
    "Andel helseforetak som bruker KI-basert tale til oppsummering",
    "S2",
    "Prosess",
    "Klar",
    "Støtte",
    "%",
    "Økende",
    "Helsedirektoratets kartlegging",
    limit=100,
    series={},
    later={"2024": 6, "2025": 21},
    breakdown="regions",
)


def indicator_set_v08(v07: tuple[Ind, ...]) -> tuple[Ind, ...]:
    out: list[Ind] = []
    for ind in v07:
        if ind.code == PHASED_OUT:
            continue
        if ind.code == REDEFINED:
            ind = replace(
                ind,
                name="Andel innbyggere som har brukt journalinnsyn på Helsenorge siste 12 måneder",
                target=50,
            )
        out.append(ind)
        if ind.code == "S2-06":
            out.append(NEW_IN_V08)
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------


def indicator_rows(inds: tuple[Ind, ...], version: str) -> list[dict[str, Any]]:
    return [
        {
            "Indikator-ID": i.code,
            "Navn": i.name,
            "Mål": i.goals,
            "Type": i.type,
            "Status": i.status,
            "Nivå": i.level,
            "Del av": i.parent,
            "Enhet": i.unit,
            "Retning": i.direction,
            "Datakilde": i.source,
            "Mål 2030": i.target,
            "Basisår": i.base_year,
            "Grense": i.limit,
            "Versjon": version,
        }
        for i in inds
    ]


Offsets = tuple[dict[str, float], dict[str, float]]


def area_offsets(rng: random.Random) -> Offsets:
    """Stable relative differences of each region and county from the national level."""
    regions = {r: rng.uniform(-0.09, 0.07) for r in REGIONS}
    regions["Helse Nord"] -= 0.03
    counties = {c: rng.uniform(-0.06, 0.06) for c, _ in COUNTIES}
    counties["Oslo"] += 0.04
    counties["Finnmark"] -= 0.03
    return regions, counties


def _scaled(value: float, offset: float, ind: Ind, rng: random.Random) -> float:
    scale = 1 + offset + rng.uniform(-0.015, 0.015)
    if ind.direction == "Synkende":
        scale = 1 / scale
    out = value * scale
    if ind.limit is not None:
        out = min(out, float(ind.limit))
    return round(max(out, 0.0), ind.decimals) if ind.decimals else float(round(max(out, 0.0)))


def _number(value: float, decimals: int) -> int | float:
    return (
        int(round(value)) if decimals == 0 or float(value).is_integer() else round(value, decimals)
    )


_COMMENTS: dict[tuple[str, str], str] = {
    ("S1-01", "2021"): "Spørsmålet ble ikke stilt i 2020",
    ("O2-04", "2020"): "Økt bruk under koronapandemien",
    ("O2-04", "2021"): "Økt bruk under koronapandemien",
    ("S3-04", "2020"): "Lavere rapportering under koronapandemien",
    ("S4-05", "2025-03"): "Påske i perioden",
    ("S4-05", "2025-07"): "Ferieavvikling",
    ("S2-05", "2025"): "Første kartlegging",
    ("S4-03", "2023"): "Kjernejournal tatt i bruk i 274 kommuner ved utgangen av 2023",
}


def value_rows(
    inds: tuple[Ind, ...], offsets: Offsets, rng: random.Random, *, later: bool
) -> list[dict[str, Any]]:
    """Verdier rows: the v0.7 series (``later=False``) or the periods added in v0.8.

    Written as a person types them: periods mostly text ("2023", "2024-K2", "2024-05"), but the
    yearly periods of a few indicators as numbers; values mostly numbers, a few as text with a
    decimal comma or a per cent sign.
    """
    region_off, county_off = offsets
    rows: list[dict[str, Any]] = []
    numeric_years = {"S3-01", "S3-05", "O2-04"}
    for ind in inds:
        series = ind.later if later else ind.series
        last = max(series, default=None)
        for period, value in series.items():
            periods: Any = int(period) if ind.code in numeric_years and period.isdigit() else period
            comment = _COMMENTS.get((ind.code, period))
            if comment is None and period == last and ind.code in {"S1-01", "S2-03", "O1-01"}:
                comment = "Foreløpige tall"
            rows.append(_row(ind.code, periods, _number(value, ind.decimals), NATION, comment))
            if ind.breakdown == "none":
                continue
            regional = _regional(ind, period, value, region_off, rng)
            for region in REGIONS:
                rows.append(
                    _row(ind.code, periods, _number(regional[region], ind.decimals), region)
                )
            if ind.breakdown == "counties":
                rows.extend(_county_rows(ind, period, periods, regional, county_off, rng))
    return rows


def _regional(
    ind: Ind, period: str, value: float, region_off: dict[str, float], rng: random.Random
) -> dict[str, float]:
    """The regions' values of one period: the indicator's own regional series, else the
    national value scaled by each region's offset."""
    regional: dict[str, float] = {}
    for region in REGIONS:
        if ind.regional is not None:
            regional[region] = ind.regional[region][period]
        else:
            regional[region] = _scaled(value, region_off[region], ind, rng)
    return regional


def _county_rows(
    ind: Ind,
    period: str,
    periods: Any,
    regional: dict[str, float],
    county_off: dict[str, float],
    rng: random.Random,
) -> list[dict[str, Any]]:
    """The counties' rows of one period (each its region's value scaled by the county's
    offset), a few typed as text the way people type them."""
    rows = []
    for county, region in COUNTIES:
        v = _scaled(regional[region], county_off[county], ind, rng)
        cell: Any = _number(v, ind.decimals)
        if ind.code == "S1-04" and county in ("Troms", "Finnmark", "Agder"):
            cell = f"{v:.1f}".replace(".", ",")  # typed with a decimal comma
        if ind.code == "O2-02" and county == "Vestland" and period == "2019":
            cell = f"{round(v)} %"
        rows.append(_row(ind.code, periods, cell, county))
    return rows


def _row(
    code: str, period: Any, value: Any, area: str, comment: str | None = None
) -> dict[str, Any]:
    return {
        "Indikator-ID": code,
        "Periode": period,
        "Verdi": value,
        "Område": area,
        "Kommentar": comment,
    }


def revised_rows(v07_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One corrected observation in the v0.8 upload: SSB revised the 2024 figure of S1-01."""
    for row in v07_rows:
        if row["Indikator-ID"] == "S1-01" and row["Periode"] == "2024" and row["Område"] == NATION:
            return [_row("S1-01", "2024", 58.6, NATION, "Revidert tall fra SSB")]
    return []
