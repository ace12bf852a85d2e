"""A corpus of broken lesson, exercise, deck and progress files, run through the real CLI.

Each case writes a few files in a fresh folder, runs ``docker-lab validate``,
``docker-lab import`` or ``docker-lab progress`` as a subprocess (20 s bound) and
checks what a user sees: no hang, the expected exit status, no Python exception
name, no English PyYAML or SQLite text, a ``path:line:column`` where the problem
has a position, and the other problems of the file still reported.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from docker_lab.progress import ProgressStore
from tests.unit.hostile_support import ENGLISH

TIMEOUT_S = 20


LESSON = """\
format_version: 1
id: lecon
title: Une leçon
order: 1
slides:
  - title: Diapo
    body: |
      Du texte.
"""

EXERCISE = """\
format_version: 1
id: exo
title: Un exercice
lesson: lecon
introduction: |
  Créez le réseau app-net.
{setup}
steps:
  - id: reseau
    title: Le réseau
    instructions: |
      Créez le réseau **app-net**.
{step}
    solution:
      - docker network create app-net
    checks:
      - kind: network
        name: app-net
{extra}
"""

#: An unknown key added to every broken exercise: it must still be reported.
TYPO = "titel: faute de frappe"

DECK = "# Titre\n\nDu texte.\n\n---\n\n# Deuxième\n\nEncore.\n"


def exercise(setup: str = "", step: str = "", extra: str = "", typo: bool = True) -> str:
    """An exercise with the given extra lines (indented by the caller), plus a typo."""
    text = EXERCISE.format(setup=setup, step=step, extra=extra)
    return text + (TYPO + "\n" if typo else "")


@dataclass(frozen=True)
class Case:
    """One broken input.

    Attributes:
        name: the test id.
        build: writes the files in the folder given and returns the CLI arguments.
        codes: accepted exit statuses.
        position: a ``:line:column:`` must be printed.
        words: French words that must be printed (each of them).
        typo: the exercise's unknown key « titel » must be reported too.
        unprivileged: run without root's power over file permissions.
    """

    name: str
    build: Callable[[Path], list[str]]
    codes: tuple[int, ...] = (1,)
    position: bool = True
    words: tuple[str, ...] = ()
    typo: bool = False
    unprivileged: bool = False


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def one_file(name: str, text: str | bytes) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        return ["validate", str(write(root / name, text))]
    return build


def course(lesson: str | bytes = LESSON, exercise_text: str | bytes | None = None
           ) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        write(root / "cours" / "lessons" / "01-lecon.yaml", lesson)
        if exercise_text is not None:
            write(root / "cours" / "exercises" / "exo.yaml", exercise_text)
        return ["validate", str(root / "cours")]
    return build


def bad_exercise(name: str, *, setup: str = "", step: str = "", extra: str = "",
                 words: tuple[str, ...] = ()) -> Case:
    return Case(name, course(exercise_text=exercise(setup, step, extra)), words=words, typo=True)


def alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        refs = ", ".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{refs}]")
    return "\n".join(lines) + "\n"


def with_slide_body(body: str) -> str:
    indented = "\n".join("      " + line if line else "" for line in body.splitlines())
    return LESSON.replace("      Du texte.\n", indented + "\n")


def fifo(root: Path) -> list[str]:
    path = root / "tube.yaml"
    os.mkfifo(path)
    return ["validate", str(path)]


def fifo_deck(root: Path) -> list[str]:
    path = root / "tube.md"
    os.mkfifo(path)
    return ["import", str(path), "-o", str(root / "sortie")]


def folder_named_yaml(root: Path) -> list[str]:
    write(root / "cours" / "lessons" / "01-lecon.yaml", LESSON)
    (root / "cours" / "lessons" / "x.yaml").mkdir()
    return ["validate", str(root / "cours")]


def exercises_is_a_file(root: Path) -> list[str]:
    write(root / "cours" / "lessons" / "01-lecon.yaml", LESSON)
    write(root / "cours" / "exercises", "pas un dossier\n")
    return ["validate", str(root / "cours")]


def only_exercises_file(root: Path) -> list[str]:
    write(root / "cours" / "exercises", "pas un dossier\n")
    return ["validate", str(root / "cours")]


def broken_symlink(root: Path) -> list[str]:
    write(root / "cours" / "lessons" / "01-lecon.yaml", LESSON)
    (root / "cours" / "lessons" / "02-absente.yaml").symlink_to(root / "nulle-part.yaml")
    return ["validate", str(root / "cours")]


def empty_folder(root: Path) -> list[str]:
    (root / "vide").mkdir()
    return ["validate", str(root / "vide")]


def locked_lessons(root: Path) -> list[str]:
    write(root / "cours" / "lessons" / "01-lecon.yaml", LESSON)
    root.chmod(0o755)
    (root / "cours").chmod(0o755)
    (root / "cours" / "lessons").chmod(0o644)  # readable, not searchable
    return ["validate", str(root / "cours")]


def too_big(root: Path) -> list[str]:
    path = write(root / "gros.yaml", "order: 1\n")
    with path.open("r+b") as stream:
        stream.truncate(17 * 1024 * 1024)
    return ["validate", str(path)]


def link_to_zero(root: Path) -> list[str]:
    write(root / "cours" / "lessons" / "01-lecon.yaml", LESSON)
    (root / "cours" / "lessons" / "02-zero.yaml").symlink_to("/dev/zero")
    return ["validate", str(root / "cours")]


def locked_course_root(root: Path) -> list[str]:
    write(root / "prive" / "cours" / "lessons" / "01-lecon.yaml", LESSON)
    root.chmod(0o755)
    (root / "prive").chmod(0o600)  # the course's parent cannot be entered
    return ["--course", str(root / "prive" / "cours"), "validate"]


def deck(text: str | bytes) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        return ["import", str(write(root / "deck.md", text)), "-o", str(root / "sortie")]
    return build


def plan(text: str) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        write(root / "deck.md", DECK)
        write(root / "plan.yaml", text)
        return ["import", str(root / "deck.md"), "--plan", str(root / "plan.yaml"),
                "-o", str(root / "sortie")]
    return build


def progress_store(sql: str) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        path = root / "home" / "progress.sqlite3"
        path.parent.mkdir()
        with ProgressStore.open(path) as store:
            store.start_exercise("exo")
            store.complete_step("exo", "reseau")
            store.set_position("lecon", 0, "exo")
        conn = sqlite3.connect(path)
        conn.execute(sql)
        conn.commit()
        conn.close()
        return ["progress"]
    return build


def progress_folder(root: Path) -> list[str]:
    (root / "home" / "progress.sqlite3").mkdir(parents=True)
    return ["progress"]


CASES = [
    # --- YAML itself ------------------------------------------------------------------------
    Case("alias-bomb", one_file("bombe.yaml", alias_bomb(9)), words=("alias",)),
    Case("recursive-alias", one_file("boucle.yaml", "a: &a [*a]\n"), words=("alias",)),
    Case("flow-1000-deep", one_file("profond.yaml", "a: " + "[" * 1000 + "]" * 1000 + "\n"),
         words=("imbrication",)),
    Case("flow-100000-deep", one_file("profond.yaml", "a: " + "[" * 100_000 + "\n"),
         words=("imbrication",)),
    Case("block-deep", one_file("profond.yaml", "".join(
        " " * n + f"k{n}:\n" for n in range(300)) + " " * 300 + "v: 1\n"), words=("imbrication",)),
    Case("flow-never-closed", one_file("ouvert.yaml", "slides: [{title: a, body: b\n"),
         words=("n'a pas été refermé",)),
    Case("quote-never-closed", one_file("guillemet.yaml", 'title: "abc\norder: 1\n')),
    Case("bel-in-slide", course(lesson=with_slide_body("Un \x07 bip.")),
         words=("U+0007",)),
    Case("ansi-in-slide", course(lesson=with_slide_body("\x1b[31mrouge\x1b[0m")),
         words=("U+001B", "ANSI")),
    Case("control-and-typo", course(lesson=with_slide_body("\x1b[1m") + "titel: x\n"),
         words=("U+001B", "titel")),
    Case("utf16-le", one_file("u16.yaml", LESSON.encode("utf-16-le")),
         position=False, words=("UTF-16", "UTF-8")),
    Case("utf16-bom", one_file("u16.yaml", LESSON.encode("utf-16")),
         position=False, words=("UTF-16", "UTF-8")),
    Case("utf32", one_file("u32.yaml", LESSON.encode("utf-32")),
         position=False, words=("UTF-32",)),
    Case("latin1", one_file("latin.yaml", LESSON.replace("ç", "c").replace(
        "Du texte.", "Réseau").encode("latin-1")), words=("UTF-8",)),
    Case("binary", one_file("bin.yaml", b"\x00\x01\x02" * 100), position=False,
         words=("binaire",)),
    Case("python-tag", one_file("tag.yaml", "a: !!python/object:os.system {}\n"),
         words=("étiquette",)),
    Case("two-documents", one_file("deux.yaml", "a: 1\n---\nb: 2\n")),
    Case("tab-indent", one_file("tab.yaml", "slides:\n\t- title: a\n"), words=("tabulation",)),
    Case("duplicate-key-and-typo", course(lesson=LESSON + "order: 2\ntitel: x\n"),
         words=("en double", "titel")),
    Case("binary-tag", one_file("b.yaml", "slides: !!binary aGVsbG8=\norder: 1\n"),
         words=("slides",)),
    Case("merge-not-mapping", one_file("m.yaml", "a: &a 5\nb:\n  <<: *a\norder: 1\n"),
         words=("m.yaml:3:3: « << »",)),
    Case("key-is-a-list", one_file("k.yaml", "? [a, b]\n: 1\norder: 1\n"), words=("clé",)),
    Case("only-a-comment", one_file("c.yaml", "# rien\n"), position=False, words=("vide",)),
    Case("lesson-shapes", course(lesson="format_version: 1\nid: Lecon\ntitle: 5\norder: '1'\n"
                                        "slides: [texte, {title: a}]\nexercises: beaucoup\n"),
         words=("order", "title", "diapo 1", "exercises")),
    Case("slides-number", course(lesson=LESSON.split("slides:")[0] + "slides: 5\n"),
         words=("slides",)),
    Case("files-escape", course(exercise_text=exercise(setup="files: {../x: a, y: [1]}")),
         words=("files",), typo=True),
    Case("crlf-and-bel", course(lesson=with_slide_body("a\x07b").replace("\n", "\r\n")),
         words=("U+0007",)),
    # --- files and folders ------------------------------------------------------------------
    Case("fifo", fifo, position=False, words=("ordinaire",)),
    Case("dev-zero", lambda root: ["validate", "/dev/zero"], position=False,
         words=("ordinaire",)),
    Case("folder-named-yaml", folder_named_yaml, position=False, words=("x.yaml", "dossier")),
    Case("exercises-is-a-file", exercises_is_a_file, position=False, words=("exercises",)),
    Case("only-exercises-file", only_exercises_file, position=False, words=("exercises",)),
    Case("broken-symlink", broken_symlink, position=False, words=("02-absente.yaml", "lien")),
    Case("empty-folder", empty_folder, position=False, words=("aucun",)),
    Case("locked-lessons", locked_lessons, position=False, words=("lessons", "permission"),
         unprivileged=True),
    Case("locked-course-root", locked_course_root, position=False,
         words=("lessons", "inaccessible : permission refusée"), unprivileged=True),
    Case("too-big", too_big, position=False, words=("trop gros",)),
    Case("link-to-dev-zero", link_to_zero, position=False, words=("ordinaire",)),
    Case("missing-path", lambda root: ["validate", str(root / "absent")], codes=(2,),
         position=False, words=("introuvable",)),
    # --- exercise shapes --------------------------------------------------------------------
    bad_exercise("hints-number", step="    hints: 5", words=("hints",)),
    Case("solution-number", course(exercise_text=exercise().replace(
            "    solution:\n      - docker network create app-net\n", "    solution: 5\n")),
        words=("solution",), typo=True),
    bad_exercise("setup-networks-number", setup="setup: {networks: 5}", words=("networks",)),
    bad_exercise("setup-containers-number", setup="setup: {containers: 5}",
                 words=("containers",)),
    bad_exercise("setup-volumes-text", setup="setup: {volumes: donnees}", words=("volumes",)),
    bad_exercise("setup-container-volumes-list", setup=(
        "setup:\n  containers:\n    - {name: web, image: nginx, volumes: [a, b]}"),
        words=("volumes",)),
    bad_exercise("setup-container-networks-text", setup=(
        "setup:\n  containers:\n    - {name: web, image: nginx, networks: app-net}"),
        words=("networks",)),
    bad_exercise("setup-container-networks-numbers", setup=(
        "setup:\n  containers:\n    - {name: web, image: nginx, networks: [1, 2]}"),
        words=("networks",)),
    bad_exercise("setup-container-env-list", setup=(
        "setup:\n  containers:\n    - {name: web, image: nginx, env: [A]}"), words=("env",)),
    bad_exercise("setup-item-text", setup="setup:\n  networks: [app-net]",
                 words=("networks",)),
    bad_exercise("setup-list", setup="setup: [a, b]", words=("setup",)),
    bad_exercise("check-networks-text", extra=(
        "      - kind: container\n        name: web\n        networks: app-net"),
        words=("networks",)),
    bad_exercise("gateway-outside-subnet", extra=(
        "      - kind: network\n        name: autre\n        subnet: 10.1.0.0/24\n"
        "        gateway: 10.2.0.1"), words=("passerelle",)),
    bad_exercise("ip-range-outside-subnet", extra=(
        "      - kind: network\n        name: autre\n        subnet: 10.1.0.0/24\n"
        "        ip_range: 10.9.0.0/28"), words=("ip_range",)),
    bad_exercise("ipv6-subnet-ipv4-gateway", extra=(
        "      - kind: network\n        name: autre\n        subnet: fd00::/64\n"
        "        gateway: 10.0.0.1"), words=("IPv",)),
    bad_exercise("setup-gateway-outside", setup=(
        "setup:\n  networks:\n    - {name: app-net, subnet: 10.1.0.0/24, gateway: 10.1.1.1}"),
        words=("passerelle",)),
    Case("steps-text", course(exercise_text=EXERCISE.split("steps:")[0].format(setup="")
                             + "steps: beaucoup\n" + TYPO + "\n"), words=("steps",), typo=True),
    Case("checks-number", course(exercise_text=exercise().replace(
            "    checks:\n      - kind: network\n        name: app-net\n",
            "    checks: 5\n")), words=("checks",), typo=True),
    bad_exercise("files-list", setup="files: [a, b]", words=("files",)),
    bad_exercise("check-kind-list", extra="      - kind: [network]", words=("kind",)),
    # --- slide bodies -----------------------------------------------------------------------
    Case("unclosed-fence", course(lesson=with_slide_body("```bash\nls\n")), words=("```",)),
    Case("mermaid-cut-label", course(lesson=with_slide_body(
        "```mermaid\ngraph LR\n    A[client] --> B[labo-outil]\n```")),
        words=("labo-outil", "guillemets")),
    Case("mermaid-undrawable", course(lesson=with_slide_body(
        "```mermaid\nsequenceDiagram\n  ((((\n```")), words=("Mermaid",)),
    # --- decks ------------------------------------------------------------------------------
    Case("deck-fifo", fifo_deck, codes=(2,), position=False, words=("ordinaire",)),
    Case("deck-dev-zero", lambda root: ["import", "/dev/zero", "-o", str(root / "o")],
         codes=(2,), position=False, words=("ordinaire",)),
    Case("deck-utf16", deck(DECK.encode("utf-16")), codes=(2,), position=False,
         words=("UTF-16",)),
    Case("deck-unclosed-fence", deck("# Un\n\n```bash\nls\n\n---\n\n# Deux\n\nTexte.\n"),
         codes=(0,), position=False, words=("ligne 3 : bloc de code « ``` » jamais refermé",
                                            "(2 diapositives)")),
    Case("deck-folder", lambda root: ["import", str(root), "-o", str(root / "o")], codes=(2,),
         position=False, words=("dossier",)),
    Case("deck-only-control", deck("# T\n" + "\x1b[0m" * 200), codes=(2,), position=False,
         words=("binaire",)),
    Case("deck-bel-in-body", deck("# T\n\nUn \x07 bip \x1b[31mrouge\x1b[0m.\n"), codes=(0,),
         position=False, words=("ligne 3 : codes de contrôle retirés",)),
    Case("deck-binary", deck(b"\x00\x01" * 50), codes=(2,), position=False,
         words=("binaire",)),
    Case("deck-empty", deck(""), codes=(2,), position=False, words=("vide",)),
    Case("plan-syntax", plan("- id: a\n  first_slide: [x\n"), codes=(2,),
         words=("erreur de syntaxe YAML",)),
    Case("plan-bomb", plan(alias_bomb(9)), codes=(2,), words=("alias",)),
    Case("plan-not-list", plan("a: 1\n"), codes=(2,), words=("liste",)),
    # --- progress ---------------------------------------------------------------------------
    *(Case(f"progress-{name}", progress_store(sql), codes=(0,), position=False,
           words=("Attention", "mis de côté")) for name, sql in (
        ("date-text", "UPDATE steps SET completed_at = 'hier'"),
        ("start-text", "UPDATE exercises SET started_at = 'bientôt'"),
        ("slide-text", "UPDATE position SET slide_index = 'trois'"),
        ("preexisting-bad", "UPDATE exercises SET preexisting = '{pas du json'"),
        ("hints-text", "INSERT INTO hints VALUES ('exo', 'reseau', 'beaucoup')"),
    )),
    Case("progress-folder", progress_folder, codes=(0,), position=False,
         words=("Attention", "dossier")),
    Case("progress-home-is-a-file", lambda root: ["progress"] if write(
        root / "home", "un fichier\n") else [], codes=(0, 2), position=False),
    # --- the app's start, without a terminal: it would wait for ever --------------------------
    Case("app-broken-lesson", lambda root: ["--course", course(
        lesson=LESSON.replace("order: 1", "order: [1]"))(root)[1]], words=("order",)),
    Case("app-unclosed-fence", lambda root: ["--course", course(
        lesson=with_slide_body("```bash\nls\n"))(root)[1]], words=("jamais refermé",)),
    Case("app-no-terminal", lambda root: ["--course", course()(root)[1]], codes=(2,),
         position=False, words=("besoin d'un terminal",)),
    # --- unusable arguments ----------------------------------------------------------------
    *(Case(f"usage-{name}", lambda root, argv=argv: argv, codes=(2,), position=False,
           words=(word,)) for name, argv, word in (
        ("flag-with-value", ["progress", "--json=3"], "ne prend pas de valeur"),
        ("unknown-command", ["progres"], "choix possibles"),
        ("import-without-deck", ["import"], "obligatoires manquants"),
        ("plan-without-value", ["import", "deck.md", "--plan"], "une valeur est attendue"),
    )),
    Case("progress-garbage", lambda root: [
        "progress"] if write(root / "home" / "progress.sqlite3", b"\x00" * 4096) else [],
        codes=(0,), position=False, words=("Attention",)),
]


def command() -> list[str]:
    exe = Path(sys.executable).with_name("docker-lab")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "docker_lab"]


def run_as(unprivileged: bool, argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI; ``unprivileged``: without root's power to ignore file permissions.

    As root, ``setpriv`` drops the capabilities that bypass permissions
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): the command then meets a folder's
    modes as an ordinary user would (``runuser -u nobody`` cannot be used here:
    the interpreter lives in a folder that user may not enter).
    """
    env = {**os.environ, "DOCKER_LAB_HOME": str(cwd / "home"), "NO_COLOR": "1"}
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("setpriv manque : impossible de retirer à root ses droits sur les fichiers")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    return subprocess.run([*prefix, *command(), *argv], capture_output=True, text=True,
                          timeout=TIMEOUT_S, cwd=cwd, env=env, check=False)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_broken_input(case: Case, tmp_path: Path) -> None:
    argv = case.build(tmp_path)
    try:
        done = run_as(case.unprivileged, argv, tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.name} : plus de {TIMEOUT_S} s")
    shown = done.stdout + done.stderr
    assert done.returncode in case.codes, shown
    assert not ENGLISH.search(shown), shown
    if case.position:
        assert re.search(r":\d+:\d+: ", shown), shown
    for word in case.words:
        assert word in shown, shown
    if case.typo:
        assert "clé inconnue « titel »" in shown, shown
    assert "réseau « a »" not in shown, shown  # « app-net » read letter by letter
    if done.returncode == 1 and argv[0] == "validate":
        assert "Cours valide" not in shown, shown
