"""``docker-lab setup``: offline build, idempotence, respect of other images, --remove."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docker_lab import cli
from docker_lab.commands import setup as setup_command
from docker_lab.engine import imagerecipes as recipes
from docker_lab.engine.imagebuild import build_plan, inspect
from docker_lab.engine.imagecontext import BuildPlan
from docker_lab.engine.imageevents import Chosen
from docker_lab.engine.imageremove import remove_setup_images
from docker_lab.engine.images import CATALOGUE, ImageSpec, run_setup
from docker_lab.engine.labels import made_by_setup
from tests.helpers import unique_name

pytestmark = pytest.mark.engine

TEST_LABELS = (("docker-lab.test", "true"),)
EXE = [sys.executable, "-m", "docker_lab"]


def docker_lab(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process."""
    return subprocess.run([*EXE, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})}, check=False)


@pytest.fixture
def test_images(docker_client: Any) -> Iterator[list[str]]:
    """Names of test images to remove at teardown (whatever their labels)."""
    names: list[str] = []
    yield names
    for name in names:
        with contextlib.suppress(Exception):  # already removed by the test
            docker_client.api.remove_image(name, force=True)


def standin_spec(name: str) -> ImageSpec:
    return ImageSpec(name, recipes.alpine, "Remplaçant de test (dlt-h4).", upstream=True,
                     labels=TEST_LABELS)


def build_unlabelled(client: Any, name: str) -> str:
    """Build a busybox image *name* without any docker-lab.setup label (the user's own)."""
    import tempfile

    plan = BuildPlan(name)
    recipes.base(plan)
    plan.dockerfile.append('CMD ["/bin/sh"]')
    with tempfile.TemporaryFile() as ctx:
        return build_plan(client, plan, ctx, {"docker-lab.test": "true"})


