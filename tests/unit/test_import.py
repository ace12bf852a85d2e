"""``docker-lab import``: the seed deck end to end, and bad input refused cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from docker_lab.cli import main
from docker_lab.course.loader import load_files

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "seed_deck.md"
MOJIBAKE = ("Ã", "Â", "ğŸ", "ï¸", "â€", "\ufffd")


def shipped_titles() -> list[str]:
    titles = []
    for path in sorted((ROOT / "lessons").glob("*.yaml")):
        titles += [s["title"] for s in yaml.safe_load(path.read_text(encoding="utf-8"))["slides"]]
    return titles


def run_import(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_seed_deck_through_the_installed_command(tmp_path: Path) -> None:
    out_dir = tmp_path / "cours" / "lessons"
    exe = Path(sys.executable).with_name("docker-lab")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "docker_lab"]
    done = subprocess.run(
        [*command, "import", str(SEED), "-o", str(out_dir)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    files = sorted(out_dir.glob("*.yaml"))
    assert [f.name for f in files][:2] == ["01-introduction.yaml", "02-types-de-reseaux.yaml"]
    assert len(files) == 10
    lessons = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files]
    titles = [s["title"] for lesson in lessons for s in lesson["slides"]]
    assert len(titles) == 74
    assert titles == shipped_titles()
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    for marker in MOJIBAKE:
        assert marker not in text
    bodies = "\n".join(s["body"] for lesson in lessons for s in lesson["slides"])
    assert bodies.count("```bash\n") == 44
    assert bodies.count("```yaml\n") == 7
    assert bodies.count("```mermaid\n") == 3
    assert "routeAlias" not in text and "<a name" not in text
    # what was guessed is on stderr, with line numbers; the summary on stdout
    assert "restaurée en « 🌐 »" in done.stderr and "deviné" in done.stderr
    assert "lignes 7, 173, 348" in done.stderr
    assert "74 diapositives" in done.stdout and "Traceback" not in done.stderr
    course, problems = load_files(files, [], check_exercise_refs=False)
    assert problems == [] and [le.order for le in course.lessons] == list(range(1, 11))


def test_existing_files_are_kept_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_import(capsys, str(SEED), "-o", str(tmp_path))[0] == 0
    first = tmp_path / "01-introduction.yaml"
    first.write_text("modifié à la main\n", encoding="utf-8")
    (tmp_path / "05-architecture-multi-tiers.yaml").unlink()
    code, _, err = run_import(capsys, str(SEED), "-o", str(tmp_path))
    assert code == 2 and "--force" in err and "rien n'a été écrit" in err
    assert first.read_text(encoding="utf-8") == "modifié à la main\n"
    assert not (tmp_path / "05-architecture-multi-tiers.yaml").exists()
    code, _, _ = run_import(capsys, str(SEED), "-o", str(tmp_path), "--force")
    assert code == 0 and first.read_text(encoding="utf-8").startswith("format_version: 1")
    assert sorted(p.name for p in tmp_path.iterdir())[4] == "05-architecture-multi-tiers.yaml"


def test_clash_with_other_lessons_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "1-intro.yaml"
    other.write_text("format_version: 1\nid: intro\ntitle: T\norder: 1\nslides: []\n",
                     encoding="utf-8")
    code, _, err = run_import(capsys, str(SEED), "-o", str(tmp_path), "--force")
    assert code == 2 and "1-intro.yaml" in err and "même id" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1-intro.yaml"]


BAD_INPUTS = {
    "vide": (b"", "vide"),
    "espaces": (b"  \n\n\t\n", "vide"),
    "binaire": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binaire"),
    "latin1": ("# Les réseaux\n\n---\n\n# Sécurité\n".encode("latin-1"), "UTF-8"),
    "sans-titre": (b"Juste du texte.\n\n---\n\nEncore, sans titre.\n", "aucune diapositive"),
    "json": (b'{"slides": [1, 2, 3]}\n', "aucune diapositive"),
    "utf16": ("# Titre\n".encode("utf-16"), "UTF-16"),
    "script": (b"#!/bin/sh\n# Titre\necho\n", "script"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_and_writes_nothing(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, expected = BAD_INPUTS[name]
    deck = tmp_path / f"{name}.md"
    deck.write_bytes(data)
    out_dir = tmp_path / "sortie"
    code, out, err = run_import(capsys, str(deck), "-o", str(out_dir))
    assert code == 2
    assert expected in err and "erreur" in err and "Traceback" not in err
    assert out == ""
    assert not out_dir.exists()


def test_lesson_yaml_is_not_a_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lesson = tmp_path / "01-introduction.yaml"
    lesson.write_text("# Leçon\nformat_version: 1\n", encoding="utf-8")
    code, _, err = run_import(capsys, str(lesson), "-o", str(tmp_path / "o"))
    assert code == 2 and "validate" in err and not (tmp_path / "o").exists()


def test_bom_and_crlf_are_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = tmp_path / "deck.md"
    deck.write_bytes("\ufeff# Un\r\n\r\ntexte\r\n\r\n---\r\n\r\n# Deux\r\n".encode())
    assert run_import(capsys, str(deck), "-o", str(tmp_path / "o"))[0] == 0
    data = yaml.safe_load((tmp_path / "o" / "01-un.yaml").read_text(encoding="utf-8"))
    assert [s["title"] for s in data["slides"]] == ["Un", "Deux"]
    assert data["slides"][0]["body"] == "texte\n"
    assert data["slides"][1]["body"] == "*(diapositive de titre)*\n"


def test_missing_file_and_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_import(capsys, str(tmp_path / "absent.md"), "-o", str(tmp_path / "o"))
    assert code == 2 and "introuvable" in err
    code, _, err = run_import(capsys, str(tmp_path), "-o", str(tmp_path / "o"))
    assert code == 2 and "dossier" in err
    assert not (tmp_path / "o").exists()


def test_generic_deck_grouped_by_topic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slides = [f"# Volumes - partie {i} 💾\n\nTexte {i}." for i in range(6)]
    slides += [f"# Images - étape {i}\n\n```bash\ndocker image ls\n```" for i in range(3)]
    deck = tmp_path / "deck.md"
    deck.write_text("---\ntheme: default\n---\n\n" + "\n\n---\n\n".join(slides) + "\n",
                    encoding="utf-8")
    code, out, _ = run_import(capsys, str(deck), "-o", str(tmp_path / "l"))
    assert code == 0 and "regroupement par sujet" in out
    files = sorted((tmp_path / "l").glob("*.yaml"))
    assert [f.name for f in files] == ["01-volumes.yaml", "02-images.yaml"]
    second = yaml.safe_load(files[1].read_text(encoding="utf-8"))
    assert second["title"] == "Images" and second["exercises"] == []
    assert second["slides"][0] == {"title": "Images - étape 0",
                                   "body": "```bash\ndocker image ls\n```\n"}


def test_plan_file_decides_the_lessons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = tmp_path / "deck.md"
    deck.write_text("# Un\n\na\n\n---\n\n# Deux\n\nb\n\n---\n\n# Trois 🚀\n\nc\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("- {id: debut, title: Début, first_slide: Un}\n"
                    "- {id: fin, title: Fin, first_slide: trois, exercises: [ex-fin]}\n",
                    encoding="utf-8")
    code, _, _ = run_import(capsys, str(deck), "-o", str(tmp_path / "l"), "--plan", str(plan))
    assert code == 0
    files = sorted((tmp_path / "l").glob("*.yaml"))
    assert [f.name for f in files] == ["01-debut.yaml", "02-fin.yaml"]
    fin = yaml.safe_load(files[1].read_text(encoding="utf-8"))
    assert fin["exercises"] == ["ex-fin"] and fin["slides"][0]["title"] == "Trois 🚀"
    plan.write_text("pas une liste\n", encoding="utf-8")
    code, _, err = run_import(capsys, str(deck), "-o", str(tmp_path / "m"), "--plan", str(plan))
    assert code == 2 and "plan" in err and not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- id: a\n  first_slide: [Un\n", "plan.yaml:3:1: erreur de syntaxe YAML : fin du fichier "
                                            "atteinte : un « [ » ou un « { » n'a pas été refermé"),
        ("- {id: a, first_slide: Un}\n- {id: b}\n",
         "plan.yaml:2:3: champ obligatoire « first_slide » manquant (section 2)"),
        ("- {id: a, first_slide: Un, exercises: 3}\n",
         "plan.yaml:1:39: « exercises » doit être une liste, trouvé : entier (section 1)"),
        ("- {id: A, first_slide: Un, titel: x}\n- {id: b, first_slide: Un}\n",
         "plan.yaml:1:8: « id » doit ne contenir que des minuscules"),
        ("- {id: A, first_slide: Un, titel: x}\n- {id: b, first_slide: Un}\n",
         "plan.yaml:1:28: clé inconnue « titel » : vouliez-vous dire « title » ?"),
        ("- {id: a, first_slide: Un}\n- {id: a, first_slide: Un}\n",
         "plan.yaml:2:8: l'id de la section 2 est déjà celle de la section 1"),
        ("- {id: a, first_slide: Un}\n- {id: b, first_slide: un}\n",
         "plan.yaml:2:24: la première diapositive de la section 2 est déjà celle de la section 1"),
        ("- {id: [a], title: {b: c}, first_slide: Un}\n",
         "plan.yaml:1:8: « id » doit être un texte, trouvé : liste (section 1)"),
        ("a: \x07\n", "plan.yaml:1:4: caractère de contrôle U+0007"),
    ],
)
def test_plan_problems_are_placed_like_validate_places_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    text: str, line: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck.md").write_text("# Un\n\na\n", encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    code, _, err = run_import(capsys, "deck.md", "-o", "l", "--plan", "plan.yaml")
    assert code == 2 and not (tmp_path / "l").exists()
    assert err.startswith("docker-lab import : erreur : "), err
    assert any(shown.startswith(line) for shown in err.removeprefix(
        "docker-lab import : erreur : ").splitlines()), err


def test_help_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    assert "par défaut : ./lessons" in out and "--force" in out and "utilisation" in out
