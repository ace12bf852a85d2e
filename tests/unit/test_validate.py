"""``docker-lab validate`` on broken and good lesson files: one line per problem, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docker_lab.cli import main
from docker_lab.course.validate import validate_paths

DATA = Path(__file__).parent / "validate_data"
BROKEN = DATA / "broken"
LESSONS = BROKEN / "lessons"

#: One expected problem per broken file: (file, line, column, words in the message).
EXPECTED = [
    ("a-syntax.yaml", 3, 14, "erreur de syntaxe YAML"),
    ("b-typo.yaml", 3, 1, "clé inconnue « titel » : vouliez-vous dire « title » ?"),
    ("c-no-title.yaml", 1, 1, "champ obligatoire « title » manquant"),
    ("d-wrong-type.yaml", 4, 8, "« order » doit être un entier, trouvé : texte"),
    ("f-dup-second.yaml", 4, 5, "id « doublon » en double : déjà utilisé par la leçon de "),
    ("g-empty-slide.yaml", 8, 5, "diapo vide (diapo 2)"),
]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    code = main(["validate", *argv])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_broken_course_one_line_per_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA)
    code, out, err = run_cli(capsys, "broken")
    assert code == 1
    assert err == ""
    *problems, summary = out
    assert len(problems) == len(EXPECTED)
    for line, (name, number, column, words) in zip(problems, EXPECTED, strict=True):
        prefix = f"broken/lessons/{name}:{number}:{column}: "
        assert line.startswith(prefix), line
        assert words in line, line
    assert "e-dup-first.yaml:2" in problems[4]
    assert summary.startswith("Cours invalide : 6 problèmes dans 6 fichiers")


def test_each_broken_file_alone_has_exactly_its_problem(capsys: pytest.CaptureFixture[str]) -> None:
    for name, number, column, words in EXPECTED:
        if name.startswith("f-"):
            continue  # a duplicate needs its twin
        code, out, _ = run_cli(capsys, str(LESSONS / name))
        assert code == 1, name
        assert len(out) == 2, out
        assert out[0].endswith(f"{name}:{number}:{column}: " + out[0].split(": ", 1)[1])
        assert words in out[0]


def test_good_course_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, str(DATA / "good"))
    assert (code, out, err) == (0, ["Cours valide : 2 leçons, 3 diapos, 0 exercice"], "")


def test_course_flag_and_env(capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["--course", str(DATA / "good"), "validate"]) == 0
    assert "Cours valide : 2 leçons" in capsys.readouterr().out
    monkeypatch.setenv("DOCKER_LAB_COURSE", str(BROKEN))
    assert main(["validate"]) == 1
    assert len(capsys.readouterr().out.splitlines()) == len(EXPECTED) + 1


def test_missing_path_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, str(tmp_path / "absent"), str(DATA / "good"))
    assert code == 2
    assert "chemin introuvable" in err and "absent" in err
    assert out[-1].startswith("Cours invalide : 1 chemin introuvable")


def test_missing_course_folder_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--course", str(tmp_path / "absent"), "validate"]) == 2
    captured = capsys.readouterr()
    assert f"chemin introuvable : {tmp_path / 'absent'}" in captured.err


def test_unknown_kind_empty_and_binary_files(tmp_path: Path) -> None:
    (tmp_path / "autre.yaml").write_text("nom: x\n", encoding="utf-8")
    (tmp_path / "vide.yml").write_text("", encoding="utf-8")
    (tmp_path / "image.yaml").write_bytes(b"\x00\x01\x02")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    report = validate_paths([tmp_path])
    messages = sorted((p.path.name, p.line, p.message.split(" :")[0]) for p in report.problems)
    assert messages == [
        ("autre.yaml", 1, "ni une leçon (clé « slides ») ni un exercice (clé « steps »)"),
        ("image.yaml", 0, "fichier binaire"),
        ("vide.yml", 0, "fichier vide"),
    ]


def test_lesson_with_typo_in_slides_key_is_still_a_lesson(tmp_path: Path) -> None:
    (tmp_path / "l.yaml").write_text(
        "format_version: 2\nid: x\ntitle: X\norder: 1\nslids: []\n", encoding="utf-8")
    report = validate_paths([tmp_path / "l.yaml"])
    assert [p.format() for p in report.problems] == [
        f"{tmp_path}/l.yaml:1:17: « format_version » vaut 2 : cette version de docker-lab lit "
        "le format 1 (écrivez « format_version: 1 »)",
        f"{tmp_path}/l.yaml:5:1: clé inconnue « slids » : vouliez-vous dire « slides » ?",
    ]


def test_installed_command_never_prints_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "l.yaml").write_bytes("title: \xe9t\xe9\n".encode("latin-1"))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "docker_lab", "validate", str(tmp_path), str(LESSONS)],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{tmp_path}/l.yaml:1:8: le fichier n'est pas en UTF-8" in result.stdout
