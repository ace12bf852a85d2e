"""The French words of image setup, shared by ``docker-lab setup``, ``doctor`` and the app.

Pure formatting of :mod:`docker_lab.engine.imageevents` events and of the way
:mod:`docker_lab.engine.imagepath` chooses.
"""

from __future__ import annotations

from docker_lab.engine.imageevents import Chosen, Finished
from docker_lab.engine.imagepath import SetupPath
from docker_lab.engine.imagepull import LayerEvent

OK = ("built", "uptodate", "pulled", "kept")

#: Each way of getting the official images, said in full (doctor, first-run dialog).
WAYS = {"registry": "téléchargement depuis un registre",
        "standins": "remplaçants construits sur cette machine (Debian)",
        "ready": "rien à télécharger", "blocked": "aucune"}


def seconds(s: float) -> str:
    """``1,5 s``."""
    return f"{s:.1f} s".replace(".", ",")


def megabytes(n: int | None) -> str:
    """``12 Mo`` (empty when unknown)."""
    return f"{n / 1e6:.0f} Mo" if n else ""


def result_line(event: Finished, width: int) -> str:
    """The ✓/✗ line of one image."""
    mark = "✓" if event.status in OK else "✗"
    timing = ", ".join(x for x in (megabytes(event.size), seconds(event.seconds)) if x)
    return f"  {mark} {event.name:<{width}}  {event.detail}  [{timing}]"


def chosen_line(event: Chosen) -> str:
    """The line saying which way setup takes, and why."""
    names = {"registry": "registre", "standins": "remplaçants locaux", "ready": "rien à "
             "télécharger", "blocked": "aucune"}
    return f"Voie choisie : {names.get(event.path.kind, event.path.kind)} — {event.path.reason}."


def way_text(path: SetupPath) -> str:
    """« téléchargement depuis un registre — un registre répond… » (the way, then why)."""
    return f"{WAYS.get(path.kind, path.kind)} — {path.reason}"


#: Layer phases after which a layer counts as fully there.
LAYER_DONE = ("téléchargée", "extraction", "installée", "déjà présente")


class LayerTotals:
    """Bytes done and total of each layer of each image being pulled (a bar's numbers)."""

    def __init__(self) -> None:
        self._layers: dict[str, dict[str, tuple[int, int]]] = {}

    def add(self, event: LayerEvent) -> tuple[int, int]:
        """Take one layer event; return that layer's ``(done, total)`` bytes."""
        layers = self._layers.setdefault(event.image, {})
        done, total = layers.get(event.layer, (0, 0))
        if event.phase == "téléchargement" and event.total:
            done, total = event.current, event.total
        elif event.phase in LAYER_DONE:
            done = total
        layers[event.layer] = (done, total)
        return done, total

    def image(self, image: str) -> tuple[int, int]:
        """The ``(done, total)`` bytes of every layer of *image* seen so far."""
        layers = self._layers.get(image) or {}
        return (sum(d for d, _ in layers.values()), sum(t for _, t in layers.values()))

    def drop(self, image: str) -> None:
        """Forget *image* (finished)."""
        self._layers.pop(image, None)
