"""The wheel ships the whole course: build it, install it in a fresh venv, read the course there.

The fresh virtual environment gets only the wheel (``--no-deps``); the
dependencies come from the running environment's site-packages through a
``.pth`` line (which does not run that environment's own ``.pth`` files, so an
editable install of docker-lab there stays invisible). Everything runs from a
folder outside the source tree, and the test checks that ``docker_lab`` and the
course really come from the fresh environment. Offline when ``hatchling`` is
importable here (no build isolation); otherwise pip fetches it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from docker_lab.course.loader import load_course
from docker_lab.paths import CourseDirs

ROOT = Path(__file__).resolve().parents[1]
DECK_SLIDES = 74

PROBE = """
import json, docker_lab
from docker_lab import paths
from docker_lab.course.loader import load_course
course, problems = load_course(paths.course_dirs())
print(json.dumps({
    "package": docker_lab.__file__,
    "root": str(paths.shipped_course_root()),
    "lessons": [lesson.id for lesson in course.lessons],
    "slides": sum(len(lesson.slides) for lesson in course.lessons),
    "exercises": sorted(course.exercises),
    "problems": [p.format() for p in problems],
}))
"""


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=180, check=False)
    assert result.returncode == 0, f"{cmd}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def build_wheel(dist: Path) -> Path:
    isolation = [] if importlib.util.find_spec("hatchling") else ["--use-pep517"]
    offline = ["--no-build-isolation"] if not isolation else []
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *offline, *isolation,
         "-w", str(dist), str(ROOT)], cwd=dist.parent)
    wheels = list(dist.glob("docker_lab-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def fresh_env(where: Path, wheel: Path) -> Path:
    run([sys.executable, "-m", "venv", "--without-pip", str(where)], cwd=where.parent)
    python = where / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", str(wheel)], cwd=where.parent)
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                    cwd=where.parent).strip())
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "_docker_lab_test_deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    return site


def test_installed_wheel_holds_the_whole_course(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    wheel = build_wheel(dist)
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n for n in names if n.startswith("docker_lab/_course/lessons/"))
    source = sorted(p.name for p in (ROOT / "lessons").glob("*.y*ml"))
    assert [Path(n).name for n in shipped] == source and source

    env_dir = tmp_path / "env"
    site = fresh_env(env_dir, wheel)
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DOCKER_LAB_COURSE", "PYTHONPATH", "VIRTUAL_ENV")}
    env["DOCKER_LAB_HOME"] = str(tmp_path / "home")

    out = run([str(env_dir / "bin" / "python"), "-c", PROBE], cwd=elsewhere, env=env)
    found = json.loads(out)
    assert Path(found["package"]).is_relative_to(site)
    assert Path(found["root"]) == site / "docker_lab" / "_course"
    assert found["problems"] == []
    assert found["slides"] == DECK_SLIDES
    expected, _ = load_course(CourseDirs(ROOT / "lessons", ROOT / "exercises"))
    assert found["lessons"] == [lesson.id for lesson in expected.lessons]
    assert found["exercises"] == sorted(expected.exercises)

    command = str(env_dir / "bin" / "docker-lab")
    summary = run([command, "validate"], cwd=elsewhere, env=env).strip()
    assert summary.startswith(f"Cours valide : {len(found['lessons'])} leçons, "
                              f"{DECK_SLIDES} diapos")
    assert "utilisation : docker-lab" in run([command, "--help"], cwd=elsewhere, env=env)
