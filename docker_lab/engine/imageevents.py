"""What ``docker-lab setup`` reports while it works (the command draws them).

Setup, export and import send these to a *report* callback; pulls also send
:class:`~docker_lab.engine.imagepull.LayerEvent` items, bundles
:class:`Transfer` items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docker_lab.engine.imagepath import SetupPath


@dataclass(frozen=True)
class Started:
    """Work on *name* begins (*action* is French: « construction », « téléchargement »)."""

    name: str
    action: str


@dataclass(frozen=True)
class Line:
    """A progress line for *name* (``""``: about setup as a whole)."""

    name: str
    text: str


@dataclass(frozen=True)
class Chosen:
    """The way setup takes for the official images (see :mod:`.imagepath`)."""

    path: SetupPath


@dataclass(frozen=True)
class Finished:
    """The outcome for one image.

    ``status`` is one of ``built``, ``uptodate``, ``pulled``, ``kept`` (an image
    setup did not make is left alone), ``missing`` (host packages absent),
    ``unavailable`` (no registry and no way to make it here), ``failed``;
    ``ok`` tells whether the image is now runnable.
    """

    name: str
    status: str
    detail: str
    seconds: float
    size: int | None = None
    missing: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the image is runnable after setup."""
        return self.status in ("built", "uptodate", "pulled", "kept")


Report = Callable[[object], None]


@dataclass(frozen=True)
class Transfer:
    """Bytes of a bundle written or read so far (*total* 0 when unknown)."""

    what: str
    done: int
    total: int
