"""Pure logic of the image setup: build plans, catalogue selection, pull progress lines."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from docker_lab.engine.imagecontext import BuildPlan, shared_libraries
from docker_lab.engine.imagepull import PullFailed, PullProgress, read_event
from docker_lab.engine.images import (
    CATALOGUE,
    UnknownImage,
    labels_for,
    labels_over,
    normalise,
    plan_for,
    select,
)


def test_normalise_adds_latest_but_keeps_registry_ports() -> None:
    assert normalise("nginx") == "nginx:latest"
    assert normalise("prom/prometheus") == "prom/prometheus:latest"
    assert normalise("postgres:13") == "postgres:13"
    assert normalise("localhost:5000/app") == "localhost:5000/app:latest"


def test_select_accepts_aliases_and_short_names() -> None:
    names = [s.name for s in select(["nginx", "prom/prometheus", "mon-api"])]
    assert names == ["nginx:alpine", "prom/prometheus:latest", "mon-api:latest"]


def test_select_rejects_unknown_image_in_french() -> None:
    with pytest.raises(UnknownImage) as info:
        select(["mysql:8"])
    assert "Image inconnue" in info.value.message
    assert "postgres:13" in info.value.fix


def test_catalogue_covers_every_image_the_course_names() -> None:
    names = {n for s in CATALOGUE for n in (s.name, *s.aliases)}
    for wanted in ("nginx:alpine", "nginx:latest", "postgres:13", "redis:alpine",
                   "prom/prometheus:latest", "alpine:latest", "mon-api:latest",
                   "mon-webapp:latest", "mon-worker:latest", "docker-lab/outils:latest",
                   "docker-lab/diagnostic:latest"):
        assert wanted in names
    assert all(s.upstream for s in CATALOGUE if s.name.split(":")[0] in
               {"nginx", "postgres", "redis", "prom/prometheus", "alpine"})


def test_missing_host_file_names_its_debian_package(tmp_path: Path) -> None:
    plan = BuildPlan("dlt-h4-x:latest")
    plan.binary(tmp_path / "absent", "paquet-absent")
    plan.file(tmp_path / "absent2", "paquet-absent")
    plan.tree(tmp_path / "absent3", "autre-paquet")
    assert plan.missing == ["paquet-absent", "autre-paquet"]


def test_fingerprint_follows_content_and_host_files(tmp_path: Path) -> None:
    host = tmp_path / "prog"
    host.write_text("v1")

    def make(text: str) -> BuildPlan:
        plan = BuildPlan("dlt-h4-x:latest")
        plan.text("/etc/a.conf", text)
        plan.file(host, "pkg", dest="/usr/bin/prog")
        return plan

    first = make("a").fingerprint()
    assert make("a").fingerprint() == first
    assert make("b").fingerprint() != first
    host.write_text("version 2")
    assert make("a").fingerprint() != first


def test_context_holds_dockerfile_and_rootfs_with_libraries_and_owners() -> None:
    plan = BuildPlan("dlt-h4-x:latest")
    plan.binary("/bin/dash", "dash")
    plan.directory("/data", uid=999)
    plan.symlink("/bin/sh", "dash")
    plan.dockerfile.append('CMD ["/bin/sh"]')
    buf = io.BytesIO()
    plan.write_context(buf)
    buf.seek(0)
    with tarfile.open(fileobj=buf) as outer:
        dockerfile = outer.extractfile("Dockerfile").read().decode()  # type: ignore[union-attr]
        inner_bytes = outer.extractfile("rootfs.tar").read()  # type: ignore[union-attr]
    assert dockerfile.startswith("FROM scratch\nADD rootfs.tar /\n")
    with tarfile.open(fileobj=io.BytesIO(inner_bytes)) as inner:
        members = {m.name: m for m in inner.getmembers()}
    assert "bin/dash" in members
    assert members["bin/sh"].issym() and members["bin/sh"].linkname == "dash"
    assert members["data"].uid == 999
    for lib in shared_libraries(Path("/bin/dash")):
        assert str(lib).lstrip("/") in members, lib


def test_every_recipe_declares_a_command_and_needs_only_known_packages() -> None:
    for spec in CATALOGUE:
        if spec.recipe is None:
            continue
        plan = plan_for(spec)
        text = plan.dockerfile_text()
        assert "CMD" in text or "ENTRYPOINT" in text, spec.name
        assert set(plan.missing) <= {"nginx-light", "nginx-common", "postgresql-15",
                                     "postgresql-client-15", "redis-server", "redis-tools",
                                     "prometheus", "netcat-openbsd", "busybox-static", "dash",
                                     "tzdata", "libc-bin", "openssl", "tcpdump", "nmap",
                                     "iperf3", "bind9-dnsutils", "bind9-host", "curl",
                                     "iproute2", "bash", "ncurses-base", "netbase",
                                     "ca-certificates"}, plan.missing


def test_diagnostic_image_pulls_netshoot_online_and_is_a_labelled_standin_offline() -> None:
    [spec] = select(["docker-lab/diagnostic"])
    assert spec.upstream and spec.source == "nicolaka/netshoot:latest"
    assert [s.source for s in select(["nginx"])] == ["nginx:alpine"]
    standin = labels_for(spec, "abc", standin=True)
    assert standin["docker-lab.standin"] == "true"
    assert standin["docker-lab.image"] == "docker-lab/diagnostic:latest"
    assert standin["docker-lab.description"].startswith("Remplaçant de nicolaka/netshoot")
    pulled = labels_over(spec)
    assert "docker-lab.standin" not in pulled and pulled["docker-lab.image"] == spec.name
    assert not {"docker-lab.managed", "docker-lab.setup"} & set(pulled)
    assert pulled["docker-lab.fingerprint"] == "from:nicolaka/netshoot:latest"
    text = plan_for(spec).dockerfile_text()
    assert 'CMD ["/bin/bash"]' in text


# --- pull progress (recorded daemon events) -----------------------------------------------
PULL_EVENTS = [
    {"status": "Pulling from library/nginx", "id": "alpine"},
    {"status": "Pulling fs layer", "progressDetail": {}, "id": "c926b61bad3b"},
    {"status": "Downloading", "progressDetail": {"current": 1_000, "total": 3_000_000},
     "id": "c926b61bad3b"},
    {"status": "Downloading", "progressDetail": {"current": 2_000, "total": 3_000_000},
     "id": "c926b61bad3b"},
    {"status": "Downloading", "progressDetail": {"current": 1_600_000, "total": 3_000_000},
     "id": "c926b61bad3b"},
    {"status": "Download complete", "progressDetail": {}, "id": "c926b61bad3b"},
    {"status": "Extracting", "progressDetail": {"current": 3_000_000, "total": 3_000_000},
     "id": "c926b61bad3b"},
    {"status": "Pull complete", "progressDetail": {}, "id": "c926b61bad3b"},
    {"status": "Digest: sha256:abc"},
    {"status": "Status: Downloaded newer image for nginx:alpine"},
]


def test_pull_progress_is_french_and_throttled() -> None:
    progress = PullProgress()
    items = [read_event("nginx:alpine", ev) for ev in PULL_EVENTS]
    lines = [line for item in items if item is not None for line in progress.lines(item)]
    assert lines == [
        "téléchargement de nginx:alpine depuis library/nginx",
        "couche c926b61bad3b : en attente",
        "couche c926b61bad3b : téléchargement 0,0 Mo / 3,0 Mo (0 %)",
        "couche c926b61bad3b : téléchargement 1,6 Mo / 3,0 Mo (53 %)",
        "couche c926b61bad3b : téléchargée",
        "couche c926b61bad3b : extraction 3,0 Mo / 3,0 Mo (100 %)",
        "couche c926b61bad3b : installée",
        "empreinte : sha256:abc",
        "image nginx:alpine téléchargée",
    ]


def test_pull_error_becomes_a_french_engine_error() -> None:
    with pytest.raises(PullFailed) as info:
        read_event("postgres:13", {"error": "toomanyrequests: rate limit"})
    assert "Le téléchargement de postgres:13 a échoué" in info.value.message
    assert "--offline" in info.value.fix
