"""The lesson pane: the current slide as Markdown, « diapo N/M », previous/next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Markdown, Static

from docker_lab.course.models import Lesson
from docker_lab.tui.slidetext import display_safe, split_slide
from docker_lab.tui.widgets.slide_parts import MermaidView, ShellBlock


class SlideView(VerticalScroll, can_focus=True):
    """The scrollable body of one slide."""


class LessonPane(Vertical):
    """Shows one slide of one lesson, with its position and navigation links."""

    ALLOW_MAXIMIZE = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lesson: Lesson | None = None
        self.index = 0
        self.selected_block = 0  # 0 = none yet; else the number of the last block sent

    def compose(self) -> ComposeResult:
        """Lay out the header, the slide body and the navigation bar."""
        yield Static("", id="lesson-title")
        yield SlideView(id="slide")
        yield Static("", id="slide-nav")

    @property
    def slide_count(self) -> int:
        """Number of slides of the current lesson."""
        return len(self.lesson.slides) if self.lesson else 0

    def blocks(self) -> list[ShellBlock]:
        """The shell blocks of the slide shown, in order."""
        return list(self.query(ShellBlock))

    async def show(self, lesson: Lesson, index: int, lesson_number: int, lesson_total: int) -> None:
        """Render slide *index* of *lesson*.

        Args:
            lesson: the lesson to show.
            index: 0-based slide index (clamped to the lesson).
            lesson_number: 1-based position of the lesson in the course.
            lesson_total: number of lessons in the course.
        """
        index = max(0, min(index, len(lesson.slides) - 1))
        self.lesson, self.index, self.selected_block = lesson, index, 0
        slide = lesson.slides[index]
        total = len(lesson.slides)
        self.query_one("#lesson-title", Static).update(
            f"📘 Leçon {lesson_number}/{lesson_total} · {display_safe(lesson.title)}"
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
