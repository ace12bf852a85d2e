"""The shipped course holds the whole deck: 74 slides, in order, clean UTF-8 French.

The deck's titles are read here with a small parser of its own (not the
importer's), after the encoding repair, so that a bug in the importer's slide
splitting cannot hide a lost or duplicated slide in ``lessons/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from docker_lab.course.loader import load_files, yaml_files
from docker_lab.course.models import Lesson
from docker_lab.course.mojibake import repair

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
SEED = ROOT / "tests" / "data" / "seed_deck.md"

EXPECTED = [  # id, order, number of slides, exercises
    ("introduction", 1, 9, []),
    ("types-de-reseaux", 2, 9, ["types-de-reseaux"]),
    ("gestion-des-reseaux", 3, 7, ["gestion-des-reseaux"]),
    ("communication-inter-containers", 4, 8, ["dns-interne"]),
    ("architecture-multi-tiers", 5, 10, ["multi-tiers"]),
    ("docker-compose", 6, 7, ["stack-compose"]),
    ("securite-et-isolation", 7, 5, ["securite-isolation"]),
    ("debogage-et-diagnostic", 8, 8, ["diagnostic"]),
    ("troubleshooting-et-optimisation", 9, 6, ["conflit-de-ports"]),
    ("projet-final", 10, 5, ["projet-final"]),
]
MOJIBAKE = ("Ã", "Â", "ğŸ", "ï¸", "â€", "\ufffd", "Å", "Ÿ")


def deck_slides(text: str) -> list[tuple[str, str]]:
    """(title, raw chunk) of each slide: split on ``---`` outside fences, skip front matter."""
    chunks: list[list[str]] = [[]]
    in_code = False
    for line in text.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
        if line.strip() == "---" and not in_code:
            chunks.append([])
        else:
            chunks[-1].append(line)
    assert not "".join(chunks[0]).strip() and chunks[1][0].startswith("routeAlias:")
    slides = []
    for chunk in chunks[2:]:
        titles = [line[2:].strip() for line in chunk if line.startswith("# ")]
        slides.append((titles[0], "\n".join(chunk)))
    return slides


@pytest.fixture(scope="module")
def deck() -> list[tuple[str, str]]:
    return deck_slides(repair(SEED.read_text(encoding="utf-8")).text)


@pytest.fixture(scope="module")
def lessons() -> list[Lesson]:
    course, problems = load_files(yaml_files(LESSONS), [], check_exercise_refs=False)
    assert problems == []
    return list(course.lessons)


def test_seed_copy_is_the_deck_as_received() -> None:
    shared = ROOT.parent / "shared" / "seed" / "000_20c53c71a95a6ebe.txt"
    if not shared.exists():
        pytest.skip("the shared seed folder is not next to this checkout")
    assert SEED.read_bytes() == shared.read_bytes()


def test_every_deck_title_appears_once_in_order(
    deck: list[tuple[str, str]], lessons: list[Lesson]
) -> None:
    shipped = [slide.title for lesson in lessons for slide in lesson.slides]
    assert len(deck) == 74
    assert shipped == [title for title, _ in deck]
    assert len(set(shipped)) == 74


def test_lesson_ids_order_sizes_and_exercises(lessons: list[Lesson]) -> None:
    got = [(le.id, le.order, len(le.slides), list(le.exercises)) for le in lessons]
    assert got == EXPECTED
    names = sorted(p.name for p in LESSONS.glob("*.yaml"))
    assert names == [f"{order:02d}-{lesson_id}.yaml" for lesson_id, order, _, _ in EXPECTED]


def test_no_mojibake_anywhere_under_lessons() -> None:
    for path in LESSONS.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8")  # strict: fails on invalid UTF-8
            for marker in MOJIBAKE:
                assert marker not in text, f"{path.name}: « {marker} »"


def test_french_and_emoji_are_restored(lessons: list[Lesson]) -> None:
    titles = [slide.title for lesson in lessons for slide in lesson.slides]
    assert titles[0] == "Les Réseaux Docker 🌐"
    assert "Architecture réseau Docker 🏗\ufe0f" in titles
    assert "Host Network - Avantages/Inconvénients ⚖\ufe0f" in titles
    assert "Connexions réseau - Déconnecter ❌" in titles
    assert lessons[0].slides[7].body.startswith("### Éléments clés")


def test_code_blocks_and_mermaid_are_verbatim(
    deck: list[tuple[str, str]], lessons: list[Lesson]
) -> None:
    bodies = [slide.body for lesson in lessons for slide in lesson.slides]
    fence = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)
    kinds: dict[str, int] = {}
    for (_, chunk), body in zip(deck, bodies, strict=True):
        for kind, code in fence.findall(chunk):
            kinds[kind] = kinds.get(kind, 0) + 1
            blank_lines_emptied = re.sub(r"(?m)^[ \t]+$", "", code)
            assert f"```{kind}\n{blank_lines_emptied}```" in body
    assert kinds == {"bash": 44, "yaml": 7, "mermaid": 3}


def test_engine_pitfalls_have_speaker_notes(lessons: list[Lesson]) -> None:
    notes = {slide.title: slide.notes for lesson in lessons for slide in lesson.slides}
    assert "POSTGRES_PASSWORD" in notes["DNS - Base de données 🗄\ufe0f"]
    assert "-z" in notes["Test de connectivité - Netcat 🔧"]
    assert "swarm" in notes["Overlay Network 🌐"]
    assert "parent" in notes["Macvlan Network 🔗"]
    assert "bridge" in notes["Bridge Network - Caractéristiques suite ✨"]
    assert sum(1 for n in notes.values() if n) >= 25


def test_bodies_use_block_scalars() -> None:
    for path in LESSONS.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert '    body: "' not in text, path.name
        data = yaml.safe_load(text)
        assert data["format_version"] == 1
