"""``docker-lab`` without a sub-command: French errors, exit codes, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.tui.app_support import TUI_COURSE

DOCKER_LAB = str(Path(sys.executable).with_name("docker-lab"))


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCKER_LAB_HOME": str(home)}
    return subprocess.run([DOCKER_LAB, *args], capture_output=True, text=True, env=env,
                          timeout=60, stdin=subprocess.DEVNULL)


def test_unknown_lesson_exits_2_in_french(tmp_path: Path) -> None:
    done = run("--course", str(TUI_COURSE), "--lesson", "nulle-part", home=tmp_path)
    assert done.returncode == 2
    assert "Leçon inconnue : « nulle-part »" in done.stderr
    assert "premiers-pas" in done.stderr, "the known ids are listed"
    assert "Traceback" not in done.stderr


def test_unknown_exercise_exits_2_in_french(tmp_path: Path) -> None:
    done = run("--course", str(TUI_COURSE), "--exercise", "nulle-part", home=tmp_path)
    assert done.returncode == 2
    assert "Exercice inconnu : « nulle-part »" in done.stderr
    assert "Traceback" not in done.stderr


def test_broken_course_exits_1_with_positions(tmp_path: Path) -> None:
    lessons = tmp_path / "cours" / "lessons"
    lessons.mkdir(parents=True)
    (lessons / "cassee.yaml").write_text("format_version: 1\nid: cassee\ntitle: [oups\n",
                                         encoding="utf-8")
    done = run("--course", str(tmp_path / "cours"), home=tmp_path)
    assert done.returncode == 1
    assert "le cours contient des erreurs" in done.stderr
    assert "cassee.yaml:" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_course_exits_2(tmp_path: Path) -> None:
    done = run("--course", str(tmp_path / "absent"), home=tmp_path)
    assert done.returncode == 2
    assert "introuvable" in done.stderr
    assert "Traceback" not in done.stderr
