"""The app's care of the course's images: the launch check, the first-run dialog, key « i ».

At launch a thread worker asks the engine, in one API call, which of the
course's images it lacks (:mod:`docker_lab.engine.imagestatus`). The exercise
panel is told, and says before an exercise's first step which of its images
are missing. When some are missing and the student has not already answered
« plus tard » for them (:mod:`docker_lab.progress.firstrun`), the first-run
dialog offers to prepare them: the preparation screen runs ``docker-lab
setup``'s own code with its bars. « i » opens that screen for the images the
exercise shown needs (all missing images when it needs none).

:class:`ImageCare` is a part the app owns (``app.image_care``), not a base class:
it runs its worker and pushes its screens through the app it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding, BindingType

from docker_lab.course.models import Course
from docker_lab.engine.images import ImageSpec
from docker_lab.lab.imageoffer import ImageOffer
from docker_lab.progress.firstrun import FirstRunMemory
from docker_lab.tui.screens.firstrun import FirstRunScreen
from docker_lab.tui.screens.prepare import PrepareOutcome, PrepareScreen
from docker_lab.tui.widgets.exercise_panel import ExercisePanel

if TYPE_CHECKING:
    from docker_lab.engine.gateway import DockerGateway


#: « i » (handled by the app, which hands it to :meth:`ImageCare.prepare_shown`).
IMAGE_KEYS: list[BindingType] = [
    Binding("i", "prepare_images", "Images", show=False,
            tooltip="Préparer les images du cours qui manquent (comme docker-lab setup)"),
]


class ImageCare:
    """Everything about the course's images being there (see the module docstring)."""

    def __init__(self, app: App[Any], course: Course,
                 gateway_factory: Callable[[], DockerGateway],
                 images: Sequence[ImageSpec], memory: FirstRunMemory) -> None:
        self.app = app
        self.course = course
        self.gateway_factory = gateway_factory
        self.images = tuple(images)
        self.memory = memory
        #: The course's images the engine lacks (None until the launch check answered).
        self.missing: frozenset[str] | None = None

    def check(self, offer: bool = True, prepared: bool = False) -> None:
        """Ask the engine which images are missing (in a worker); maybe offer to prepare them."""
        self.app.run_worker(partial(self._look, offer, prepared), thread=True, exclusive=True,
                            exit_on_error=False, group="images")

    def _look(self, offer: bool, prepared: bool) -> None:
        from docker_lab.engine.connection import engine_errors
        from docker_lab.engine.imagestatus import missing_images
        from docker_lab.lab.imageoffer import image_offer

        gateway = None
        try:
            gateway = self.gateway_factory()
            with engine_errors():
                missing = missing_images(gateway.client, [s.name for s in self.images])
                details = None
                if offer and self.memory.should_offer(missing):
                    details = image_offer(gateway.client, self.course.exercises.values(),
                                          missing, self.images)
        except Exception:  # Docker unreachable: the panel says so; nothing to offer
            return
        finally:
            if gateway is not None:
                gateway.close()
        self.app.call_from_thread(self._known, tuple(missing), details, prepared)

    def _known(self, missing: tuple[str, ...], offer: ImageOffer | None,
               prepared: bool) -> None:
        self.missing = frozenset(missing)
        for panel in self._panels():
            panel.show_missing_images(self.missing)
        if prepared:  # after a preparation: what is still missing was left for later
            if missing:
                self.memory.remember_declined(missing)
            else:
                self.memory.forget()
        if offer is not None:
            self.app.push_screen(FirstRunScreen(offer), lambda now: self._answered(offer, now))

    def _panels(self) -> list[ExercisePanel]:
        return [panel for screen in self.app.screen_stack
                for panel in screen.query(ExercisePanel)]

    def _answered(self, offer: ImageOffer, now: bool | None) -> None:
        if now:
            self.prepare(offer.missing)
            return
        self.memory.remember_declined(offer.missing)
        self.app.notify("Les leçons restent lisibles. Touche i (hors console) pour préparer les "
                        "images plus tard, ou : docker-lab setup.", title="Images du cours",
                        timeout=10)

    def prepare(self, names: Sequence[str]) -> None:
        """Open the preparation screen for *names* (their absent bases come too)."""
        self.app.push_screen(PrepareScreen(names, self.gateway_factory, self.images),
                             self._prepared)

    def _prepared(self, outcome: PrepareOutcome | None) -> None:
        self.check(offer=False, prepared=True)

    def prepare_shown(self) -> None:
        """« i »: prepare the images the exercise shown needs (else every missing one)."""
        if self.missing is None:
            self.app.notify("Vérification des images en cours…", title="Images du cours")
            self.check(offer=False)
            return
        wanted = [n for panel in self._panels() for n in panel.missing_for_exercise()]
        names = wanted or [s.name for s in self.images if s.name in self.missing]
        if not names:
            self.app.notify("Toutes les images du cours sont présentes.",
                            title="Images du cours")
            return
        self.prepare(names)
