"""An instructor's check on a network alias (``--network-alias``), on the real engine."""

from __future__ import annotations

from typing import Any

import pytest

from docker_lab.checks.model import Status
from docker_lab.course.models import Step
from docker_lab.engine.gateway import DockerGateway
from docker_lab.lab.runner import evaluate_step
from tests.unit.checks_support import check

pytestmark = pytest.mark.engine


def test_resolves_accepts_a_network_alias(engine_resources: Any) -> None:
    net = engine_resources.network("dlt-labo-")
    web = engine_resources.container("dlt-labo-web-", network=net.name)
    alias = f"outil-{net.name[-6:]}"
    tool = engine_resources.container(
        "dlt-labo-outil-", start=False, network=net.name,
        networking_config={net.name: engine_resources.client.api.create_endpoint_config(
            aliases=[alias])})
    tool.start()
    step = Step("dns", "DNS", "…", (check("resolves", {"from": web.name, "name": alias,
                                                        "network": net.name}),))
    with DockerGateway() as gateway:
        result = evaluate_step(step, gateway)
        assert result.status is Status.PASS, [c.message for c in result.checks]
        assert tool.name in result.checks[0].message
        tool.stop(timeout=0)
        stopped = evaluate_step(step, gateway)
    assert stopped.status is Status.FAIL
    assert "n'existe pas" not in stopped.checks[0].message
