"""Norwegian wording of the dashboard in one place, so every page says things the same way."""

from __future__ import annotations

APP_TITLE = "E-helse: portefølje og indikatorer"

COLUMNS = {
    "code": "Tiltak-ID",
    "name": "Tiltak",
    "owner": "Tiltakseier",
    "programme_area": "Satsning",
    "goals": "Strategiske mål",
    "phase": "Fase",
    "state": "Tilstand",
    "status_overall": "Samlet status",
    "status_progress": "Fremdrift",
    "status_cost": "Kostnad",
    "status_benefit": "Gevinst",
    "risk": "Risiko",
    "planned_finish": "Planlagt ferdig",
    "comment": "Statuskommentar",
    "dependencies": "Avhengigheter",
    "round_code": "Runde",
    "round": "Runde",
    "link": "Detaljer",
}

EMPTY_DATABASE = (
    "Databasen har ingen data ennå. Last opp en porteføljerapport på siden «Last opp», eller kjør "
    "`ehelse sample` for å fylle den med eksempeldata."
)
SHOW_TABLE = "Vis som tabell"
