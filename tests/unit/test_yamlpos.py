"""YAML with positions, problems and the declarative schema (pure, no engine)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml

from docker_lab.spec.problems import Problem, file_problem, sorted_problems
from docker_lab.spec.schema import Field, Schema, at_least, matches, one_of
from docker_lab.spec.textfile import ReadError, read_regular
from docker_lab.spec.yamlpos import load_yaml, parse_yaml

F = Path("f.yaml")


def lines(problems: list[Problem]) -> list[str]:
    return [p.format() for p in sorted_problems(problems)]


def test_problem_format_and_sorting() -> None:
    b = Problem(Path("b.yaml"), 2, 3, "deux")
    a = Problem(Path("a.yaml"), 9, 1, "un")
    assert b.format() == "b.yaml:2:3: deux"
    assert file_problem(Path("d"), "absent").format() == "d: absent"
    assert sorted_problems([b, a, b]) == [a, b]


def test_problem_relative_path(tmp_path: Path) -> None:
    p = Problem(tmp_path / "x" / "l.yaml", 1, 1, "m")
    assert p.format(relative_to=tmp_path) == "x/l.yaml:1:1: m"
    assert p.format(relative_to=Path("/nonexistent-elsewhere")) == f"{tmp_path}/x/l.yaml:1:1: m"


SOURCE = """\
id: a
slides:
  - title: Un
    body: |
      texte
  - {title: Deux, body: b}
base: &b {x: 1, y: 2}
merged:
  <<: *b
  y: 5
