"""Security settings (TIPNET_* environment variables) beside tipnet.settings."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from tipnet.settings import get_settings


class SecuritySettings(BaseSettings):
    """Where the keys are and how long sessions live; defaults suit one machine."""

    model_config = SettingsConfigDict(env_prefix="TIPNET_", extra="ignore")

    # Base64 of 32 bytes; when set it is key version 1 and no key file is used.
    encryption_key: str | None = None
    # Base64 of 32 bytes for the blind indexes; derived from encryption_key when unset.
    index_key: str | None = None
    # The key file (created on first use, mode 0600); default: <data_dir>/keys/tipnet-keys.json.
    key_file: Path | None = None
    # Send cookies only over HTTPS. Leave on; browsers treat http://localhost as secure.
    cookie_secure: bool = True
    session_hours: float = 8.0
    # Sign-in throttling (docs/security.md, "Sign-in throttling"): failed attempts allowed per
    # account name and client address in the window before delays start (30 s, doubling per attempt); an address
    # is refused after 4x that many; an account after `login_account_cap` failures from all
    # addresses, except from an address it signed in from before.
    login_max_failures: int = 5
    login_window_minutes: int = 15
    # Request bodies larger than this are refused (413) before authentication and parsing;
    # the screening batch endpoint (up to 1,000 travellers) has its own, larger limit.
    max_body_bytes: int = 2 * 1024 * 1024
    max_batch_body_bytes: int = 8 * 1024 * 1024
    # Serve /api/openapi.json to anyone; by default only signed-in callers read it.
    publish_openapi: bool = False
    # Strict-Transport-Security max-age in seconds; 0 (default) sends no HSTS header. Set it
    # (e.g. 31536000) once the server is reached only over HTTPS.
    hsts_max_age: int = 0
    hsts_include_subdomains: bool = False
    login_first_delay_seconds: int = 30
    login_max_delay_seconds: int = 900
    login_account_cap: int = 20
    # Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated IPs, or *).
    # Empty: the header is ignored and the TCP peer is the client address.
    trusted_proxies: str = ""

    @property
    def resolved_key_file(self) -> Path:
        return self.key_file or get_settings().data_dir / "keys" / "tipnet-keys.json"


def security_settings() -> SecuritySettings:
    return SecuritySettings()
