"""Fixtures for the runtime integration tests (defined in serve_support and echoing_api)."""

from echoing_api import echo_api  # noqa: F401
from serve_support import anyio_backend, bundle, fake_api  # noqa: F401
