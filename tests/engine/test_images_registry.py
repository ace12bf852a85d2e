"""The registry path for real, then bundles, on a throwaway engine with a registry mirror.

From an engine with no image, ``docker-lab setup`` (no ``--offline``) pulls the
official images from the mirror with progress, builds mon-api, mon-webapp and
mon-worker by Dockerfile over the pulled bases (history: the Dockerfile's
steps, no host file, no stand-in label), and every exercise replays on the
result. Then ``setup --export`` / ``setup --import`` on the emptied engine gives
the same images, and broken bundles load nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docker_lab.engine.imagebundle import TEMP_REPO
from docker_lab.engine.images import CATALOGUE
from docker_lab.engine.labels import IMAGE, STANDIN
from tests.engine.exercise_support import exercise_ids
from tests.engine.registry_support import Throwaway, feed_registry, throwaway_engine

pytestmark = pytest.mark.engine

ROOT = Path(__file__).resolve().parents[2]
OWN = {"mon-api:latest": "alpine:latest", "mon-worker:latest": "alpine:latest",
       "mon-webapp:latest": "nginx:alpine"}
TIMES: dict[str, float] = {}


@pytest.fixture(scope="module")
def mirror() -> Iterator[Throwaway]:
    start = time.monotonic()
    with throwaway_engine() as engine:
        feed_registry(engine)
        TIMES["registre alimenté"] = time.monotonic() - start
        yield engine
    print("\nDurées :", {k: round(v, 1) for k, v in TIMES.items()})


def docker_lab(engine: Throwaway, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**engine.env(), "DOCKER_LAB_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "docker_lab", *args], capture_output=True,
                          text=True, timeout=900, env=env, check=False, cwd=ROOT)


def ids(client: Any) -> dict[str, str]:
    return {s.name: client.api.inspect_image(s.name)["Id"] for s in CATALOGUE}


def test_setup_pulls_from_the_mirror_and_builds_the_course_images_by_dockerfile(
    mirror: Throwaway, tmp_path: Path
) -> None:
    client = mirror.client
    assert client.api.images() == []
    start = time.monotonic()
    cold = docker_lab(mirror, "setup", home=tmp_path)
    TIMES["setup à froid (registre)"] = time.monotonic() - start
    assert cold.returncode == 0, cold.stdout + cold.stderr
    out = cold.stdout
    assert "Voie choisie : registre" in out
    assert "téléchargement de alpine:latest depuis library/alpine" in out
    assert "couche " in out and "installée" in out  # progress per layer, as plain lines
    for spec in CATALOGUE:
        data = client.api.inspect_image(spec.name)
        labels = data["Config"]["Labels"] or {}
        assert labels.get(STANDIN) != "true", spec.name
        assert "docker-lab.managed" not in labels and "docker-lab.setup" not in labels
        if spec.upstream and not spec.pull_from:
            assert data["RepoDigests"], f"{spec.name} was not pulled"
            assert IMAGE not in labels
    for name, base in OWN.items():
        data = client.api.inspect_image(name)
        assert data["Config"]["Labels"][IMAGE] == name
        base_layers = client.api.inspect_image(base)["RootFS"]["Layers"]
        assert data["RootFS"]["Layers"][: len(base_layers)] == base_layers, name
        steps = " ".join(h["CreatedBy"] for h in client.api.history(name))
        assert "COPY file:" in steps and "rootfs.tar" not in steps, steps
    start = time.monotonic()
    warm = docker_lab(mirror, "setup", home=tmp_path)
    TIMES["setup à chaud (registre)"] = time.monotonic() - start
    assert warm.returncode == 0, warm.stdout + warm.stderr
    assert "construction" not in warm.stdout and "téléchargement de" not in warm.stdout


def test_every_exercise_replays_on_the_registry_images(mirror: Throwaway, tmp_path: Path) -> None:
    before = ids(mirror.client)
    env = {**mirror.env(), "TMPDIR": str(tmp_path)}  # its own engine lock: nothing shared
    start = time.monotonic()
    done = subprocess.run(
        [*mirror.nsenter(), sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-x", "tests/engine/test_exercises_replay.py"],
        capture_output=True, text=True, timeout=1200, env=env, cwd=ROOT, check=False)
    TIMES["rejeu des exercices"] = time.monotonic() - start
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    passed = re.search(r"(\d+) passed", done.stdout)
    assert passed and int(passed.group(1)) >= len(exercise_ids()), done.stdout[-2000:]
    assert ids(mirror.client) == before, "the replay must run on the registry's images"


def _cut(src: Path, dest: Path) -> Path:
    data = src.read_bytes()
    dest.write_bytes(data[: len(data) // 2])
    return dest


def _foreign(dest: Path) -> Path:
    with tarfile.open(dest, "w") as tar:
        tar.add(ROOT / "README.md", arcname="README.md")
    return dest


def test_export_then_import_on_an_emptied_engine_gives_the_same_images(
    mirror: Throwaway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = mirror.client
    before = ids(client)
    bundle = tmp_path / "images-du-cours.tar"
    start = time.monotonic()
    out = docker_lab(mirror, "setup", "--export", str(bundle), home=tmp_path)
    TIMES["export"] = time.monotonic() - start
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Archive écrite" in out.stdout and "écriture" in out.stdout
    TIMES["taille de l'archive (Mo)"] = bundle.stat().st_size / 1e6

    broken = {"tronquée": _cut(bundle, tmp_path / "moitie.tar"),
              "pas une archive d'images docker-lab": _foreign(tmp_path / "autre.tar"),
              "n'est pas une archive tar": tmp_path / "texte.tar"}
    (tmp_path / "texte.tar").write_text("bonjour\n")
    for image in client.api.images():
        client.api.remove_image(image["Id"], force=True)
    assert client.api.images() == []
    for why, path in broken.items():
        result = docker_lab(mirror, "setup", "--import", str(path), home=tmp_path)
        assert result.returncode == 1, result
        assert why in result.stderr and "Rien n'a été chargé" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert client.api.images() == [], why

    start = time.monotonic()
    loaded = docker_lab(mirror, "setup", "--import", str(bundle), home=tmp_path)
    TIMES["import"] = time.monotonic() - start
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert ids(client) == before
    assert not [t for i in client.api.images() for t in i["RepoTags"] or ()
                if t.startswith(TEMP_REPO)]
    again = docker_lab(mirror, "setup", home=tmp_path)
    assert again.returncode == 0 and "téléchargement de" not in again.stdout, again.stdout


def test_a_bundle_missing_one_image_loads_nothing(
    mirror: Throwaway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docker_lab.engine import imagebundle

    client = mirror.client
    names = [s.name for s in CATALOGUE]
    monkeypatch.setattr(imagebundle, "course_names", lambda: names[:-1])
    partial = tmp_path / "partielle.tar"
    imagebundle.export_bundle(client, partial)
    before = ids(client)
    client.api.remove_image(names[0], force=True)
    result = docker_lab(mirror, "setup", "--import", str(partial), home=tmp_path)
    assert result.returncode == 1
    assert f"il manque {names[-1]}" in result.stderr, result.stderr
    assert "Rien n'a été chargé" in result.stderr
    assert {n for i in client.api.images() for n in i["RepoTags"] or ()} >= set(names[1:])
    with pytest.raises(Exception):  # noqa: B017 (docker.errors.ImageNotFound)
        client.api.inspect_image(names[0])
    assert ids_present(client) == {k: v for k, v in before.items() if k != names[0]}


def ids_present(client: Any) -> dict[str, str]:
    out = {}
    for spec in CATALOGUE:
        try:
            out[spec.name] = client.api.inspect_image(spec.name)["Id"]
        except Exception:  # absent
            continue
    return out

