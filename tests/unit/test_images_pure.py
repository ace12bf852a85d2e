"""Pure parts of the image work: setup's way, progress as plain lines, bundle checks,
the course images' Dockerfiles, and which exercises each image blocks."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from docker_lab.commands.doctorimages import engine_summary
from docker_lab.commands.setupview import PlainView, make_view
from docker_lab.course.loader import load_course
from docker_lab.engine.bundlecheck import MANIFEST, BundleError, BundleImage, manifest_text
from docker_lab.engine.bundlecheck import read_bundle as read
from docker_lab.engine.imagedockerfile import MON_API, MON_WEBAPP, MON_WORKER, base_of
from docker_lab.engine.imageevents import Chosen, Finished, Started, Transfer
from docker_lab.engine.imagepath import BLOCKED_FIX, choose_path, standin_problem
from docker_lab.engine.imagepull import LayerEvent
from docker_lab.engine.images import CATALOGUE
from docker_lab.lab.imageneeds import blocked_exercises
from docker_lab.paths import course_dirs


# --- setup's way ------------------------------------------------------------------------
def test_a_registry_that_answers_is_always_taken() -> None:
    path = choose_path(False, ["alpine:latest"], ["alpine:latest"], None, "pas Debian")
    assert path.kind == "registry" and "rien n'est pris sur cette machine" in path.reason


def test_without_registry_a_debian_host_makes_standins_and_another_is_blocked() -> None:
    debian = choose_path(False, ["alpine:latest"], ["alpine:latest"], "timeout", None)
    assert debian.kind == "standins" and "aucun registre ne répond (timeout)" in debian.reason
    mac = choose_path(False, ["alpine:latest"], ["alpine:latest"], "timeout",
                      "cette machine n'est pas une Debian")
    assert mac.kind == "blocked" and mac.fix == BLOCKED_FIX
    assert "docker-lab setup --import FICHIER" in mac.fix and "Internet" in mac.fix
    offline = choose_path(True, ["postgres:13"], ["postgres:13"], None, None)
    assert offline.kind == "standins" and offline.reason.startswith("mode hors ligne demandé")


def test_nothing_to_fetch_or_only_standins_present_is_ready() -> None:
    assert choose_path(False, [], [], "timeout", "x").kind == "ready"
    kept = choose_path(False, ["alpine:latest"], [], "timeout", "pas Debian")
    assert kept.kind == "ready" and not kept.can_standin


def test_standins_need_a_debian_host_of_the_engine_architecture(tmp_path: Path) -> None:
    assert "pas une Debian" in (standin_problem({"Architecture": "x86_64"}, tmp_path) or "")
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/debian_version").write_text("12.5\n")
    other = "aarch64" if standin_problem({"Architecture": "x86_64"}, tmp_path) is None \
        else "x86_64"
    assert "architecture" in (standin_problem({"Architecture": other}, tmp_path) or "")


# --- progress as plain lines (stdout is not a terminal) ---------------------------------
def test_progress_piped_is_plain_french_lines() -> None:
    out = io.StringIO()
    view = make_view(out, 14)
    assert isinstance(view, PlainView)
    path = choose_path(False, ["alpine:latest"], ["alpine:latest"], None, None)
    for event in (Chosen(path), Started("alpine:latest", "téléchargement"),
                  LayerEvent("alpine:latest", "3c695085e12b", "en attente"),
                  LayerEvent("alpine:latest", "3c695085e12b", "téléchargement", 10, 1000),
                  LayerEvent("alpine:latest", "3c695085e12b", "téléchargement", 20, 1000),
                  LayerEvent("alpine:latest", "3c695085e12b", "installée"),
                  Transfer("écriture", 0, 4_000_000), Transfer("écriture", 1_000, 4_000_000),
                  Transfer("écriture", 4_000_000, 4_000_000),
                  Finished("alpine:latest", "pulled", "image officielle téléchargée", 1.25,
                           3_000_000)):
        view(event)
    assert out.getvalue().splitlines() == [
        "Voie choisie : registre — un registre répond : les images officielles sont "
        "téléchargées, rien n'est pris sur cette machine.",
        "  … alpine:latest   téléchargement en cours…",
        "      alpine:latest : couche 3c695085e12b : en attente",
        "      alpine:latest : couche 3c695085e12b : téléchargement 0,0 Mo / 0,0 Mo (1 %)",
        "      alpine:latest : couche 3c695085e12b : installée",
        "  écriture : 0 Mo / 4 Mo",
        "  écriture : 4 Mo / 4 Mo",
        "  ✓ alpine:latest   image officielle téléchargée  [3 Mo, 1,2 s]",
    ]
    assert "\x1b" not in out.getvalue()


# --- bundles ----------------------------------------------------------------------------
def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def make_bundle(path: Path, names: list[str], drop: str = "", damage: str = "") -> Path:
    """A docker-save-shaped archive with our manifest last (one layer per image)."""
    files: dict[str, str] = {}
    docker, images = [], []
    with tarfile.open(path, "w") as tar:
        for n, name in enumerate(names):
            layer = f"layer of {name}".encode()
            config = json.dumps({"n": n, "rootfs": {"diff_ids": []}}).encode()
            cid = hashlib.sha256(config).hexdigest()
            members = {f"{cid}.json": config, f"l{n}/layer.tar": layer}
            for member, data in members.items():
                files[member] = hashlib.sha256(data).hexdigest()
                if member != drop:
                    _add(tar, member, data + (b"!" if member == damage else b""))
            docker.append({"Config": f"{cid}.json", "RepoTags": [name],
                           "Layers": [f"l{n}/layer.tar"]})
            images.append(BundleImage(name, f"sha256:{cid}"))
        _add(tar, "manifest.json", json.dumps(docker).encode())
        _add(tar, MANIFEST, manifest_text(images, "x86_64", files))
    return path


NAMES = ["alpine:latest", "mon-api:latest"]


def test_a_complete_bundle_is_read(tmp_path: Path) -> None:
    bundle = read(make_bundle(tmp_path / "b.tar", NAMES), NAMES)
    assert bundle.names() == NAMES and bundle.architecture == "x86_64"


@pytest.mark.parametrize(("damage", "message"), [
    ("cut", "tronquée"),
    ("foreign", "pas une archive d'images docker-lab"),
    ("text", "n'est pas une archive tar"),
    ("missing-image", "il manque mon-api:latest"),
    ("missing-layer", "le fichier l0/layer.tar manque"),
    ("checksum", "est abîmé (somme de contrôle différente)"),
])
def test_a_broken_bundle_names_its_problem(tmp_path: Path, damage: str, message: str) -> None:
    path = tmp_path / "b.tar"
    if damage == "cut":
        full = make_bundle(tmp_path / "full.tar", NAMES).read_bytes()
        path.write_bytes(full[: len(full) // 2 + 100])
    elif damage == "foreign":
        with tarfile.open(path, "w") as tar:
            _add(tar, "notes.txt", b"bonjour")
    elif damage == "text":
        path.write_text("bonjour\n")
    elif damage == "missing-image":
        make_bundle(path, NAMES[:1])
    elif damage == "missing-layer":
        make_bundle(path, NAMES, drop="l0/layer.tar")
    else:
        make_bundle(path, NAMES, damage="l1/layer.tar")
    with pytest.raises(BundleError) as info:
        read(path, NAMES)
    assert message in info.value.message and "Rien n'a été chargé" in info.value.message


# --- the course images' Dockerfiles, and what each image blocks -------------------------
def test_course_images_are_dockerfiles_over_official_bases_without_run() -> None:
    assert {r.base for r in (MON_API, MON_WORKER)} == {"alpine:latest"}
    assert MON_WEBAPP.base == "nginx:alpine"
    for recipe in (MON_API, MON_WEBAPP, MON_WORKER):
        text = recipe.dockerfile
        assert "\nRUN " not in text and "ADD " not in text, recipe.folder
        copied = {line.split()[1] for line in text.splitlines() if line.startswith("COPY ")}
        assert copied <= set(recipe.files()), recipe.folder
        assert recipe.base in {s.name for s in CATALOGUE}
        assert recipe.fingerprint("sha256:a") != recipe.fingerprint("sha256:b")
    assert base_of("# x\nFROM alpine\n") == "alpine:latest"


def test_each_image_blocks_the_exercises_that_name_it() -> None:
    course, _ = load_course(course_dirs())
    blocked = blocked_exercises(course.exercises.values(), [s.name for s in CATALOGUE])
    assert {"dns-interne", "multi-tiers"} <= set(blocked["mon-api:latest"])
    assert {"dns-interne", "multi-tiers"} <= set(blocked["postgres:13"])
    assert "types-de-reseaux" in blocked["alpine:latest"]
    assert "multi-tiers" not in blocked["alpine:latest"]  # redis:alpine is not alpine
    assert "multi-tiers" in blocked["prom/prometheus:latest"]
    assert "gestion-des-reseaux" not in blocked["prom/prometheus:latest"]


def test_engine_summary_names_desktop_and_rootless() -> None:
    info = {"OperatingSystem": "Docker Desktop", "OSType": "linux", "Architecture": "aarch64",
            "SecurityOptions": ["name=seccomp,profile=default", "name=rootless"]}
    text = engine_summary(info, {"Version": "27.1.1"}, "1.46")
    assert text == ("Moteur : Docker Desktop 27.1.1 sur Docker Desktop (linux/aarch64), "
                    "API 1.46, rootless")