def test_offline_setup_makes_every_course_image_and_second_run_is_fast(
    docker_client: Any, tmp_path: Path
) -> None:
    env = {"DOCKER_LAB_HOME": str(tmp_path)}
    first = docker_lab("setup", "--offline", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    for spec in CATALOGUE:
        facts = inspect(docker_client, spec.name)
        assert facts is not None, spec.name
        if not made_by_setup(facts.labels, facts.tags):
            assert spec.name in first.stdout and "conservée" in first.stdout
            continue
        if "docker-lab.image" not in facts.labels:  # built by an older version: kept as is
            continue
        assert "docker-lab.managed" not in facts.labels, spec.name  # image-only labels
        if facts.labels.get("docker-lab.image") == spec.name and spec.upstream:
            assert facts.labels["docker-lab.standin"] == "true", spec.name
            assert facts.labels["docker-lab.description"].startswith("Remplaçant"), spec.name
        if spec.dockerfile is not None:  # by Dockerfile over the (stand-in) base
            assert facts.labels["docker-lab.image"] == spec.name
            steps = " ".join(h["CreatedBy"] for h in docker_client.api.history(spec.name))
            assert "COPY file:" in steps, steps
        for alias in spec.aliases:
            assert inspect(docker_client, alias) is not None, alias
    start = time.monotonic()
    second = docker_lab("setup", "--offline", env=env)
    elapsed = time.monotonic() - start
    assert second.returncode == 0, second.stdout + second.stderr
    assert elapsed < 10, f"warm setup took {elapsed:.1f} s"
    assert "construction" not in second.stdout
    assert second.stdout.count("déjà") >= len(CATALOGUE) - 1, second.stdout


def test_standin_is_built_then_up_to_date(docker_client: Any, test_images: list[str]) -> None:
    name = unique_name("dlt-h4-std-") + ":latest"
    test_images.append(name)
    spec = standin_spec(name)
    [built] = run_setup(docker_client, offline=True, catalogue=[spec])
    assert built.status == "built", built
    facts = inspect(docker_client, name)
    assert facts is not None
    assert facts.labels["docker-lab.standin"] == "true"
    assert facts.labels["docker-lab.image"] == name
    [again] = run_setup(docker_client, offline=True, catalogue=[spec])
    assert again.status == "uptodate"
    assert again.seconds < 2
    assert inspect(docker_client, name).id == facts.id  # type: ignore[union-attr]


def test_no_registry_falls_back_to_a_standin_and_says_so(
    docker_client: Any, test_images: list[str]
) -> None:
    name = unique_name("dlt-h4-noreg-") + ":latest"
    test_images.append(name)
    events: list[object] = []
    start = time.monotonic()
    [result] = run_setup(docker_client, offline=False, catalogue=[standin_spec(name)],
                         report=events.append)
    assert time.monotonic() - start < 20
    assert result.status == "built"
    [chosen] = [e.path for e in events if isinstance(e, Chosen)]
    assert chosen.kind == "standins" and "aucun registre ne répond" in chosen.reason


def test_an_image_setup_did_not_make_is_never_replaced(
    docker_client: Any, test_images: list[str]
) -> None:
    name = unique_name("dlt-h4-keep-") + ":latest"
    test_images.append(name)
    original = build_unlabelled(docker_client, name)
    [result] = run_setup(docker_client, offline=True, catalogue=[standin_spec(name)])
    assert result.status == "kept"
    assert "conservée" in result.detail
    assert inspect(docker_client, name).id == original  # type: ignore[union-attr]


def test_missing_package_is_named_and_the_others_are_still_built(
    docker_client: Any, test_images: list[str], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = unique_name("dlt-h4-ok-") + ":latest"
    test_images.append(good)

    def needs_absent_package(plan: BuildPlan) -> None:
        recipes.alpine(plan)
        plan.binary("/nonexistent/dlt-h4/serveur", "paquet-dlt-h4")

    broken = ImageSpec(unique_name("dlt-h4-ko-") + ":latest", needs_absent_package,
                       "Remplaçant impossible (test).", upstream=True, labels=TEST_LABELS)
    catalogue = (broken, standin_spec(good))
    monkeypatch.setattr("docker_lab.engine.images.CATALOGUE", catalogue)
    monkeypatch.setattr(setup_command, "CATALOGUE", catalogue)
    status = cli.main(["setup", "--offline"])
    out = capsys.readouterr().out
    assert status == 1
    assert "paquet Debian manquant : paquet-dlt-h4" in out
    assert "sudo apt-get install paquet-dlt-h4" in out
    assert inspect(docker_client, broken.name) is None
    assert inspect(docker_client, good) is not None
    assert "1 image(s) prête(s) sur 2" in out


def test_remove_takes_only_labelled_images_and_refuses_those_in_use(
    docker_client: Any, test_images: list[str], engine_resources: Any
) -> None:
    made = unique_name("dlt-h4-made-") + ":latest"
    keep = unique_name("dlt-h4-keep-") + ":latest"
    test_images.extend([made, keep])
    run_setup(docker_client, offline=True, catalogue=[standin_spec(made)])
    keep_id = build_unlabelled(docker_client, keep)
    user = engine_resources.container("dlt-h4-user-", image=made, command=("sleep", "60"),
                                      network_mode="none")

    [refused] = remove_setup_images(docker_client, tags=[made, keep])
    assert refused.status == "refused" and refused.names == (made,)
    assert user.name in refused.detail
    assert inspect(docker_client, made) is not None

    [removed] = remove_setup_images(docker_client, tags=[made, keep], force=True)
    assert removed.status == "removed" and user.name in removed.detail
    assert inspect(docker_client, made) is None
    assert inspect(docker_client, keep).id == keep_id  # type: ignore[union-attr]


def test_cli_remove_then_setup_again(docker_client: Any, test_images: list[str]) -> None:
    keep = unique_name("dlt-h4-keep-") + ":latest"
    test_images.append(keep)
    keep_id = build_unlabelled(docker_client, keep)
    gone = docker_lab("setup", "--remove", "--only", "mon-worker")
    assert gone.returncode == 0, gone.stdout + gone.stderr
    assert "mon-worker:latest : supprimée" in gone.stdout
    assert inspect(docker_client, "mon-worker:latest") is None
    assert inspect(docker_client, keep).id == keep_id  # type: ignore[union-attr]
    back = docker_lab("setup", "--offline", "--only", "mon-worker")
    assert back.returncode == 0, back.stdout + back.stderr
    assert inspect(docker_client, "mon-worker:latest") is not None


def test_unreachable_daemon_is_a_french_message_and_exit_2(tmp_path: Path) -> None:
    env = {"DOCKER_HOST": f"unix://{tmp_path}/absent.sock"}
    for args in (("setup", "--offline"), ("setup", "--remove")):
        result = docker_lab(*args, env=env)
        assert result.returncode == 2, result
        assert "Le démon Docker ne répond pas" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout


def test_unknown_image_is_refused_with_the_list(tmp_path: Path) -> None:
    result = docker_lab("setup", "--offline", "--only", "mysql:8")
    assert result.returncode == 2
    assert "Image inconnue : « mysql:8 »" in result.stderr
    assert "postgres:13" in result.stderr


def test_no_registry_on_a_host_without_standins_says_what_to_do(
    docker_client: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """macOS, Windows or a non-Debian Linux without a registry: a bundle or the Internet."""
    absent = standin_spec(unique_name("dlt-h4-mac-") + ":latest")
    monkeypatch.setattr("docker_lab.engine.images.CATALOGUE", (absent,))
    monkeypatch.setattr(setup_command, "CATALOGUE", (absent,))
    monkeypatch.setattr("docker_lab.engine.images.standin_problem",
                        lambda _info: "cette machine n'est pas une Debian ou une Ubuntu")
    status = cli.main(["setup"])
    out, err = capsys.readouterr()
    assert status == 1, out + err
    assert "Voie choisie : aucune — aucun registre ne répond" in out
    assert f"✗ {absent.name}" in out and "aucun remplaçant ne peut être construit" in out
    assert "→ Demandez à votre formateur l'archive d'images du cours, puis : " \
        "docker-lab setup --import FICHIER" in out
    assert "machine reliée à Internet" in out and "Traceback" not in out + err
    assert inspect(docker_client, absent.name) is None
