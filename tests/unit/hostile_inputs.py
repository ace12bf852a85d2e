"""Generated broken decks and plans for ``docker-lab import``, and broken progress stores.

Decks start from the seed deck (``tests/data/seed_deck.md``): cut at many
offsets (inside front matter, a code block, a Mermaid block, a UTF-8 sequence),
code blocks never closed, front matter where it should not be, empty slides,
Mermaid diagrams termaid cannot draw or takes too long to, control characters,
other encodings, line endings, sizes. Plans start from a sound plan and get
wrong values for each key. Progress stores start from a sound store and get
wrong values in each column, wrong rows, wrong tables, or a wrong file.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.unit.hostile_cases import WRONG
from tests.unit.hostile_support import import_call, progress_call, validate_call

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "tests" / "data" / "seed_deck.md").read_text(encoding="utf-8")

Build = Callable[[Path], Callable[[], int]]


@dataclass(frozen=True)
class Scenario:
    """One broken input and what the command must answer.

    Attributes:
        name: the test id.
        build: writes the input below the folder given, returns the command's call.
        codes: the exit statuses allowed.
        words: French words that must be printed.
        then: when the command succeeded, a second call on what it wrote (``validate``
            on the imported lessons), which must not fail either.
        env: extra environment of the run (``TZ`` …).
    """

    name: str
    build: Build
    codes: tuple[int, ...] = (0, 2)
    words: tuple[str, ...] = ()
    then: Build | None = None
    env: dict[str, str] = field(default_factory=dict)


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _deck(content: str | bytes, name: str = "deck.md") -> Build:
    return lambda root: import_call(_write(root / name, content), root / "sortie")


def _validate_output(root: Path) -> Callable[[], int]:
    return validate_call(root / "sortie")


def _star(leaves: int) -> str:
    return "graph TD\n" + "\n".join(f"  R --> X{i}" for i in range(leaves))


def _bipartite(size: int) -> str:
    return "graph TD\n" + "\n".join(f"  A{i} --> B{j}" for i in range(size) for j in range(size))


def _slide(title: str, body: str) -> str:
    return f"# {title}\n\n{body}\n"


def _many(count: int, body: Callable[[int], str]) -> str:
    return "\n---\n\n".join(_slide(f"Diapo {n}", body(n)) for n in range(count))


FIRST_FENCE_END = SEED.index("```", SEED.index("```mermaid") + 3)
MULTIBYTE = SEED.encode("utf-8").index("Ã©".encode()) + 1  # inside a two-byte character


def deck_texts() -> list[tuple[str, str | bytes, tuple[str, ...]]]:
    """``(label, deck, words)``: every broken deck."""
    raw = SEED.encode("utf-8")
    decks: list[tuple[str, str | bytes, tuple[str, ...]]] = []
    step = len(SEED) // 9
    decks += [(f"coupe-{n * step}", SEED[:n * step], ()) for n in range(1, 9)]
    decks += [
        ("coupe-en-tete", SEED[:12], ()), ("coupe-mermaid", SEED[:FIRST_FENCE_END - 20], ()),
        ("coupe-utf8", raw[:MULTIBYTE], ()),
        ("bloc-jamais-ferme", SEED[:FIRST_FENCE_END] + SEED[FIRST_FENCE_END + 3:],
         ("refermé trop tard",)),
        ("dernier-bloc-ouvert", SEED + "\n---\n\n# Fin\n\n```bash\nls\n", ("jamais refermé",)),
        ("tilde-ouvert", "# Un\n\n~~~\ncode\n\n---\n\n# Deux\n\nTexte.\n", ()),
        ("quatre-trois", "# Un\n\n````\ncode\n```\n\n---\n\n# Deux\n\nx\n", ()),
        ("en-tete-au-milieu", SEED.replace("\n---\n", "\n---\ntitre: x\nfoo: [1, 2\n---\n", 3),
         ()),
        ("en-tete-jamais-fermee", SEED.replace("---\n", "", 2).replace(
            "routeAlias", "---\nrouteAlias", 1), ()),
        ("en-tete-python", "---\na: !!python/object:os.system {}\n---\n\n# T\n\nx\n", ()),
        ("en-tete-bombe", "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, "
         "*a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c]\n"
         "---\n\n# T\n\nx\n", ()),
        ("diapos-vides", "---\n\n---\n\n---\n\n# T\n\nx\n\n---\n\n---\n", ()),
        ("que-des-tirets", "---\n---\n---\n", ("aucune diapositive",)),
        ("titres-seuls", "# A\n\n---\n\n# B\n\n---\n\n#\n\n---\n\n# \n", ()),
        ("ancres-seules", '<a name="x" id="x"></a>\n\n---\n\n# T\n\nx\n', ()),
        ("mermaid-illisible", "# T\n\n```mermaid\nsequenceDiagram\n  ((((\n```\n", ("Mermaid",)),
        ("mermaid-etoile", "# T\n\n```mermaid\n" + _star(200) + "\n```\n", ("complexe",)),
        ("mermaid-dense", "# T\n\n```mermaid\n" + _bipartite(9) + "\n```\n", ("complexe",)),
        ("mermaid-geant", "# T\n\n```mermaid\ngraph LR\n" + "  A --> B\n" * 5000 + "```\n", ()),
        ("mermaid-vide", "# T\n\n```mermaid\n```\n", ()),
        ("blocs-ouverts-partout", _many(500, lambda n: "```\ncode"), ()),
        ("cinq-cents-diapos", _many(500, lambda n: f"Texte {n}."), ()),
        ("un-mega", SEED * 40, ()), ("trop-gros", SEED * 140, ("trop gros",)),
        ("ligne-geante", "# T\n\n" + "mot " * 250_000 + "\n", ()),
        ("titre-geant", "# " + "T" * 100_000 + "\n\nx\n", ()),
        ("titres-yaml", _many(12, lambda n: "x").replace("Diapo", "- * & ! % @ `: {x} [y] #"),
         ()),
        ("titre-guillemets", '# "a" \'b\' \\ c\n\nx\n', ()),
        ("bel-ansi", "# T\x07\n\n\x1b[31mrouge\x1b[0m \x08 \x7f\n", ("codes de contrôle",)),
        ("nul", "# T\n\nun \x00 nul\n", ("codes de contrôle retirés",)),
        ("bom", "\ufeff" + SEED, ()),
        ("utf16", SEED.encode("utf-16"), ("UTF-16",)), ("utf32", SEED.encode("utf-32"), ()),
        ("latin1", "# Réseau\n\nÉté.\n".encode("latin-1"), ("UTF-8",)),
        ("crlf", SEED.replace("\n", "\r\n"), ()), ("cr", SEED.replace("\n", "\r"), ()),
        ("sans-titre", "Du texte sans titre.\n\n---\n\nEncore.\n", ("aucune diapositive",)),
        ("emoji-coupes", "# Titre ğŸ\n\nTexte Ã\n", ()),
        ("mojibake-partout", _many(200, lambda n: "Ã©" * 50), ()),
        ("separateur-dans-titre", "# ---\n\nx\n\n---\n\n# ---\n", ()),
        ("titres-identiques", _many(30, lambda n: "x").replace("Diapo ", "Même").replace(
            "Même0", "Même"), ()),
    ]
    return decks


def deck_scenarios() -> list[Scenario]:
    """``docker-lab import`` on each broken deck; what it writes is then validated."""
    scenarios = [Scenario(f"deck-{label}", _deck(content), words=words, then=_validate_output)
                 for label, content, words in deck_texts()]
    scenarios += [
        Scenario("deck-extension-yaml", _deck(SEED, "deck.yaml"), (2,), ("validate",)),
        Scenario("deck-sortie-fichier", lambda root: import_call(
            _write(root / "deck.md", SEED), _write(root / "sortie", "fichier\n")), (2,)),
        Scenario("deck-dossier", lambda root: import_call(root, root / "sortie"), (2,)),
        Scenario("deck-lien-casse", _broken_link_deck, (2,)),
    ]
    return scenarios


def _broken_link_deck(root: Path) -> Callable[[], int]:
    (root / "deck.md").symlink_to(root / "absent.md")
    return import_call(root / "deck.md", root / "sortie")


PLAN_DECK = "# Premier\n\nUn.\n\n---\n\n# Second\n\nDeux.\n\n---\n\n# Troisième\n\nTrois.\n"
PLAN = ("- id: un\n  title: Le premier\n  first_slide: Premier\n  exercises: [exo-un]\n"
        "- id: deux\n  title: Le second\n  first_slide: Second\n")


def plan_scenarios() -> list[Scenario]:
    """``import --plan`` with each key of a sound plan given wrong values."""
    scenarios = []
    keys = ("id", "title", "first_slide", "exercises")
    for number, (key, (label, snippet)) in enumerate(
            (key, wrong) for key in keys for wrong in WRONG):
        if number % 2:
            continue  # half of them: each key still meets most types
        old = next(line for line in PLAN.splitlines() if line.strip(" -").startswith(key + ":"))
        text = PLAN.replace(old, old.split(":")[0] + ": " + snippet, 1)
        scenarios.append(Scenario(f"plan-{key}-{label}", _plan(text), then=_validate_output))
    for label, text in (("vide", ""), ("texte", "un plan\n"), ("dict", "a: 1\n"),
                        ("liste-vide", "[]\n"), ("ids-en-double", PLAN.replace("deux", "un")),
                        ("ids-invalides", PLAN.replace("id: un", "id: Mon Id")),
                        ("titre-absent", PLAN.replace("first_slide: Second", "first_slide: Zut")),
                        ("tabulation", PLAN.replace("  title", "\ttitle", 1)),
                        ("binaire", "\x00\x01" * 40), ("python", "- !!python/object:x {}\n"),
                        ("exercices-dict", PLAN.replace("[exo-un]", "{a: 1}"))):
        scenarios.append(Scenario(f"plan-{label}", _plan(text), then=_validate_output))
    return scenarios


def _plan(text: str) -> Build:
    def build(root: Path) -> Callable[[], int]:
        _write(root / "plan.yaml", text)
        return import_call(_write(root / "deck.md", PLAN_DECK), root / "sortie",
                           root / "plan.yaml")
    return build


# --- progress --------------------------------------------------------------------------------

STORE = Path("home") / "progress.sqlite3"


def sound_store(root: Path) -> Path:
    """A progress store as the app leaves it, its constraints removed (any value fits)."""
    path = root / STORE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_sound_bytes())
    return path


@functools.cache
def _sound_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return _make_sound(Path(folder) / "progress.sqlite3").read_bytes()


def _make_sound(path: Path) -> Path:
    from docker_lab.progress import ProgressStore

    with ProgressStore.open(path) as store:
        store.start_exercise("dns-interne", {"containers": ["ancien"], "networks": []})
        store.complete_step("dns-interne", "reseau")
        store.reveal_hint("dns-interne", "reseau")
        store.set_position("communication-inter-containers", 2, "dns-interne")
    conn = sqlite3.connect(path)
    for table in ("meta", "exercises", "steps", "hints", "position"):
        conn.execute(f"CREATE TABLE copie AS SELECT * FROM {table}")
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE copie RENAME TO {table}")
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return path


COLUMNS = (("exercises", "exercise_id"), ("exercises", "started_at"),
           ("exercises", "preexisting"), ("steps", "exercise_id"), ("steps", "step_id"),
           ("steps", "completed_at"), ("hints", "exercise_id"), ("hints", "step_id"),
           ("hints", "revealed"), ("position", "lesson_id"), ("position", "slide_index"),
           ("position", "exercise_id"), ("position", "updated_at"), ("meta", "value"))

VALUES = ("'abc'", "NULL", "-1", str(2**63 - 1), "1.5", "X'00ff'", "''",
          "'0001-01-01T00:00:00+00:00'", "'9999-12-31T23:59:59-12:00'", "'2024-01-01'",
          "'" + "x" * 100_000 + "'", "'{\"containers\": \"web\"}'", "'[1, 2]'", "'nulle-part'",
          "'2024-01-01T10:00:00'")


def _sql(statements: tuple[str, ...], as_json: bool = False) -> Build:
    def build(root: Path) -> Callable[[], int]:
        conn = sqlite3.connect(sound_store(root))
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.close()
        return progress_call(as_json)
    return build


def _file(make: Callable[[Path], object]) -> Build:
    def build(root: Path) -> Callable[[], int]:
        make(root)
        return progress_call()
    return build


def _truncated(size: int) -> Callable[[Path], object]:
    def make(root: Path) -> None:
        path = sound_store(root)
        data = path.read_bytes()
        path.write_bytes(data[:size if size >= 0 else len(data) + size])
    return make


def progress_scenarios() -> list[Scenario]:
    """``docker-lab progress`` on stores with wrong values, rows, tables or files."""
    scenarios = []
    for number, (table, column) in enumerate(COLUMNS):
        for value in (VALUES[(number + k * 4) % len(VALUES)] for k in range(4)):
            label = value.strip("'")[:12] or "vide"
            scenarios.append(Scenario(
                f"progression-{table}-{column}-{label}",
                _sql((f"UPDATE {table} SET {column} = {value}",), as_json=number % 3 == 0)))
    for tz in ("America/New_York", "Pacific/Kiritimati"):
        for moment in ("0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00"):
            scenarios.append(Scenario(f"progression-date-{moment[:4]}-{tz.split('/')[1]}", _sql(
                (f"UPDATE steps SET completed_at = '{moment}'",
                 f"UPDATE exercises SET started_at = '{moment}'")), env={"TZ": tz}))
    rows = {
        "positions-en-double": "INSERT INTO position SELECT * FROM position",
        "position-slot-2": "UPDATE position SET slot = 2",
        "etapes-en-double": "INSERT INTO steps SELECT * FROM steps",
        "etape-orpheline": "INSERT INTO steps VALUES ('nulle-part', 'x', '2024-01-01T00:00:00')",
        "indices-en-double": "INSERT INTO hints SELECT * FROM hints",
        "version-2": "UPDATE meta SET value = '2'", "sans-version": "DELETE FROM meta",
        "table-en-trop": "CREATE TABLE autre (x)", "table-absente": "DROP TABLE hints",
        "colonne-en-trop": "ALTER TABLE steps ADD COLUMN x", "vue": "CREATE VIEW v AS SELECT 1",
        "declencheur": "CREATE TRIGGER t AFTER INSERT ON steps BEGIN DELETE FROM steps; END",
    }
    scenarios += [Scenario(f"progression-{label}", _sql((sql,))) for label, sql in rows.items()]
    files: dict[str, Callable[[Path], object]] = {
        "coupee-100": _truncated(100), "coupee-4096": _truncated(4096),
        "coupee-moitie": _truncated(8192), "coupee-fin": _truncated(-1),
        "vide": lambda root: _write(root / STORE, b""),
        "texte": lambda root: _write(root / STORE, "ceci n'est pas une base\n"),
        "dossier": lambda root: (root / STORE).mkdir(parents=True),
        "home-fichier": lambda root: _write(root / "home", "un fichier\n"),
        "lien-casse": lambda root: _link(root, root / "absente"),
        "lien-dossier": lambda root: _link(root, root),
        "lien-dev-null": lambda root: _link(root, Path("/dev/null")),
        "wal-illisible": lambda root: _write(Path(f"{sound_store(root)}-wal"), b"\xff" * 5000),
    }
    scenarios += [Scenario(f"progression-fichier-{label}", _file(make))
                  for label, make in files.items()]
    return scenarios


def _link(root: Path, target: Path) -> None:
    (root / "home").mkdir(parents=True, exist_ok=True)
    os.symlink(target, root / STORE)


def all_scenarios() -> list[Scenario]:
    """Every deck, plan and progress scenario."""
    return [*deck_scenarios(), *plan_scenarios(), *progress_scenarios()]
