"""Smoke test: the lab image builds locally; two containers resolve and ping each other."""

from __future__ import annotations

from typing import Any

import pytest

from docker_lab.engine.labels import LAB_IMAGE, made_by_setup

pytestmark = pytest.mark.engine


def test_lab_image_is_local_and_labelled(docker_client: Any, lab_image: str) -> None:
    assert lab_image == LAB_IMAGE
    labels = docker_client.api.inspect_image(lab_image)["Config"]["Labels"]
    assert made_by_setup(labels, (LAB_IMAGE,))  # docker-lab.image (older: docker-lab.setup)


def test_two_containers_resolve_and_ping_each_other(engine_resources: Any) -> None:
    net = engine_resources.network("dlt-h3-smoke-")
    a = engine_resources.container("dlt-h3-a-", network=net.name)
    b = engine_resources.container("dlt-h3-b-", network=net.name)
    ip_b = b.attrs["NetworkSettings"]["Networks"][net.name]["IPAddress"]
    ip_a = a.attrs["NetworkSettings"]["Networks"][net.name]["IPAddress"]

    code, out = a.exec_run(["nslookup", b.name])
    assert code == 0, out
    assert ip_b in out.decode()

    for src, dst in ((a, b.name), (b, a.name)):
        code, out = src.exec_run(["ping", "-c1", "-W1", dst])
        assert code == 0, out
    code, out = b.exec_run(["ping", "-c1", "-W1", a.name])
    assert ip_a in out.decode()


def test_sweep_removes_only_dead_runs_leftovers(docker_client: Any) -> None:
    import subprocess
    import sys

    from tests.helpers import unique_name
    from tests.sweep import OWNER_PID_LABEL, sweep_test_resources, test_labels

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    base = {"docker-lab.managed": "true", "docker-lab.test": "true"}
    nets = docker_client.networks
    leftover = nets.create(unique_name("dlt-h3-old-"), labels={**base, OWNER_PID_LABEL: dead})
    ours = nets.create(unique_name("dlt-h3-ours-"), labels=test_labels())
    foreign = nets.create(unique_name("dlt-h3-foreign-"))  # not labelled: never touched
    try:
        sweep_test_resources(docker_client)
        names = {n.name for n in nets.list()}
        assert leftover.name not in names
        assert ours.name in names and foreign.name in names
    finally:
        for net in (ours, foreign):
            net.remove()
