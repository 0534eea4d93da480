"""tipnet: an open-source counter-trafficking data platform."""

__version__ = "0.1.0"
