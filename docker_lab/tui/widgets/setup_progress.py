"""Setup's progress inside the app: one bar per image, one per layer being pulled.

:class:`SetupProgress` takes the events of
:func:`~docker_lab.engine.images.run_setup` (:mod:`docker_lab.engine.imageevents`
and :class:`~docker_lab.engine.imagepull.LayerEvent`) one at a time, through
:meth:`SetupProgress.feed`, on the UI thread: the preparation screen's worker
posts them as messages. A build shows a moving bar (Docker gives no size); a
pull shows bytes per layer and their sum for the image, as ``docker pull`` does.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ProgressBar, Static

from docker_lab.engine.imageevents import Chosen, Finished, Line, Started
from docker_lab.engine.imagepull import LayerEvent
from docker_lab.lab.setuptext import OK, LayerTotals, chosen_line, result_line
from docker_lab.tui.markup import escape


def _key(name: str) -> str:
    """A widget id made of *name* (``mon-api:latest`` -> ``mon-api-latest``)."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


class ImageRow(Vertical):
    """One image: its line, its bar, and the bars of its layers underneath."""

    DEFAULT_CSS = """
    ImageRow { height: auto; margin-bottom: 1; }
    ImageRow > .image-line { height: auto; }
    ImageRow .layer-line { height: 1; color: $text-muted; padding-left: 2; }
    ImageRow .layer-bar { padding-left: 2; }
    """

    def __init__(self, name: str) -> None:
        super().__init__(id=f"img-{_key(name)}", classes="image-row")
        self.image = name
        self.layer_bars: dict[str, ProgressBar] = {}

    def compose(self) -> ComposeResult:
        """The image's line and its bar (waiting: empty)."""
        yield Static(f"⏳ {escape(self.image)} — en attente", classes="image-line")
        yield ProgressBar(total=1, show_eta=False, classes="image-bar")

    @property
    def bar(self) -> ProgressBar:
        """The image's own bar."""
        return self.query_one(".image-bar", ProgressBar)

    def say(self, text: str) -> None:
        """Replace the image's line."""
        self.query_one(".image-line", Static).update(text)

    async def show_layer(self, event: LayerEvent, done: int, total: int) -> None:
        """Show one layer's progress (its line and its bar are added the first time)."""
        bar = self.layer_bars.get(event.layer)
        if bar is None:
            line = Static("", classes="layer-line", id=f"line-{_key(event.layer)}")
            bar = ProgressBar(total=None, show_eta=False, classes="layer-bar")
            self.layer_bars[event.layer] = bar
            await self.mount(line, bar)
        self.query_one(f"#line-{_key(event.layer)}", Static).update(
            f"couche {escape(event.layer)} : {escape(event.phase)}")
        bar.update(total=total or None, progress=done)

    async def finish(self, event: Finished) -> None:
        """Show the outcome; the layers' bars go."""
        for widget in list(self.query(".layer-line, .layer-bar")):
            await widget.remove()
        self.layer_bars.clear()
        self.say(escape(result_line(event, 0).strip()))
        self.bar.update(total=1, progress=1 if event.status in OK else 0)


class SetupProgress(VerticalScroll):
    """The preparation's way, a bar for all images, then one row per image."""

    DEFAULT_CSS = """
    SetupProgress { height: auto; max-height: 24; }
    SetupProgress > #sp-way { height: auto; margin-bottom: 1; color: $text-muted; }
    SetupProgress > #sp-total-line { height: 1; }
    SetupProgress > #sp-total { margin-bottom: 1; }
    SetupProgress > #sp-log { height: auto; color: $text-muted; }
    """

    def __init__(self, names: list[str], id: str | None = None) -> None:
        super().__init__(id=id)
        self.names = list(names)
        self.done: list[Finished] = []
        self._totals = LayerTotals()

    def compose(self) -> ComposeResult:
        """The way (once known), the overall bar, the images."""
        yield Static("Recherche de la voie à prendre…", id="sp-way")
        yield Static(self._total_text(), id="sp-total-line")
        yield ProgressBar(total=len(self.names), show_eta=False, id="sp-total")
        for name in self.names:
            yield ImageRow(name)
        yield Static("", id="sp-log")

    def _total_text(self) -> str:
        return f"[b]Images traitées : {len(self.done)}/{len(self.names)}[/b]"

    async def row(self, name: str) -> ImageRow:
        """The row of image *name* (added when setup works on an image not listed)."""
        found = self.query(f"#img-{_key(name)}").results(ImageRow)
        for row in found:
            return row
        self.names.append(name)
        row = ImageRow(name)
        await self.mount(row, before=self.query_one("#sp-log"))
        self.query_one("#sp-total", ProgressBar).update(total=len(self.names))
        self.query_one("#sp-total-line", Static).update(self._total_text())
        return row

    async def feed(self, event: object) -> None:
        """Show one event of setup."""
        if isinstance(event, Chosen):
            self.query_one("#sp-way", Static).update(escape(chosen_line(event)))
        elif isinstance(event, Started):
            row = await self.row(event.name)
            row.say(f"⚙ {escape(event.name)} — {escape(event.action)} en cours…")
            row.bar.update(total=None)  # a moving bar: Docker gives no size for a build
        elif isinstance(event, LayerEvent):
            done, total = self._totals.add(event)
            row = await self.row(event.image)
            await row.show_layer(event, done, total)
            image_done, image_total = self._totals.image(event.image)
            row.bar.update(total=image_total or None, progress=image_done)
        elif isinstance(event, Line):
            text = f"{event.name} : {event.text}" if event.name else event.text
            self.query_one("#sp-log", Static).update(escape(text))
        elif isinstance(event, Finished):
            self._totals.drop(event.name)
            self.done.append(event)
            await (await self.row(event.name)).finish(event)
            self.query_one("#sp-total", ProgressBar).advance(1)
            self.query_one("#sp-total-line", Static).update(self._total_text())