when: 2024-01-01
"""


def test_values_equal_safe_load_and_positions() -> None:
    doc, problems = parse_yaml(SOURCE, F)
    assert problems == []
    assert doc is not None
    assert doc.data == yaml.safe_load(SOURCE)
    assert doc.value_pos("id") == (1, 5)
    assert doc.key_pos("slides") == (2, 1)
    assert doc.value_pos("slides", 0) == (3, 5)
    assert doc.value_pos("slides", 0, "body") == (4, 11)
    assert doc.value_pos("slides", 1, "body") == (6, 25)
    assert doc.key_pos("merged", "y") == (10, 3)
    # A missing path falls back to its nearest ancestor.
    assert doc.value_pos("slides", 1, "notes") == (6, 5)
    assert doc.get("slides", 1, "title") == "Deux"
    assert doc.get("slides", 7) is None
    assert doc.problem(("id",), "m", at_key=True) == Problem(F, 1, 1, "m")


def test_empty_document() -> None:
    doc, problems = parse_yaml("# rien\n", F)
    assert problems == [] and doc is not None and doc.data is None


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a: b: c\n", 1, 5, "« : » inattendu"),
        ("a: [1\nb: 2\n", 2, 2, "crochet non fermé ?) (élément commencé ligne 1)"),
        ("x: 1\n\ty: 2\n", 2, 1, "tabulation"),
        ("a: 1\n---\nb: 2\n", 2, 1, "un seul document"),
        ("a: &x [*x]\n", 1, 8, "alias récursif « *x »"),
        ("a: " + "[" * 1000 + "]" * 1000 + "\n", 1, 103, "imbrication trop profonde"),
        ("a: " + "{b: " * 100_000 + "\n", 1, 397, "imbrication trop profonde"),
        ("a: [\n", 2, 1, "un « [ » ou un « { » n'a pas été refermé"),
        ("a: *nulle\n", 1, 4, "alias inconnu"),
        ("a: &x 1\nb: &x 2\n", 2, 4, "ancre « & » en double"),
        ("a: @x\n", 1, 4, "caractère « @ » interdit en début de valeur"),
        ("a:\n  - b\n c: 1\n", 3, 2, "indentation incohérente"),
        ("steps:\n  - id: [\n", 3, 1, "n'a pas été refermé"),
    ],
)
def test_bad_yaml_is_a_positioned_problem(text: str, line: int, column: int, words: str) -> None:
    doc, problems = parse_yaml(text, F)
    assert doc is None
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (line, column), problems
    assert words in problems[0].message


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a: !!python/object/apply:os.system [ls]\n", 1, 4, "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system\n", 1, 4, "!!python/name:os.system"),
        ("a: !perso 3\n", 1, 4, "étiquette YAML non permise : !perso"),
        ("a: !perso [3]\n", 1, 4, "étiquette YAML non permise : !perso"),
        ("a: !!set {x, y}\n", 1, 4, "étiquette YAML non permise : !!set"),
        ("a: !!str [x]\n", 1, 4, "étiquette YAML !!str impossible sur une liste"),
        ("a: !!map x\n", 1, 4, "étiquette YAML !!map impossible sur un texte"),
        ("a: !!null x\n", 1, 4, "valeur « x » illisible comme valeur vide (null)"),
        ("a: !!int x\n", 1, 4, "valeur « x » illisible comme entier (étiquette !!int)"),
        ("? [1, 2]\n: 3\n", 1, 3, "clé non permise"),
        ("b: &b 5\na: {<<: *b}\n", 2, 5, "« << » doit fusionner un dictionnaire"),
    ],
)
def test_a_refused_tag_or_key_does_not_hide_the_other_problems(
        text: str, line: int, column: int, words: str) -> None:
    doc, found = parse_yaml(text + "z: 1\nz: 2\n", F)
    problems = sorted(found)
    assert doc is not None, "the document is still read, so that its other problems show"
    assert (problems[0].line, problems[0].column) == (line, column), problems
    assert words in problems[0].message
    assert "clé « z » en double" in problems[-1].message


def test_duplicate_key_is_reported_with_first_line() -> None:
    doc, problems = parse_yaml("title: a\norder: 1\ntitle: b\n", F)
    assert doc is not None and doc.data == {"title": "a", "order": 1}
    assert lines(problems) == ["f.yaml:3:1: clé « title » en double (déjà définie ligne 1)"]


def test_files_binary_latin1_missing(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    latin = tmp_path / "l.yaml"
    latin.write_bytes("title: ok\nbody: é\n".encode("latin-1"))
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufefftitle: é\n".encode())
    assert "binaire" in load_yaml(binary)[1][0].message
    latin_problem = load_yaml(latin)[1][0]
    assert (latin_problem.line, latin_problem.column) == (2, 7)
    assert "UTF-8" in latin_problem.message
    assert "introuvable" in load_yaml(tmp_path / "absent.yaml")[1][0].message
    assert "dossier" in load_yaml(tmp_path)[1][0].message
    doc, problems = load_yaml(bom)
    assert problems == [] and doc is not None and doc.data == {"title": "é"}


SCHEMA = Schema((
    Field("id", str, required=True, validator=matches(r"[a-z0-9-]+", "être en minuscules")),
    Field("title", str, required=True),
    Field("order", int, required=True, validator=at_least(1)),
    Field("kind", str, validator=one_of(["bridge", "host"])),
    Field("ratio", float),
    Field("tags", list, items=str, allow_empty=True),
    Field("notes", str, allow_empty=True),
))


def check(text: str, context: str = "") -> list[str]:
    doc, problems = parse_yaml(text, F)
    assert doc is not None and problems == []
    return lines(SCHEMA.check(doc, context=context))


def test_schema_accepts_a_good_mapping() -> None:
    text = "id: a-1\ntitle: T\norder: 2\nkind: host\nratio: 3\ntags: []\nnotes: ''\n"
    assert check(text) == []


def test_schema_reports_every_problem_at_once() -> None:
    text = (
        "id: Mauvais\n"        # 1 validator
        "titel: T\n"           # 2 unknown key with suggestion (and title missing)
        "order: deux\n"        # 3 wrong type
        "kind: brigde\n"       # 4 not one of
        "ratio: true\n"        # 5 bool is not a number
        "tags: [a, 3]\n"       # 6 wrong item type
        "zzz: 1\n"             # 7 unknown key without suggestion
    )
    assert check(text, context="diapo 2") == [
        "f.yaml:1:5: « id » doit être en minuscules (trouvé : « Mauvais ») (diapo 2)",
        "f.yaml:2:1: clé inconnue « titel » : vouliez-vous dire « title » ?",
        "f.yaml:3:8: « order » doit être un entier, trouvé : texte (diapo 2)",
        "f.yaml:4:7: « kind » vaut « brigde », valeurs permises : « bridge », « host » : "
        "vouliez-vous dire « bridge » ? (diapo 2)",
        "f.yaml:5:8: « ratio » doit être un nombre, trouvé : booléen (diapo 2)",
        "f.yaml:6:11: « tags » : l'élément 2 doit être un texte, trouvé : entier (diapo 2)",
        "f.yaml:7:1: clé inconnue « zzz » (clés permises : id, title, order, kind, ratio, tags, "
        "notes)",
    ]


def test_schema_empty_values_and_nulls() -> None:
    assert check("id: a\ntitle: '  '\norder: 0\nnotes:\nkind:\n") == [
        "f.yaml:2:8: « title » est vide",
        "f.yaml:3:8: « order » doit valoir au moins 1 (trouvé : 0)",
    ]
    assert check("id: a\ntitle:\norder: 1\n") == ["f.yaml:2:7: « title » est vide"]


def test_schema_typo_is_one_problem_but_a_missing_field_is_reported() -> None:
    assert check("id: a\ntitel: T\n") == [
        "f.yaml:1:1: champ obligatoire « order » manquant",
        "f.yaml:2:1: clé inconnue « titel » : vouliez-vous dire « title » ?",
    ]


def test_schema_suggests_quotes_for_scalars_meant_as_text() -> None:
    assert check("id: a\ntitle: yes\norder: 1\n") == [
        "f.yaml:2:8: « title » doit être un texte, trouvé : booléen "
        "(entourez la valeur de guillemets pour en faire un texte)",
    ]


def test_schema_on_a_non_mapping() -> None:
    doc, _ = parse_yaml("- a\n- b\n", F)
    assert doc is not None
    assert lines(SCHEMA.check(doc)) == [
        "f.yaml:1:1: le document doit être un dictionnaire (clé: valeur), trouvé : liste"
    ]
    doc, _ = parse_yaml("slides: [3]\n", F)
    assert doc is not None
    assert lines(SCHEMA.check(doc, ("slides", 0), context="diapo 1")) == [
        "f.yaml:1:10: diapo 1 doit être un dictionnaire (clé: valeur), trouvé : entier"
    ]


def bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_once() -> None:
    started = time.perf_counter()
    doc, problems = parse_yaml(bomb(9), F)
    assert time.perf_counter() - started < 1.0
    assert doc is None
    assert lines(problems) == [
        "f.yaml:5:35: document trop grand une fois les alias développés (plus de 50000 valeurs) "
        ": trop d'alias imbriqués (« bombe d'alias » ?)"]


def test_a_huge_document_without_alias_is_refused_too() -> None:
    doc, problems = parse_yaml("".join(f"k{n}: {n}\n" for n in range(30_000)), F)
    assert doc is None
    assert lines(problems) == ["f.yaml:25000:9: document trop grand (plus de 50000 valeurs)"]


def test_a_few_aliases_are_expanded_like_safe_load() -> None:
    text = "base: &b {x: 1, y: [1, 2]}\nun: *b\ndeux: {<<: *b, x: 2}\n"
    doc, problems = parse_yaml(text, F)
    assert problems == [] and doc is not None
    assert doc.data == yaml.safe_load(text)
    assert doc.value_pos("deux", "y") == (1, 20)


def test_control_characters_are_placed_and_the_rest_still_read() -> None:
    text = 'title: "un \x07 bip"\nbody: |\n  \x1b[31mrouge\x1b[0m\n'
    doc, problems = parse_yaml(text, F)
    assert doc is not None and doc.data["body"] == "\ufffd[31mrouge\ufffd[0m\n"
    assert lines(problems) == [
        "f.yaml:1:12: caractère de contrôle U+0007 (BEL, la sonnerie) interdit : retirez-le",
        "f.yaml:3:3: caractère de contrôle U+001B (ESC, le début d'un code couleur ANSI copié "
        "d'un terminal ?) interdit : retirez-le",
        "f.yaml:3:13: caractère de contrôle U+001B (ESC, le début d'un code couleur ANSI copié "
        "d'un terminal ?) interdit : retirez-le",
    ]


def test_many_control_characters_are_counted() -> None:
    doc, problems = parse_yaml("a: |\n" + "  \x07\n" * 25, F)
    assert doc is not None and len(problems) == 11
    assert problems[-1].message.startswith("et 15 autres caractères de contrôle")


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("a: b\n".encode("utf-16"), "UTF-16"),
        ("a: b\n".encode("utf-16-le"), "UTF-16"),
        ("a: bé\n".encode("utf-16-be"), "UTF-16"),
        ("a: b\n".encode("utf-32"), "UTF-32"),
        ("a: b\n".encode("utf-32-le"), "UTF-32"),
    ],
)
def test_utf16_and_utf32_are_named(tmp_path: Path, raw: bytes, encoding: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(raw)
    doc, problems = load_yaml(path)
    assert doc is None
    assert [p.message for p in problems] == [
        f"fichier encodé en {encoding}, pas en UTF-8 : réenregistrez-le en UTF-8 "
        f"(par ex. iconv -f {encoding} -t UTF-8 f.yaml > copie.yaml)"]


def test_only_regular_files_of_bounded_size_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "tube.yaml"
    os.mkfifo(fifo)
    link = tmp_path / "lien.yaml"
    link.symlink_to(tmp_path / "absent.yaml")
    big = tmp_path / "gros.yaml"
    big.write_bytes(b"a: b\n")
    messages = {}
    for path in (fifo, Path("/dev/zero"), link, tmp_path):
        doc, problems = load_yaml(path)
        assert doc is None and len(problems) == 1 and problems[0].line == 0
        messages[path.name] = problems[0].message
    assert messages["tube.yaml"].startswith("n'est pas un fichier ordinaire (un tube nommé")
    assert messages["zero"].startswith("n'est pas un fichier ordinaire (un périphérique)")
    target = tmp_path / "absent.yaml"
    assert messages["lien.yaml"] == f"lien symbolique cassé (il pointe vers « {target} »)"
    assert messages[tmp_path.name] == "est un dossier, pas un fichier"
    with pytest.raises(ReadError, match="fichier trop gros"):
        read_regular(big, limit=4)
    assert read_regular(big, limit=5) == b"a: b\n"


@pytest.mark.parametrize(
    "text",
    [
        "a: *\n", "a: - b\n", "a: 1 # x\n  - b\n", "a: |x\n  b\n", "a: |0\n  b\n",
        'a: "\\x4"\n', 'a: "b\n---\nc"\n', "a: [b\n c: d\n", "a\n...\nb: c\n", "%YAML 2.0\n--- a\n",
        "%YAML 1.1 x\n--- a\n", "a: !e!x 1\n", "a: !<x\n", "? a\n? b\n- c\n", "a: 'b\n",
        "- a\nb: c\n", "a:\n  - b\n  c: d\n", "{a: 1\n", "a: b: c\n", "a: `x`\n", "a: %x\n",
    ],
)
def test_every_syntax_error_is_said_in_french(text: str) -> None:
    doc, problems = parse_yaml(text, F)
    assert doc is None and len(problems) == 1
    message = problems[0].message
    assert message.startswith("erreur de syntaxe YAML : ")
    for english in ("found", "expected", "allowed", "while", " but ", "could not"):
        assert english not in message, message


def test_a_value_its_tag_cannot_read_is_placed_and_the_rest_still_checked() -> None:
    doc, problems = parse_yaml("a: 2024-13-45\nb: !!int abc\nc: 1\nc: 2\n", F)
    assert doc is not None and doc.data == {"a": "2024-13-45", "b": "abc", "c": 1}
    assert lines(problems) == [
        "f.yaml:1:4: date invalide « 2024-13-45 » : mettez-la entre guillemets si c'est un texte",
        "f.yaml:2:4: valeur « abc » illisible comme entier (étiquette !!int) : corrigez la "
        "valeur ou retirez l'étiquette",
        "f.yaml:4:1: clé « c » en double (déjà définie ligne 3)",
    ]


def test_control_characters_are_found_in_linear_time() -> None:
    """Each one's line was counted from the start of the text: 1 MB of them took minutes."""
    started = time.monotonic()
    doc, problems = parse_yaml("a: " + "\x07" * 1_000_000 + "\nb: 1\nb: 2\n", F)
    assert time.monotonic() - started < 3.0
    assert doc is not None and len(problems) == 12
    assert problems[10].message.startswith("et 999990 autres caractères de contrôle")
    assert "clé « b » en double" in problems[-1].message


def test_a_stray_nul_is_placed_and_the_rest_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"title: un \x00 nul\norder: 1\norder: 2\n" + b"x: 1\n" * 20)
    doc, problems = load_yaml(path)
    assert doc is not None
    assert [p.format(relative_to=tmp_path) for p in problems][:2] == [
        "nul.yaml:1:11: caractère de contrôle U+0000 (NUL, un octet nul) interdit : retirez-le",
        "nul.yaml:3:1: clé « order » en double (déjà définie ligne 2)",
    ]


def test_a_latin1_byte_is_placed_and_the_rest_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: Réseau\norder: 1\norder: 2\n".encode("latin-1"))
    doc, problems = load_yaml(path)
    assert doc is not None and doc.data["title"] == "R\ufffdseau"
    assert [(p.line, p.column) for p in problems] == [(1, 9), (3, 1)]
    assert "octet invalide 0xe9" in problems[0].message
