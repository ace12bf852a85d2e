"""Slide splitting, grouping and YAML writing of the importer (pure logic)."""

from __future__ import annotations

import time

import pytest
import yaml

from docker_lab.course.deck import DeckError, parse_deck
from docker_lab.course.grouping import MAX_SLIDES, Section, group, normalize, slugify, topic
from docker_lab.course.lessonyaml import lesson_data, lesson_yaml
from docker_lab.course.models import Lesson, Slide


def test_separator_inside_code_fence_is_code() -> None:
    deck = parse_deck(
        "# Compose\n\n```yaml\n---\nservices: {}\n```\n\n---\n\n# Suite\n\n~~~\n---\n~~~\n"
    )
    assert [s.title for s in deck.slides] == ["Compose", "Suite"]
    assert deck.slides[0].body == "```yaml\n---\nservices: {}\n```"
    assert deck.slides[1].body == "~~~\n---\n~~~"


def test_a_fence_never_closed_does_not_swallow_the_next_slides() -> None:
    deck = parse_deck("# Un\n\n```bash\nls\n\n---\n\n# Deux\n\n```\nx\n```\n\n---\n\n"
                      "# Trois\n\n~~~\nfin\n")
    assert [s.title for s in deck.slides] == ["Un", "Deux", "Trois"]
    assert deck.slides[0].body == "```bash\nls\n```"
    assert deck.slides[1].body == "```\nx\n```"
    assert deck.slides[2].body == "~~~\nfin\n~~~"
    assert [n for n in deck.notes if "jamais refermé" in n] == [
        "ligne 3 : bloc de code « ``` » jamais refermé : refermé avant la ligne « --- » 6 pour "
        "ne pas avaler les diapositives suivantes ; relisez-le",
        "ligne 18 : bloc de code « ~~~ » jamais refermé : refermé à la fin du deck ; relisez-le",
    ]


def test_a_separator_kept_as_code_before_a_title_is_noted() -> None:
    """The first diagram's closing fence forgotten: the next fence closes it, the slides
    between are code; the separator followed by a title says so."""
    deck = parse_deck("# Un\n\n```mermaid\ngraph LR\n\n---\n\n# Deux\n\n```bash\nls\n```\n")
    assert [s.title for s in deck.slides] == ["Un"]
    assert deck.notes == (
        "ligne 6 : « --- » suivi d'un titre, mais dans le bloc de code « ``` » ouvert ligne 3 : "
        "gardé comme du code ; ce bloc n'est-il pas refermé trop tard ?",)


def test_many_open_fences_are_split_in_linear_time() -> None:
    """Each separator asked « does the deck end inside a block from here? » by reading the
    rest of the deck: 16,000 slides with an open fence took a minute."""
    text = "\n---\n\n".join(f"# Diapo {n}\n\n```\ncode\n" for n in range(16_000))
    started = time.monotonic()
    deck = parse_deck(text)
    assert time.monotonic() - started < 3.0
    assert len(deck.slides) == 8_000


def test_front_matter_anchors_and_title() -> None:
    text = ("---\nrouteAlias: 'reseaux'\n---\n\n<a name=\"x\" id=\"x\"></a>\n\n"
            "# Titre 🌐\n\n### Sous-titre\n\nTexte <a id='y'></a>fin.\n")
    deck = parse_deck(text)
    assert deck.front_matter == {"routeAlias": "reseaux"}
    assert len(deck.slides) == 1
    assert deck.slides[0].title == "Titre 🌐"
    assert deck.slides[0].body == "### Sous-titre\n\nTexte fin."


def test_whitespace_policy() -> None:
    text = "# T\n\nfin de paragraphe   \n\ncassure  \nsuite\n\n```\n  code  \n    \nx\n```\n"
    body = parse_deck(text).slides[0].body
    assert body == "fin de paragraphe\n\ncassure\\\nsuite\n\n```\n  code  \n\nx\n```"


def test_title_fallbacks_and_notes() -> None:
    deck = parse_deck("# Un\n\na\n\n---\n\n## Deux\n\nb\n\n---\n\nsans titre\n\n---\n\n---\n")
    assert [s.title for s in deck.slides] == ["Un", "Deux", "Diapositive 3"]
    assert deck.slides[1].body == "b"
    assert any("sans titre « # »" in n for n in deck.notes)
    assert any("Diapositive 3" in n for n in deck.notes)


def test_slide_front_matter_is_skipped() -> None:
    deck = parse_deck("# Un\n\na\n\n---\nlayout: center\n---\n\n# Deux\n")
    assert [s.title for s in deck.slides] == ["Un", "Deux"]
    assert any("métadonnées" in n for n in deck.notes)


def test_no_heading_anywhere_is_not_a_deck() -> None:
    with pytest.raises(DeckError, match="aucune diapositive"):
        parse_deck("du texte\n---\nencore\n")


def test_helpers() -> None:
    assert normalize("  Gestion des  RÉSEAUX 🔧 ") == "gestion des réseaux"
    assert slugify("Sécurité et isolation !") == "securite-et-isolation"
    assert slugify("🚀") == "lecon"
    assert topic("Bridge Network - Caractéristiques ✨") == "Bridge Network"


def _slides(*titles: str) -> list:  # type: ignore[type-arg]
    from docker_lab.course.deck import DeckSlide

    return [DeckSlide(i + 1, t, "corps", i) for i, t in enumerate(titles)]


def test_plan_sections_and_leading_slides() -> None:
    slides = _slides("Avant", "Début 🎯", "a", "Fin", "b")
    lessons = group(slides, [Section("debut", "Début", "début"), Section("fin", "Fin", "Fin",
                                                                         ("ex",))])
    assert [(le.id, le.order, len(le.slides), le.exercises) for le in lessons] == [
        ("avant", 1, 1, ()), ("debut", 2, 2, ()), ("fin", 3, 2, ("ex",))]


def test_topic_rule_caps_lesson_size() -> None:
    lessons = group(_slides(*[f"Même sujet - {i}" for i in range(MAX_SLIDES + 3)]))
    assert [len(le.slides) for le in lessons] == [MAX_SLIDES, 3]
    assert [le.id for le in lessons] == ["meme-sujet", "meme-sujet-2"]


def test_yaml_round_trip_of_awkward_values() -> None:
    lesson = Lesson(
        id="x", title="Titre: avec « deux-points »", order=1,
        slides=(
            Slide(title='Guillemets " et \\ 🔒', body="    indenté d'abord\n\tavec tabulation",
                  notes="note"),
            Slide(title="Contrôle", body="bip\x07 fin"),
            Slide(title="Vide", body=""),
        ),
        exercises=("a", "b"),
    )
    text = lesson_yaml(lesson)
    assert yaml.safe_load(text) == lesson_data(lesson)
    assert "    body: |2\n" in text
    assert "\\u0007" in text  # a control character cannot sit in a block scalar
