"""Smoke test: the lab image builds locally; two containers resolve and ping each other."""

from __future__ import annotations

from typing import Any

import pytest

from docker_lab.engine.labels import LAB_IMAGE, MANAGED, SETUP

pytestmark = pytest.mark.engine


def test_lab_image_is_local_and_labelled(docker_client: Any, lab_image: str) -> None:
    assert lab_image == LAB_IMAGE
    labels = docker_client.api.inspect_image(lab_image)["Config"]["Labels"]
    assert labels[MANAGED] == "true"
    assert labels[SETUP] == "true"


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
