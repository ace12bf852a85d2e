"""How ``docker-lab setup`` shows its progress: bars on a terminal, plain lines in a log.

:func:`make_view` returns a callable that receives setup's events (see
:mod:`docker_lab.engine.imageevents` and :class:`~docker_lab.engine.imagepull.LayerEvent`).
On a terminal, rich draws one bar per image being pulled and one per layer, as
``docker pull`` does, plus a bar for a bundle being written or read; every
finished image leaves one ✓/✗ line above the bars. Piped to a file, the same
events become French lines, a layer's progress at every quarter.
"""

from __future__ import annotations

from typing import Any, TextIO

from docker_lab.engine.imageevents import Chosen, Finished, Line, Started, Transfer
from docker_lab.engine.imagepull import LayerEvent, PullProgress
from docker_lab.lab.setuptext import LayerTotals, chosen_line, megabytes, result_line


class PlainView:
    """Setup's events as French lines (a log, a pipe, a test)."""

    def __init__(self, out: TextIO, width: int) -> None:
        self.out, self.width = out, width
        self._pull = PullProgress()
        self._quarters: dict[str, int] = {}

    def __call__(self, event: object) -> None:
        for text in self.lines(event):
            self.out.write(text + "\n")
        self.out.flush()

    def lines(self, event: object) -> list[str]:
        """The lines for one event (maybe none)."""
        if isinstance(event, Chosen):
            return [chosen_line(event)]
        if isinstance(event, Started):
            return [f"  … {event.name:<{self.width}}  {event.action} en cours…"]
        if isinstance(event, Line):
            return [f"      {event.name} : {event.text}" if event.name else f"  {event.text}"]
        if isinstance(event, LayerEvent | str):
            image = event.image if isinstance(event, LayerEvent) else ""
            return [f"      {image} : {t}" if image else f"      {t}"
                    for t in self._pull.lines(event)]
        if isinstance(event, Transfer):
            quarter = 4 if event.total <= 0 else min(4, 4 * event.done // event.total)
            if self._quarters.get(event.what) == quarter:
                return []
            self._quarters[event.what] = quarter
            return [f"  {event.what} : {megabytes(event.done) or '0 Mo'}"
                    f"{' / ' + megabytes(event.total) if event.total else ''}"]
        if isinstance(event, Finished):
            return [result_line(event, self.width)]
        return []


class RichView:
    """Setup's events as live bars on a terminal (rich), result lines above them."""

    def __init__(self, out: TextIO, width: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TransferSpeedColumn,
        )

        self.width = width
        self.console = Console(file=out, highlight=False)
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                 BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                                 console=self.console, transient=True)
        self._tasks: dict[tuple[str, str], Any] = {}
        self._layers = LayerTotals()
        self.progress.start()

    def close(self) -> None:
        """Stop the live display (the result lines stay)."""
        self.progress.stop()

    def _task(self, key: tuple[str, str], description: str, total: float | None) -> Any:
        if key not in self._tasks:
            self._tasks[key] = self.progress.add_task(description, total=total)
        return self._tasks[key]

    def _drop(self, image: str) -> None:
        for key in [k for k in self._tasks if k[0] == image]:
            self.progress.remove_task(self._tasks.pop(key))
        self._layers.drop(image)

    def __call__(self, event: object) -> None:
        if isinstance(event, Chosen):
            self.console.print(chosen_line(event), markup=False)
        elif isinstance(event, Started):
            self._task((event.name, ""), f"{event.name} : {event.action}", None)
        elif isinstance(event, Line):
            self.console.print(f"      {event.name} : {event.text}" if event.name
                               else f"  {event.text}", markup=False)
        elif isinstance(event, LayerEvent):
            self._layer(event)
        elif isinstance(event, Transfer):
            task = self._task(("", event.what), event.what, event.total or None)
            self.progress.update(task, completed=event.done, total=event.total or None)
        elif isinstance(event, Finished):
            self._drop(event.name)
            self.console.print(result_line(event, self.width), markup=False)

    def _layer(self, event: LayerEvent) -> None:
        task = self._task((event.image, event.layer), f"  couche {event.layer}", None)
        done, total = self._layers.add(event)
        self.progress.update(task, description=f"  couche {event.layer} : {event.phase}",
                             completed=done, total=total or None)
        image_task = self._task((event.image, ""), event.image, None)
        done, total = self._layers.image(event.image)
        self.progress.update(image_task, description=f"{event.image} : téléchargement",
                             completed=done, total=total or None)


def make_view(out: TextIO, width: int) -> PlainView | RichView:
    """Bars when *out* is a terminal, else plain lines."""
    return RichView(out, width) if out.isatty() else PlainView(out, width)
