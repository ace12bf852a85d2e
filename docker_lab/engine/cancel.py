"""Stopping ``docker-lab setup`` halfway without leaving a course name on a broken image.

The app runs setup in a thread; its « Annuler » button sets a :class:`CancelToken`
that setup reads between steps: before each image, at each event of a pull or a
build stream, and right before naming an image. A build is made under a
temporary name (:func:`temporary_name`); the course's name is given by one
``tag`` call, the last step, only once the image is complete and the token
still clear. So a cancel leaves every course name where it was: on the image
it named before, or on nothing.
"""

from __future__ import annotations

import os
import threading
import uuid

#: Repository of the temporary names builds are made under.
TEMPORARY_REPO = "docker-lab-en-cours"


class SetupCancelled(Exception):
    """The user cancelled setup (raised between two steps; never an EngineError)."""


class CancelToken:
    """A flag the UI sets and setup's thread reads (thread-safe)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask setup to stop at its next step."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`SetupCancelled` when cancelled.

        Raises:
            SetupCancelled: the user cancelled.
        """
        if self._event.is_set():
            raise SetupCancelled


def check(token: CancelToken | None) -> None:
    """:meth:`CancelToken.check` of *token*; nothing without a token."""
    if token is not None:
        token.check()


def temporary_name() -> str:
    """A unique name to build under before the real name is given (``repo:tag``)."""
    return f"{TEMPORARY_REPO}:{os.getpid()}-{uuid.uuid4().hex[:12]}"
