"""Configuration from TIPNET_* environment variables (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where tipnet keeps its data and which database it talks to."""

    model_config = SettingsConfigDict(env_prefix="TIPNET_", extra="ignore")

    data_dir: Path = Path("tipnet-data")
    database_url: str | None = None
    # goAML: a JSON file with the FIU's schema path, the reporting entity and person, and the FIU's lookup
    # codes (tipnet.finance.goaml.GoamlConfig); None: the defaults (the schema in ../shared/reference)
    goaml_settings: Path | None = None

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, or the embedded SQLite file under the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'tipnet.db').resolve()}"

    @property
    def report_dir(self) -> Path:
        return self.data_dir / "report"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
