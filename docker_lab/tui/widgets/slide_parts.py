"""Widgets for the parts of a slide: sendable shell blocks and Mermaid diagrams."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import ScrollableContainer
from textual.events import Click
from textual.highlight import highlight
from textual.message import Message
from textual.widgets import Static

from docker_lab.course.mermaid import draw, focus_column
from docker_lab.tui.slidetext import Part

_CIRCLED = "①②③④⑤⑥⑦⑧⑨"


def block_label(number: int) -> str:
    """Return the circled number shown on shell block *number*."""
    return _CIRCLED[number - 1] if 1 <= number <= len(_CIRCLED) else f"({number})"


class ShellBlock(Static):
    """A highlighted shell code block; a click (or its number key) sends it."""

    DEFAULT_CSS = """
    ShellBlock {
        border: round $secondary;
        border-title-color: $secondary;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        margin: 0 0 1 0;
        height: auto;
        background: $surface;
    }
    ShellBlock:hover { border: round $accent; background: $boost; }
    ShellBlock.-sent { border: round $success; }
    """

    class Send(Message):
        """The student asked to send this block to the console."""

        def __init__(self, block: ShellBlock) -> None:
            super().__init__()
            self.block = block

        @property
        def part(self) -> Part:
            """The slide part to send."""
            return self.block.part

    def __init__(self, part: Part) -> None:
        super().__init__(highlight(part.text, language="bash"), classes="shell-block")
        self.part = part
        key = str(part.number) if part.number <= 9 else "e"
        self.border_title = f"{block_label(part.number)} {part.language}"
        self.border_subtitle = f"[{key}] ou clic : envoyer à la console"
        self.tooltip = "Cliquer pour taper ces commandes dans la console"

    def on_click(self, event: Click) -> None:
        """Send the block when clicked."""
        event.stop()
        self.post_message(self.Send(self))


class MermaidView(ScrollableContainer, can_focus=True):
    """A Mermaid diagram drawn as text; scrolls sideways when wider than the pane."""

    DEFAULT_CSS = """
    MermaidView {
        height: auto;
        max-height: 40;
        overflow-x: auto;
        overflow-y: auto;
        border: round $panel-lighten-2;
        border-subtitle-color: $text-muted;
        margin: 0 0 1 0;
        scrollbar-size: 1 1;
    }
    MermaidView:focus { border: round $accent; }
    MermaidView .mermaid-text { height: auto; text-wrap: nowrap; }
    """

    def __init__(self, part: Part) -> None:
        super().__init__(classes="mermaid")
        self.diagram = draw(part.text)
        self.border_title = "Diagramme" if self.diagram.drawn else "Diagramme (source)"
        if not self.diagram.drawn:
            self.border_subtitle = self.diagram.error
        elif self.diagram.width > 50:
            self.border_subtitle = "← → ou Maj+molette : défiler · z : agrandir"

    def compose(self) -> ComposeResult:
        """Yield the drawing (or the source) as plain text."""
        text = Static(Text(self.diagram.text, no_wrap=True, overflow="ignore"),
                      classes="mermaid-text")
        text.styles.width = max(self.diagram.width, 1)  # never wrapped: scrolls sideways
        yield text

    def on_mount(self) -> None:
        """Start on the useful part of a wide diagram (its top node), once laid out."""
        self.call_after_refresh(self.show_focus)

    def on_resize(self) -> None:
        """Keep the top node in view when the pane changes size."""
        self.show_focus()

    def show_focus(self) -> None:
        """Scroll sideways so that the diagram's top node is centred."""
        column = focus_column(self.diagram)
        width = self.scrollable_content_region.width
        if column and width and self.diagram.width > width:
            self.scroll_to(x=max(0, column - width // 2), animate=False, immediate=True)
