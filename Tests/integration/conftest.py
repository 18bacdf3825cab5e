"""Fixtures for the runtime integration tests (defined in serve_support)."""

from serve_support import anyio_backend, bundle, fake_api  # noqa: F401
