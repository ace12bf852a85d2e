"""Pure helpers of the app: slide splitting, typed commands, Mermaid drawing."""

from __future__ import annotations

from docker_lab.course.mermaid import draw, prepare
from docker_lab.tui.slidetext import display_safe, split_slide, typed_text

BODY = """Intro **é**

```bash
# commentaire
docker network create \\
  --driver bridge \\
  mon-reseau
docker ps
```

```yaml
a: 1
```

```mermaid
graph LR
  A[Un<br/>deux] --> B
```
"""


def test_split_slide_keeps_order_and_numbers_shell_blocks() -> None:
    parts = split_slide(BODY)
    assert [p.kind for p in parts] == ["markdown", "shell", "markdown", "mermaid"]
    assert parts[1].number == 1 and parts[1].language == "bash"
    assert "```yaml" in parts[2].text, "non-shell blocks stay in the Markdown"
    assert parts[3].text.startswith("graph LR")


def test_typed_text_keeps_continuations_and_drops_comments() -> None:
    typed = typed_text(next(p for p in split_slide(BODY) if p.kind == "shell").text)
    assert typed == "docker network create \\\n  --driver bridge \\\n  mon-reseau\ndocker ps"
    assert typed_text("$ docker ps\n\n# rien\n") == "docker ps"


def test_display_safe_removes_variation_selectors() -> None:
    assert display_safe("⚙️ Réglages") == "⚙ Réglages"


def test_mermaid_line_breaks_become_two_lines() -> None:
    assert prepare("A[Un<br/>deux<br>trois<BR />]") == "A[Un\\ndeux\\ntrois\\n]"
    diagram = draw("graph LR\n  A[Un<br/>deux] --> B")
    assert diagram.drawn
    lines = diagram.text.splitlines()
    assert any("Un" in line and "deux" not in line for line in lines)
    assert any("deux" in line for line in lines)
    assert "<br" not in diagram.text


def test_mermaid_unknown_source_is_shown_as_is() -> None:
    diagram = draw("ceci n'est pas du mermaid {{{")
    assert not diagram.drawn
    assert diagram.text == "ceci n'est pas du mermaid {{{"
    assert diagram.error.startswith("diagramme non dessinable")


def test_the_decks_diagrams_are_drawn() -> None:
    from docker_lab import paths
    from docker_lab.course.loader import load_course

    course, _ = load_course(paths.course_dirs())
    sources = [part.text for lesson in course.lessons for slide in lesson.slides
               for part in split_slide(slide.body) if part.kind == "mermaid"]
    assert len(sources) == 3
    for source in sources:
        diagram = draw(source)
        assert diagram.drawn, diagram.error
        assert "┌" in diagram.text and "<br" not in diagram.text


def test_brackets_in_capitals_are_shown_not_read_as_markup() -> None:
    from textual.content import Content

    from docker_lab.tui.widgets.exercise_view import inline, solution_text

    shown = Content.from_markup(inline("Les options vont avant l'image : `docker run [OPTIONS] "
                                       "IMAGE [COMMANDE]`. [b]")).plain
    assert shown == "Les options vont avant l'image : docker run [OPTIONS] IMAGE [COMMANDE]. [b]"
    step = type("S", (), {"solution": ("docker ps --format '[{{.Names}}]'",)})()
    assert "'[{{.Names}}]'" in Content.from_markup(solution_text(step)).plain  # type: ignore[arg-type]
