"""Group a deck's slides into lessons (pure).

Two ways, tried in this order:

1. **A plan**: an ordered list of sections, each naming the title of the slide
   that opens it (emoji, case and spaces ignored). The instructor gives one with
   ``docker-lab import --plan FICHIER`` (YAML: a list of ``{id, title,
   first_slide, exercises}``); docker-lab also knows the plan of its own deck
   « Les réseaux Docker » (:data:`BUILTIN_PLANS`). A plan is used when at least
   two of its sections are found; slides before its first section go to a lesson
   made by the rule below.
2. **The topic rule**, for any other deck: slides whose titles share the part
   before « - » form a topic (« Bridge Network - Diagramme », « Bridge Network -
   Caractéristiques »); a new lesson starts at a topic change once the current
   lesson has :data:`MIN_SLIDES` slides, or at any slide once it has
   :data:`MAX_SLIDES`. The lesson is named after its first slide's topic.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from docker_lab.course.deck import DeckSlide
from docker_lab.course.models import Lesson, Slide

MIN_SLIDES = 5
MAX_SLIDES = 12


@dataclass(frozen=True)
class Section:
    """One lesson of a plan: where it starts in the deck and what it is called."""

    id: str
    title: str
    first_slide: str
    exercises: tuple[str, ...] = ()


BUILTIN_PLANS: dict[str, tuple[Section, ...]] = {
    "reseaux-docker": (
        Section("introduction", "Introduction aux réseaux Docker", "Les Réseaux Docker"),
        Section("types-de-reseaux", "Types de réseaux Docker", "Types de réseaux Docker",
                ("types-de-reseaux",)),
        Section("gestion-des-reseaux", "Gestion des réseaux", "Gestion des réseaux",
                ("gestion-des-reseaux",)),
        Section("communication-inter-containers", "Communication inter-containers",
                "Communication inter-containers", ("dns-interne",)),
        Section("architecture-multi-tiers", "Architecture multi-tiers",
                "Architecture multi-tiers", ("multi-tiers",)),
        Section("docker-compose", "Docker Compose", "Docker Compose - Stack complète"),
        Section("securite-et-isolation", "Sécurité et isolation", "Sécurité et isolation"),
        Section("debogage-et-diagnostic", "Débogage et diagnostic", "Débogage réseau - tcpdump"),
        Section("troubleshooting-et-optimisation", "Troubleshooting et optimisation",
                "Troubleshooting - DNS"),
        Section("projet-final", "Projet final", "Exercice pratique avancé"),
    ),
}


def normalize(title: str) -> str:
    """A title without emoji/symbols, case or extra spaces (for matching)."""
    kept = "".join(c for c in title if not unicodedata.category(c).startswith(("S", "M", "C")))
    return " ".join(kept.split()).casefold()


def slugify(text: str, fallback: str = "lecon") -> str:
    """An id made of lowercase ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or fallback


def topic(title: str) -> str:
    """The topic of a slide title: the part before « - », without emoji."""
    head = re.split(r"\s+[-–—:]\s+", title, maxsplit=1)[0]
    return " ".join(
        "".join(c for c in head if not unicodedata.category(c).startswith(("S", "M", "C"))).split()
    )


def choose_plan(slides: Sequence[DeckSlide], plans: dict[str, tuple[Section, ...]]
                ) -> tuple[str, tuple[Section, ...]] | None:
    """The plan whose sections match the most slide titles (two at least)."""
    titles = {normalize(s.title) for s in slides}
    best: tuple[int, str] | None = None
    for name, sections in plans.items():
        found = sum(normalize(section.first_slide) in titles for section in sections)
        if found >= 2 and (best is None or found > best[0]):
            best = (found, name)
    return (best[1], plans[best[1]]) if best else None


def group(slides: Sequence[DeckSlide], sections: Sequence[Section] = ()) -> list[Lesson]:
    """Group slides into lessons, in deck order, numbered from 1.

    Args:
        slides: the deck's slides.
        sections: a plan (may be empty: the topic rule is used throughout).
    """
    starts = {normalize(s.first_slide): s for s in sections}
    groups: list[tuple[Section | None, list[DeckSlide]]] = []
    used: set[str] = set()
    for slide in slides:
        key = normalize(slide.title)
        section = starts.get(key)
        if section is not None and section.id not in used:
            used.add(section.id)
            groups.append((section, [slide]))
        elif groups and groups[-1][0] is not None:
            groups[-1][1].append(slide)
        else:
            _by_topic(groups, slide)
    lessons: list[Lesson] = []
    taken: set[str] = set()
    for order, (section, members) in enumerate(groups, start=1):
        title = section.title if section else topic(members[0].title) or members[0].title
        lesson_id = _unique(section.id if section else slugify(title), taken)
        lessons.append(Lesson(
            id=lesson_id, title=title, order=order,
            slides=tuple(Slide(title=s.title, body=s.body) for s in members),
            exercises=section.exercises if section else (),
        ))
    return lessons


def _by_topic(groups: list[tuple[Section | None, list[DeckSlide]]], slide: DeckSlide) -> None:
    if not groups or groups[-1][0] is not None:
        groups.append((None, [slide]))
        return
    members = groups[-1][1]
    changed = topic(slide.title).casefold() != topic(members[-1].title).casefold()
    if len(members) >= MAX_SLIDES or (changed and len(members) >= MIN_SLIDES):
        groups.append((None, [slide]))
    else:
        members.append(slide)


def _unique(candidate: str, taken: set[str]) -> str:
    result, n = candidate, 2
    while result in taken:
        result, n = f"{candidate}-{n}", n + 1
    taken.add(result)
    return result
