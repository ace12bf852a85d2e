"""Typed engine errors; every caller turns them into a French message."""

from __future__ import annotations


class EngineError(Exception):
    """Base class: something prevents talking to the Docker engine.

    ``message`` is French and says what is wrong; ``fix`` says what to do.
    """

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def french(self) -> str:
        """Return the message and the fix as one French text."""
        return f"{self.message}\n{self.fix}" if self.fix else self.message


class DaemonUnreachable(EngineError):
    """No daemon answers on the configured socket or ``DOCKER_HOST``."""


class PermissionDenied(EngineError):
    """The socket exists but this user may not use it."""


class ApiTooOld(EngineError):
    """The daemon's API is older than 1.41 (Docker 20.10)."""
