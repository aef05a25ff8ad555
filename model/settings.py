"""Configuration from the environment (``EHELSE_*`` variables), read when asked for, never at import."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_db_path() -> Path:
    """The documented default SQLite file: ``ehelse.db`` in the user's data directory.

    On Linux that is ``~/.local/share/ehelse/ehelse.db``.
    """
    return Path(user_data_dir("ehelse", appauthor=False)) / "ehelse.db"


class Settings(BaseSettings):
    """Every knob of the product. Each field is read from ``EHELSE_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="EHELSE_", env_file=None, extra="ignore")

    db_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default is a SQLite file in the user's data directory.",
    )
    base_year: int = Field(default=2015, description="Default base year of the attainment method.")
    target_year: int = Field(default=2030, description="The strategy's horizon.")
    max_upload_mb: float = Field(default=25.0, description="Largest accepted upload, in MB.")
    max_unpacked_mb: float = Field(
        default=200.0, description="Largest accepted uncompressed size of a workbook's contents."
    )
    max_compression_ratio: float = Field(
        default=200.0, description="Refuse zip members compressed more than this (zip bombs)."
    )
    max_cells: int = Field(
        default=3_000_000,
        description=(
            "Largest number of cells all sheets of a workbook may span, each counted from A1 to "
            "its last value (memory while reading: ~100 bytes per cell)."
        ),
    )
    owners: str = Field(
        default="",
        description=(
            "The portfolio's owners (Tiltakseier), separated by semicolons or line breaks. Empty: "
            "an owner no earlier round has is a warning (unknown-owner); set: an error."
        ),
    )

    # -- access (README: «Tilgang») ------------------------------------------------------
    auth_mode: Literal["none", "local", "oidc"] = Field(
        default="none",
        description=(
            "none: every visitor is a reader and nothing writes; local: no sign-in, a banner, and "
            "the role from local_role (a laptop or a demo); oidc: sign-in with st.login()."
        ),
    )
    local_role: Literal["leser", "redaktor", "administrator"] = Field(
        default="redaktor", description="The role everyone gets in local mode."
    )
    local_user: str | None = Field(
        default=None, description="Name recorded in local mode; default '<OS user> (lokal modus)'."
    )
    secrets_file: Path | None = Field(
        default=None,
        description="Streamlit secrets file with the [auth] section; `ehelse serve` passes it on.",
    )
    roles_file: Path | None = Field(
        default=None, description="TOML file mapping e-mail addresses and groups to roles (oidc)."
    )
    oidc_default_role: Literal["leser", "ingen"] = Field(
        default="leser",
        description="Role of a signed-in user who has no grant; 'ingen' shows a refusal instead.",
    )
    oidc_groups_claim: str = Field(
        default="groups", description="The ID-token claim that lists the user's groups."
    )
    allowed_hosts: str = Field(
        default="",
        description=(
            "Host names the dashboard answers to, separated by commas (e.g. ehelse.example.no); "
            "localhost always. Empty: local mode answers only to localhost, oidc to the host of "
            "redirect_uri, none/public to any host. Guards against DNS rebinding."
        ),
    )
    session_hours: float = Field(
        default=12.0,
        description="How long a sign-in (oidc) lasts before the user must sign in again.",
    )
    public_mode: bool = Field(
        default=False,
        description="Public read-only indicator dashboard: only the indicator pages, no sign-in.",
    )

    def owner_list(self) -> list[str]:
        """``owners`` as names (semicolons or line breaks separate them; spacing is trimmed)."""
        names = (" ".join(n.split()) for n in self.owners.replace("\n", ";").split(";"))
        return [n for n in names if n]

    def allowed_host_names(self) -> list[str]:
        return [h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip()]

    def resolved_db_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{default_db_path()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; call ``get_settings.cache_clear()`` after changing env)."""
    return Settings()
