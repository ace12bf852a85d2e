"""The MTU probe and the healthcheck log, on the real engine."""

from __future__ import annotations

from typing import Any

import pytest

from docker_lab.engine.gateway import DockerGateway
from docker_lab.engine.models import ProbeKind, ProbeRequest

pytestmark = pytest.mark.engine


def test_mtu_probe_reads_the_interface_of_the_container(engine_resources: Any) -> None:
    net = engine_resources.network("dlt-mtu-", options={"com.docker.network.driver.mtu": "1420"})
    ctr = engine_resources.container("dlt-mtu-", network=net.name)
    with DockerGateway() as gateway:
        ok, missing = gateway.run_probes([
            ProbeRequest(ProbeKind.MTU, ctr.name, "eth0"),
            ProbeRequest(ProbeKind.MTU, ctr.name, "eth9"),
        ])
    assert ok.ok and ok.detail == "1420", ok
    assert not missing.ok and "eth9" in missing.detail


def test_host_probe_kinds_are_refused_inside_containers(engine_resources: Any) -> None:
    ctr = engine_resources.container("dlt-mtu-")
    with DockerGateway() as gateway:
        [result] = gateway.run_probes([ProbeRequest(ProbeKind.FILE, ctr.name, "x.yml")])
    assert result.error and "hôte" in result.detail


def test_snapshot_keeps_the_last_healthcheck_runs(engine_resources: Any, wait_until: Any) -> None:
    ctr = engine_resources.container(
        "dlt-health-", healthcheck={"test": ["CMD-SHELL", "echo sonde-ko; exit 3"],
                                    "interval": 200_000_000, "retries": 1})
    with DockerGateway() as gateway:
        def unhealthy() -> Any:
            info = gateway.snapshot().container(ctr.name)
            return info if info and info.health == "unhealthy" and info.health_log else None

        info = wait_until(unhealthy, timeout=20)
    assert info.health_log[-1] == "code 3 : sonde-ko"
