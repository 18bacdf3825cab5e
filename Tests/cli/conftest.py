"""Fixtures for the command-line tests (defined in cli_support)."""

from cli_support import acme_copy, hbc  # noqa: F401
