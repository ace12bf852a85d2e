"""The lesson pane: the current slide as Markdown, « diapo N/M », previous/next.

The pane knows the course: it says where « next » and « previous » lead, and
which shell block « send » means; the screen goes there and types the block.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Markdown, Static

from docker_lab.course.models import Course, Lesson
from docker_lab.tui.messages import Navigate
from docker_lab.tui.slidetext import display_safe, split_slide
from docker_lab.tui.widgets.slide_parts import MermaidView, ShellBlock


class SlideView(VerticalScroll, can_focus=True):
    """The scrollable body of one slide."""

    DEFAULT_CSS = """
    SlideView {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    SlideView Markdown { margin: 0; padding: 0; }
    SlideView .slide-title { margin-bottom: 0; }
    SlideView MarkdownHeader { margin: 1 0 0 0; }
    SlideView .slide-title MarkdownH1 {
        content-align: left middle;
        margin: 0 0 1 0;
        padding: 0 1;
        background: $primary 25%;
        color: $text;
    }
    SlideView MarkdownH3 { margin: 0 0 1 0; }
    SlideView .slide-notes { border: round $warning 60%; border-title-color: $warning; }
    """


class LessonPane(Vertical):
    """Shows one slide of one lesson, with its position and navigation links."""

    DEFAULT_CSS = """
    LessonPane {
        border: round $primary;
        border-title-align: right;
        padding: 0 0;
    }
    LessonPane:focus-within { border: round $accent; }
    #lesson-title {
        height: 1;
        padding: 0 1;
        color: $text-primary;
        text-style: bold;
        background: $boost;
    }
    #slide-nav {
        height: 1;
        content-align: center middle;
        background: $boost;
    }
    """

    ALLOW_MAXIMIZE = True

    def __init__(self, course: Course, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.course = course
        self.lesson: Lesson = course.lessons[0]
        self.index = 0
        self.selected_block = 0  # 0 = none yet; else the number of the last block sent

    def compose(self) -> ComposeResult:
        """Lay out the header, the slide body and the navigation bar."""
        yield Static("", id="lesson-title")
        yield SlideView(id="slide")
        yield Static("", id="slide-nav")

    @property
    def lesson_index(self) -> int:
        """0-based position of the lesson shown in the course."""
        return self.course.lessons.index(self.lesson)

    # -- where navigation leads ----------------------------------------------------------
    def next_slide(self) -> Navigate | None:
        """The next slide (the next lesson's first after the last); ``None`` at the end."""
        if self.index < len(self.lesson.slides) - 1:
            return Navigate(self.lesson.id, self.index + 1)
        return self.next_lesson()

    def previous_slide(self) -> Navigate | None:
        """The previous slide (the previous lesson's last before the first)."""
        if self.index > 0:
            return Navigate(self.lesson.id, self.index - 1)
        position = self.lesson_index
        if position == 0:
            return None
        previous = self.course.lessons[position - 1]
        return Navigate(previous.id, len(previous.slides) - 1)

    def next_lesson(self) -> Navigate | None:
        """The first slide of the next lesson; ``None`` in the last one."""
        position = self.lesson_index
        if position >= len(self.course.lessons) - 1:
            return None
        return Navigate(self.course.lessons[position + 1].id, 0)

    def previous_lesson(self) -> Navigate:
        """The first slide of the previous lesson (of this one, in the first lesson)."""
        return Navigate(self.course.lessons[max(self.lesson_index - 1, 0)].id, 0)

    # -- shell blocks --------------------------------------------------------------------
    def blocks(self) -> list[ShellBlock]:
        """The shell blocks of the slide shown, in order."""
        return list(self.query(ShellBlock))

    def block(self, number: int = 0) -> ShellBlock | None:
        """Shell block *number* (0: the one after the last sent); ``None`` and a warning if none."""
        blocks = self.blocks()
        if not blocks:
            self.notify("Cette diapo n'a pas de commande à envoyer.", severity="warning")
            return None
        if number == 0:
            number = self.selected_block % len(blocks) + 1
        if number > len(blocks):
            self.notify(f"Cette diapo n'a que {len(blocks)} bloc(s).", severity="warning")
            return None
        return blocks[number - 1]

    def mark_sent(self, block: ShellBlock) -> None:
        """Remember *block* as the last one sent, and show it so."""
        self.selected_block = block.part.number
        for other in self.blocks():
            other.set_class(other is block, "-sent")

    # -- drawing -------------------------------------------------------------------------
    async def show(self, lesson: Lesson, index: int) -> None:
        """Render slide *index* (0-based, clamped to the lesson) of *lesson*."""
        index = max(0, min(index, len(lesson.slides) - 1))
        self.lesson, self.index, self.selected_block = lesson, index, 0
        slide = lesson.slides[index]
        total = len(lesson.slides)
        self.query_one("#lesson-title", Static).update(
            f"📘 Leçon {self.lesson_index + 1}/{len(self.course.lessons)} · "
            f"{display_safe(lesson.title)}"
        )
        self.border_title = f"diapo {index + 1}/{total}"
        previous = "[dim]◀ précédente[/]"
        if index > 0:
            previous = "[@click=screen.previous_slide]◀ précédente[/]"
        following = "[dim]suivante ▶[/]"
        if index < total - 1:
            following = "[@click=screen.next_slide]suivante ▶[/]"
        self.query_one("#slide-nav", Static).update(
            f"{previous}   [b]diapo {index + 1}/{total}[/b]   {following}"
        )
        body = self.query_one(SlideView)
        await body.remove_children()
        widgets: list[Widget] = [Markdown(f"# {display_safe(slide.title)}", classes="slide-title")]
        for part in split_slide(display_safe(slide.body)):
            if part.kind == "markdown":
                widgets.append(Markdown(part.text))
            elif part.kind == "mermaid":
                widgets.append(MermaidView(part))
            else:
                widgets.append(ShellBlock(part))
        if slide.notes.strip():
            note = Markdown(display_safe(slide.notes), classes="slide-notes")
            note.border_title = "📝 Remarque"
            widgets.append(note)
        await body.mount_all(widgets)
        body.scroll_home(animate=False)
