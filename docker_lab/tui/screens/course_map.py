"""The course map: lessons, their slides and exercises with progress; opens any."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, Tree

from docker_lab.course.models import Course
from docker_lab.tui.markup import escape
from docker_lab.tui.messages import Navigate
from docker_lab.tui.slidetext import display_safe


class CourseMapScreen(ModalScreen[Navigate | None]):
    """A tree of the course; Entrée opens the node selected."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,m,f2", "close", "Fermer")]

    def __init__(self, course: Course, completed: Mapping[str, set[str]], here: str | None) -> None:
        """Build the map.

        Args:
            course: the course.
            completed: completed step ids by exercise id.
            here: the id of the lesson shown now (expanded and selected).
        """
        super().__init__(classes="dialog-screen")
        self.course = course
        self.completed = completed
        self.here = here

    def compose(self) -> ComposeResult:
        """Build the tree."""
        with Vertical(classes="dialog course-map"):
            yield Static("[b]🗺  Carte du cours[/b]  "
                         "[dim]Entrée : ouvrir · Espace : déplier · Échap : fermer[/dim]")
            tree: Tree[Navigate] = Tree("Les réseaux Docker", id="map-tree")
            tree.show_root = False
            tree.auto_expand = False
            for number, lesson in enumerate(self.course.lessons, 1):
                exercises = [self.course.exercises[e] for e in lesson.exercises
                             if e in self.course.exercises]
                done = sum(self._done(e.id, len(e.steps)) for e in exercises)
                badge = f"  [green]✓ {done}/{len(exercises)}[/]" if exercises and done else ""
                label = f"📘 {number}. {escape(display_safe(lesson.title))}{badge}"
                node = tree.root.add(label, Navigate(lesson.id), expand=lesson.id == self.here)
                for exercise in exercises:
                    steps = len(exercise.steps)
                    ids = {s.id for s in exercise.steps}
                    count = len(self.completed.get(exercise.id, set()) & ids)
                    mark = "[green]✓[/]" if count == steps else f"[dim]{count}/{steps}[/]"
                    node.add_leaf(
                        f"🧪 {escape(display_safe(exercise.title))}  {mark}",
                        Navigate(lesson.id, 0, exercise.id, True),
                    )
                for index, slide in enumerate(lesson.slides):
                    node.add_leaf(
                        f"[dim]{index + 1}.[/] {escape(display_safe(slide.title))}",
                        Navigate(lesson.id, index),
                    )
            yield tree

    def _done(self, exercise_id: str, steps: int) -> bool:
        return len(self.completed.get(exercise_id, set())) >= steps > 0

    def on_mount(self) -> None:
        """Focus the tree on the lesson shown."""
        tree = self.query_one(Tree)
        tree.focus()
        for node in tree.root.children:
            if node.data is not None and node.data.lesson_id == self.here:
                tree.move_cursor(node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Navigate]) -> None:
        """Open a lesson (its first slide), a slide or an exercise; Espace unfolds."""
        if event.node.data is not None:
            self.dismiss(event.node.data)

    def action_close(self) -> None:
        """Close without moving."""
        self.dismiss(None)

