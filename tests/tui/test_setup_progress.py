"""The preparation's bars for a pull: one per layer, their sum on the image's bar.

A pull needs a registry (none here; the registry path is tested with the CLI on
a throwaway engine): the widget is fed the events a pull produces, as data.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import ProgressBar, Static

from docker_lab.engine.imageevents import Finished, Started
from docker_lab.engine.imagepull import LayerEvent
from docker_lab.tui.widgets.setup_progress import ImageRow, SetupProgress


class Holder(App[None]):
    def compose(self) -> ComposeResult:
        yield SetupProgress(["alpine:latest"])


async def test_layers_get_a_bar_each_and_the_image_their_sum() -> None:
    app = Holder()
    async with app.run_test(size=(100, 40)) as pilot:
        progress = app.query_one(SetupProgress)
        await progress.feed(Started("alpine:latest", "téléchargement"))
        await progress.feed(LayerEvent("alpine:latest", "aaa", "téléchargement", 30, 100))
        await progress.feed(LayerEvent("alpine:latest", "bbb", "téléchargement", 10, 50))
        await pilot.pause()
        row = progress.query_one(ImageRow)
        layers = list(row.query(".layer-bar").results(ProgressBar))
        assert [(b.progress, b.total) for b in layers] == [(30, 100), (10, 50)]
        assert (row.bar.progress, row.bar.total) == (40, 150)
        await progress.feed(LayerEvent("alpine:latest", "aaa", "installée"))
        assert (row.bar.progress, row.bar.total) == (110, 150)
        line = row.query_one("#line-aaa", Static)
        assert "installée" in str(line.render())
        # A base setup adds (not asked for) gets its own row.
        await progress.feed(Started("nginx:alpine", "téléchargement"))
        await pilot.pause()
        assert [r.image for r in progress.query(ImageRow)] == ["alpine:latest", "nginx:alpine"]
        await progress.feed(Finished("alpine:latest", "pulled", "image officielle "
                                     "téléchargée", 1.5, 3_000_000))
        await pilot.pause()
        assert not list(row.query(".layer-bar"))
        assert "✓ alpine:latest" in str(row.query_one(".image-line", Static).render())
        total = progress.query_one("#sp-total", ProgressBar)
        assert (total.progress, total.total) == (1, 2)
