"""Import a Markdown slide deck as lesson YAML files (no Textual).

Steps: read the file (refuse empty, binary and non-UTF-8 input), repair double
encoding and truncated emoji (:mod:`.mojibake`), split the slides
(:mod:`.deck`), group them into lessons (:mod:`.grouping`), render each lesson
(:mod:`.lessonyaml`), check every file with the lesson loader, and only then
write them all. Nothing is written when anything fails, and an existing file
is never replaced unless ``force`` is set.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docker_lab.course.deck import DeckError, DeckSlide, parse_deck
from docker_lab.course.grouping import (
    BUILTIN_PLANS,
    Section,
    choose_plan,
    group,
    normalize,
    slugify,
)
from docker_lab.course.lessons import ID_PATTERN, ID_RULE
from docker_lab.course.lessonyaml import lesson_yaml
from docker_lab.course.models import Lesson
from docker_lab.course.mojibake import find_mojibake, repair
from docker_lab.course.slidecheck import check_body, drawing_budget
from docker_lab.spec.problems import Problem, sorted_problems
from docker_lab.spec.schema import Field, Schema, matches
from docker_lab.spec.textfile import ReadError, os_reason_fr, read_regular, sniff_encoding
from docker_lab.spec.yamlpos import load_yaml

#: Largest deck imported: a course's deck is some 100 KB; 2 MB take a few seconds.
MAX_DECK_BYTES = 2 * 1024 * 1024

#: Extensions of files that are certainly not Markdown decks.
NOT_MARKDOWN = frozenset((".yaml", ".yml", ".json", ".py", ".sh", ".js", ".html", ".htm",
                          ".xml", ".csv", ".toml", ".pdf", ".pptx", ".odp", ".docx"))

__all__ = ["DeckError", "ImportResult", "import_deck", "load_plan", "read_deck"]


@dataclass(frozen=True)
class ImportResult:
    """What an import produced: lessons, files written, and French remarks."""

    lessons: tuple[Lesson, ...]
    files: tuple[Path, ...]
    notes: tuple[str, ...]
    plan: str | None


def read_deck(path: Path) -> str:
    """Read a deck as text, refusing what is not UTF-8 Markdown text.

    Raises:
        DeckError: missing, empty, binary or non-UTF-8 file (French message).
    """
    try:
        data = read_regular(path, MAX_DECK_BYTES)
    except ReadError as exc:
        raise DeckError(f"{path} : {exc}") from None
    if not data.strip():
        raise DeckError(f"{path} : le fichier est vide")
    encoding = sniff_encoding(data)
    if encoding is not None:
        raise DeckError(f"{path} : fichier encodé en {encoding} ; enregistrez-le en UTF-8 "
                        f"(iconv -f {encoding} -t UTF-8 {path.name} > deck-utf8.md)")
    if path.suffix.lower() in NOT_MARKDOWN:
        hint = " (une leçon ? vérifiez-la avec docker-lab validate)" \
            if path.suffix.lower() in (".yaml", ".yml") else ""
        raise DeckError(f"{path} : un fichier {path.suffix} n'est pas un deck Markdown{hint}")
    if data.startswith(b"#!"):
        raise DeckError(f"{path} : c'est un script (#!), pas un deck Markdown")
    controls = sum(1 for b in data[:65536] if b < 0x20 and b not in b"\t\n\r\f")
    if controls > max(16, len(data[:65536]) // 100):  # a stray NUL or BEL: removed, noted
        raise DeckError(f"{path} : fichier binaire, un deck Markdown (texte) est attendu")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DeckError(
            f"{path} : le fichier n'est pas encodé en UTF-8 (octet 0x{data[exc.start]:02x} "
            f"à la position {exc.start}) ; convertissez-le d'abord, par exemple : "
            f"iconv -f windows-1252 -t utf-8 {path.name} > deck-utf8.md"
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


#: Longest lesson id a plan may give (the file is named ``NN-id.yaml``).
MAX_PLAN_ID = 60


def _plan_id(value: str) -> str | None:
    if len(value) > MAX_PLAN_ID:
        return f"est trop long ({len(value)} caractères, {MAX_PLAN_ID} au plus)"
    return matches(ID_PATTERN, ID_RULE)(value)


def _exercise_ids(value: list[str]) -> str | None:
    check = matches(ID_PATTERN, ID_RULE)
    return next((f": l'id d'exercice {bad}" for bad in map(check, value) if bad), None)


PLAN_SECTION = Schema((
    Field("id", str, validator=_plan_id),
    Field("title", str),
    Field("first_slide", str, required=True),
    Field("exercises", list, items=str, allow_empty=True, validator=_exercise_ids),
))


def load_plan(path: Path) -> tuple[Section, ...]:
    """Read an instructor's plan: a YAML list of ``{id, title, first_slide, exercises}``.

    Raises:
        DeckError: unreadable or malformed plan; each problem on its own line as
            ``path:line:column: message``, as ``docker-lab validate`` writes them
            (every problem of the plan at once).
    """
    doc, problems = load_yaml(path)
    if doc is None:
        raise _problems_error(problems)
    data = doc.data
    if not isinstance(data, list) or not data:
        raise _problems_error([*problems, doc.problem((), (
            "le plan doit être une liste de sections (id, title, first_slide, exercises)"))])
    sections = []
    ids: dict[str, int] = {}
    starts: dict[str, int] = {}
    for index, item in enumerate(data):
        found = PLAN_SECTION.check(doc, (index,), context=f"section {index + 1}")
        problems += found
        if found:
            continue
        title = item.get("title") or item["first_slide"]
        section = Section(item.get("id") or slugify(title), title, item["first_slide"],
                          tuple(item.get("exercises") or ()))
        for seen, value, key, what in ((ids, section.id, "id", "l'id"),
                                       (starts, normalize(section.first_slide), "first_slide",
                                        "la première diapositive")):
            if value in seen:
                problems.append(doc.problem((index, key), (
                    f"{what} de la section {index + 1} est déjà celle de la section "
                    f"{seen[value] + 1} : chaque section a les siens")))
            seen.setdefault(value, index)
        sections.append(section)
    if problems:
        raise _problems_error(problems)
    return tuple(sections)


def _problems_error(problems: list[Problem]) -> DeckError:
    """One line ``path:line:column: message`` per problem, as ``docker-lab validate`` says."""
    cwd = Path.cwd()
    return DeckError("\n".join(p.format(relative_to=cwd) for p in sorted_problems(problems)))


def import_deck(
    source: Path, out_dir: Path, *, force: bool = False, plan: tuple[Section, ...] | None = None
) -> ImportResult:
    """Convert ``source`` into lesson files in ``out_dir``.

    Args:
        source: the Markdown deck.
        out_dir: where ``NN-id.yaml`` files go (created if missing).
        force: replace existing files of the same names.
        plan: sections to group by; ``None`` tries the built-in plans, then the topic rule.

    Raises:
        DeckError: bad input, existing files without ``force``, or unwritable output.
    """
    text, notes = _without_controls(read_deck(source))
    repaired = repair(text)
    notes += [n.message for n in repaired.notes]
    deck = parse_deck(repaired.text)
    notes.extend(deck.notes)
    plan_name: str | None = None
    if plan is None:
        chosen = choose_plan(deck.slides, BUILTIN_PLANS)
        if chosen is not None:
            plan_name, plan = chosen
    elif plan:
        plan_name = "fourni"
        titles = {normalize(slide.title) for slide in deck.slides}
        notes += [f"plan : section « {section.id} » : aucune diapositive titrée "
                  f"« {section.first_slide} » dans le deck, section ignorée"
                  for section in plan if normalize(section.first_slide) not in titles]
    lessons = group(deck.slides, plan or ())
    for number, excerpt in find_mojibake(repaired.text):
        notes.append(f"ligne {number} : caractères suspects laissés tels quels : « {excerpt} »")
    with drawing_budget():
        notes.extend(_body_notes(deck.slides))
    rendered = {f"{lesson.order:02d}-{lesson.id}.yaml": lesson_yaml(lesson) for lesson in lessons}
    _refuse_clashes(out_dir, lessons, set(rendered))
    files = _write_all(out_dir, rendered, force)
    return ImportResult(tuple(lessons), files, tuple(notes), plan_name)


def _refuse_clashes(out_dir: Path, lessons: list[Lesson], names: set[str]) -> None:
    """Refuse when other lesson files there already use one of the new ids or orders."""
    if not out_dir.is_dir():
        return
    ids = {lesson.id for lesson in lessons}
    orders = {lesson.order for lesson in lessons}
    clashes = []
    for path in sorted(out_dir.glob("*.y*ml")):
        if path.name in names or path.suffix not in (".yaml", ".yml"):
            continue
        doc, _ = load_yaml(path)
        data = doc.data if doc is not None else None
        if isinstance(data, dict) and (data.get("id") in ids or data.get("order") in orders):
            clashes.append(path.name)
    if clashes:
        raise DeckError(
            f"{out_dir} : des leçons déjà présentes ({', '.join(clashes[:5])}) ont le même id "
            "ou le même ordre que les leçons importées ; rien n'a été écrit. "
            "Importez dans un dossier vide (-o) ou retirez ces fichiers."
        )


def _write_all(out_dir: Path, rendered: dict[str, str], force: bool) -> tuple[Path, ...]:
    """Write every file, or none: stage in a temporary folder, check, then move."""
    targets = [out_dir / name for name in rendered]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        listed = ", ".join(t.name for t in existing[:5]) + (" …" if len(existing) > 5 else "")
        raise DeckError(f"{out_dir} : fichiers déjà présents ({listed}) ; rien n'a été écrit. "
                        "Choisissez un autre dossier (-o) ou ajoutez --force pour les remplacer.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".docker-lab-import-", dir=out_dir))
    except OSError as exc:
        raise DeckError(f"{out_dir} : impossible d'écrire ici ({os_reason_fr(exc)})") from None
    try:
        for name, text in rendered.items():
            (staging / name).write_text(text, encoding="utf-8")
        _check_with_loader(staging, out_dir)
        for target in targets:
            os.replace(staging / target.name, target)
    except OSError as exc:
        raise DeckError(f"{out_dir} : écriture impossible ({os_reason_fr(exc)})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return tuple(targets)


#: ANSI escape sequences (colours pasted from a terminal), then any other control character.
_CONTROLS = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_controls(text: str) -> tuple[str, list[str]]:
    """Remove ANSI colour codes and control characters (YAML refuses them), one note a line."""
    notes = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        cleaned = _CONTROLS.sub("", line)
        if cleaned != line:
            notes.append(f"ligne {number} : codes de contrôle retirés (couleurs ANSI copiées d'un "
                         "terminal, sonnerie…)")
            lines[number - 1] = cleaned
    return "\n".join(lines), notes


def _body_notes(slides: tuple[DeckSlide, ...]) -> list[str]:
    """What validate will say about the slides' Markdown, as notes (the lessons are written)."""
    notes = []
    for slide in slides:
        for line, _, message in check_body(slide.body):
            notes.append(f"diapositive {slide.number} « {slide.title} » (ligne {line + 1} de son "
                         f"corps) : {message}")
    return notes


def _check_with_loader(folder: Path, shown_as: Path) -> None:
    """Load the staged files with the course loader; refuse them on any problem."""
    from docker_lab.course.loader import load_files, yaml_files

    _, problems = load_files(yaml_files(folder), [], check_exercise_refs=False)
    if problems:
        details = "; ".join(str(p).replace(str(folder), str(shown_as)) for p in problems[:3])
        raise DeckError(f"les leçons produites ne passent pas la validation : {details}")
