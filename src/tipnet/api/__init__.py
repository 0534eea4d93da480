"""The REST API (FastAPI, OpenAPI at /api/openapi.json) and the app factory serving it with the web pages."""

from tipnet.api.app import create_app

__all__ = ["create_app"]
