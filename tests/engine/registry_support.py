"""A throwaway Docker engine whose registry mirror is a local Distribution registry.

Other test sessions share this machine's engine: the registry path is tested on
a second ``dockerd`` started here, in its own network namespace (its own
``lo``, bridges, iptables and published ports: nothing it does reaches the
main engine's networks or rules), with its own data root (it starts with no
image), its own socket, and a ``daemon.json`` whose only setting is the mirror.
Debian's ``docker-registry`` (the real Distribution registry) listens on
127.0.0.1:5000 inside that namespace; an ``eth0`` there (a veth whose other end
stays down) is the macvlan exercise's parent. Nothing of the main engine's
configuration changes, so there is nothing to restore; teardown stops both
processes (by pid), deletes the namespace and the folder.

The registry is fed with images that play the official ones: the course's
stand-in recipes built on the throwaway engine *without any docker-lab label*
under the official names (``127.0.0.1:5000/library/alpine:latest``…), pushed,
then removed, so that the engine is empty again.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from docker_lab.engine.imagebuild import build_plan
from docker_lab.engine.imagecontext import BuildPlan
from docker_lab.engine.images import CATALOGUE
from tests.helpers import wait_until

REGISTRY = "127.0.0.1:5000"


@dataclass
class Throwaway:
    """The second engine: its ``DOCKER_HOST``, its namespace and a client."""

    host: str
    netns: str
    folder: Path
    client: Any

    def nsenter(self) -> list[str]:
        """Prefix that runs a command inside the engine's network namespace."""
        return ["nsenter", f"--net=/var/run/netns/{self.netns}"]

    def env(self) -> dict[str, str]:
        """Environment of a command that talks to this engine."""
        return {**os.environ, "DOCKER_HOST": self.host}


def registry_name(official: str) -> str:
    """``alpine:latest`` -> ``127.0.0.1:5000/library/alpine:latest``."""
    repo = official if "/" in official.rsplit(":", 1)[0] else f"library/{official}"
    return f"{REGISTRY}/{repo}"


def _missing_tools() -> list[str]:
    tools = ("dockerd", "docker-registry", "nsenter", "ip")
    return [t for t in tools if shutil.which(t) is None]


def _stop(pid: int, name: str) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return

    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # a child of ours: reap it
            return os.waitpid(pid, os.WNOHANG)[0] == pid
        except ChildProcessError:
            return False

    wait_until(gone, timeout=60, interval=0.2, message=f"{name} ne s'arrête pas")


def _unmount_under(folder: Path) -> None:
    """Unmount whatever is still mounted under *folder* (deepest first)."""
    mounts = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
    for point in sorted((m for m in mounts if m.startswith(f"{folder}/")), reverse=True):
        subprocess.run(["umount", "-l", point], check=False, capture_output=True)


@contextmanager
def throwaway_engine() -> Iterator[Throwaway]:
    """Start the registry and the second engine; stop and remove everything after."""
    import docker

    if os.geteuid() != 0 or _missing_tools():
        pytest.skip(f"moteur jetable impossible (root, outils : {_missing_tools()})")
    folder = Path(tempfile.mkdtemp(prefix="dlt-reg-"))
    netns = folder.name
    (folder / "registry.yml").write_text(
        "version: 0.1\nstorage:\n  filesystem:\n"
        f"    rootdirectory: {folder}/registry\nhttp:\n  addr: {REGISTRY}\n")
    (folder / "daemon.json").write_text(json.dumps({"registry-mirrors": [f"http://{REGISTRY}"]}))
    subprocess.run(["ip", "netns", "add", netns], check=True)
    procs: list[tuple[int, str]] = []
    client = None
    outside = ""
    try:
        subprocess.run(["ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up"],
                       check=True)
        # An « eth0 » for macvlan exercises: one end of a veth pair whose other end stays
        # down and unconfigured on the host, so nothing sent on it leaves the machine.
        outside = f"vethdlt{os.getpid() % 100000}"  # veth*: no exercise takes it as a parent
        subprocess.run(["ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0",
                        "netns", netns], check=True)
        subprocess.run(["ip", "-n", netns, "link", "set", "eth0", "up"], check=True)
        enter = ["nsenter", f"--net=/var/run/netns/{netns}"]
        with (folder / "registry.log").open("wb") as log:
            reg = subprocess.Popen([*enter, "docker-registry", "serve", f"{folder}/registry.yml"],
                                   stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        procs.append((reg.pid, "docker-registry"))
        sock = f"{folder}/docker.sock"
        with (folder / "dockerd.log").open("wb") as log:
            daemon = subprocess.Popen(
                [*enter, "dockerd", "--config-file", f"{folder}/daemon.json",
                 "--data-root", f"{folder}/data", "--exec-root", f"{folder}/exec",
                 "--pidfile", f"{folder}/docker.pid", "-H", f"unix://{sock}",
                 "--cgroup-parent", f"/{netns}"],
                stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        procs.append((daemon.pid, "dockerd"))
        client = docker.DockerClient(base_url=f"unix://{sock}", timeout=600, version="1.41")

        def answers() -> bool:
            try:
                return bool(client.ping())
            except Exception:
                return False

        wait_until(answers, timeout=60, interval=0.2, message="le moteur jetable ne répond pas")
        yield Throwaway(f"unix://{sock}", netns, folder, client)
    finally:
        if client is not None:
            client.close()
        for pid, name in reversed(procs):
            _stop(pid, name)
        _unmount_under(folder)  # dockerd's bind mount of its namespace would keep it alive
        subprocess.run(["ip", "netns", "del", netns], check=False)
        if outside:  # goes with the namespace, but the kernel may take its time
            subprocess.run(["ip", "link", "del", outside], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def feed_registry(engine: Throwaway) -> list[str]:
    """Push the official images' stand-ins, unlabelled, under official names; empty the engine.

    Returns the official names now served by the registry.
    """
    client = engine.client
    served = []
    for spec in CATALOGUE:
        if not spec.upstream or spec.recipe is None:
            continue
        target = registry_name(spec.source)
        plan = BuildPlan(target)
        spec.recipe(plan)
        assert not plan.missing, plan.missing
        with tempfile.TemporaryFile() as ctx:
            build_plan(client, plan, ctx, {})
        repo, _, tag = target.rpartition(":")
        for item in client.api.push(repo, tag=tag, stream=True, decode=True):
            assert "error" not in item, item
        served.append(spec.source)
    for image in client.api.images():
        client.api.remove_image(image["Id"], force=True)
    assert client.api.images(all=True) == []
    return served
