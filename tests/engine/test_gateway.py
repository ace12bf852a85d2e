"""Gateway snapshots against the real engine: what a check needs is there and right."""

from __future__ import annotations

import random
from typing import Any

import docker
import pytest

from docker_lab.engine.gateway import DockerGateway
from tests.helpers import wait_until

pytestmark = pytest.mark.engine
# Containers go on user networks: these tests do not depend on the default bridge.


@pytest.fixture
def gateway(docker_client: Any) -> Any:
    gw = DockerGateway()
    yield gw
    gw.close()


def _subnet_network(res: Any, prefix: str) -> tuple[Any, str]:
    """A network on a random 10.x.y.0/24 (retried when another test holds it)."""
    for _ in range(20):
        base = f"10.{random.randint(100, 250)}.{random.randint(0, 255)}"
        ipam = docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(
            subnet=f"{base}.0/24", gateway=f"{base}.1", iprange=f"{base}.128/25")])
        try:
            return res.network(prefix, ipam=ipam, attachable=True,
                               options={"com.docker.network.driver.mtu": "1400"}), base
        except docker.errors.APIError as exc:
            if "overlap" not in str(exc).lower():
                raise
    raise AssertionError("no free 10.x.y.0/24 subnet")


def test_snapshot_networks_endpoints_ports_env_mounts(
    gateway: DockerGateway, engine_resources: Any, docker_client: Any
) -> None:
    net, base = _subnet_network(engine_resources, "dlt-h3-gw-")
    vol = engine_resources.volume("dlt-h3-gwv-")
    api = docker_client.api
    ctr = engine_resources.container(
        "dlt-h3-gw-", start=False, network=net.name,
        networking_config={net.name: api.create_endpoint_config(
            ipv4_address=f"{base}.200", aliases=["base-de-test"])},
        environment={"POSTGRES_DB": "ecommerce", "VIDE": ""},
        volumes={vol.name: {"bind": "/data", "mode": "rw"}},
        ports={"80/tcp": ("127.0.0.1", None)},
    )
    ctr.start()
    snap = gateway.snapshot()

    info = snap.network(net.name)
    assert info is not None
    assert (info.driver, info.internal, info.attachable) == ("bridge", False, True)
    assert info.subnets == (f"{base}.0/24",)
    assert (info.ipam[0].gateway, info.ipam[0].ip_range) == (f"{base}.1", f"{base}.128/25")
    assert info.options["com.docker.network.driver.mtu"] == "1400"
    assert info.labels["docker-lab.test"] == "true"
    assert info.containers == (ctr.name,)

    c = snap.container(ctr.name)
    assert c is not None and c.running and c.status == "running"
    assert c.image == engine_resources.image
    assert c.image_id.startswith("sha256:")
    assert c.network_mode == net.name
    ep = c.endpoints[net.name]
    assert (ep.ip, ep.requested_ip, ep.network_id) == (f"{base}.200", f"{base}.200", net.id)
    assert ep.aliases == ("base-de-test",)  # the short-id alias of Docker 20.10 is dropped
    assert len(c.ports) == 1
    port = c.ports[0]
    assert (port.container_port, port.protocol, port.host_ip) == (80, "tcp", "127.0.0.1")
    assert port.host_port > 0
    assert c.env["POSTGRES_DB"] == "ecommerce" and c.env["VIDE"] == ""
    assert [(m.type, m.source, m.destination, m.read_only) for m in c.mounts] == [
        ("volume", vol.name, "/data", False)]
    assert snap.volumes[vol.name].labels["docker-lab.test"] == "true"
    assert c.health is None and c.exit_code == 0 and c.log_tail == ()
    assert snap.api_version == gateway.api_version and snap.taken_at > 0


def test_internal_network_flag(gateway: DockerGateway, engine_resources: Any) -> None:
    internal = engine_resources.network("dlt-h3-gwi-", internal=True)
    plain = engine_resources.network("dlt-h3-gwp-")
    snap = gateway.snapshot()
    assert snap.networks[internal.name].internal is True
    assert snap.networks[plain.name].internal is False


def test_connect_with_alias_is_seen_by_next_snapshot(
    gateway: DockerGateway, engine_resources: Any
) -> None:
    net1 = engine_resources.network("dlt-h3-gwa-")
    net2 = engine_resources.network("dlt-h3-gwb-")
    ctr = engine_resources.container("dlt-h3-gwc-", network=net1.name)
    first = gateway.snapshot().containers[ctr.name]
    assert set(first.endpoints) == {net1.name}
    net2.connect(ctr, aliases=["api"])  # no state change: the inspect cache must notice
    second = gateway.snapshot()
    assert set(second.containers[ctr.name].endpoints) == {net1.name, net2.name}
    assert second.containers[ctr.name].endpoints[net2.name].aliases == ("api",)
    assert ctr.name in second.networks[net2.name].containers
    net1.disconnect(ctr)
    third = gateway.snapshot()
    assert set(third.containers[ctr.name].endpoints) == {net2.name}
    assert third.networks[net1.name].containers == ()


def test_stopped_container_exit_code_and_log_tail(
    gateway: DockerGateway, engine_resources: Any, docker_client: Any
) -> None:
    script = ('for i in $(seq 1 15); do echo "ligne $i"; done; '
              'echo "Error: You must specify POSTGRES_PASSWORD" >&2; exit 3')
    net = engine_resources.network("dlt-h3-gwx-")
    ctr = engine_resources.container("dlt-h3-gwx-", command=["sh", "-c", script],
                                     network=net.name, ports={"5432/tcp": ("127.0.0.1", None)})
    wait_until(lambda: docker_client.api.inspect_container(ctr.id)["State"]["Status"] == "exited")
    # The engine may store the last lines a moment after the exit: snapshots catch up.
    wait_until(lambda: len(gateway.snapshot().containers[ctr.name].log_tail) == 10
               and "Error: You must specify POSTGRES_PASSWORD"
               in gateway.snapshot().containers[ctr.name].log_tail, 5)
    c = gateway.snapshot().containers[ctr.name]
    assert (c.status, c.running, c.exit_code) == ("exited", False, 3)
    assert len(c.log_tail) == 10
    # stdout and stderr are copied separately by the engine: their relative order may vary
    assert "Error: You must specify POSTGRES_PASSWORD" in c.log_tail
    assert "ligne 15" in c.log_tail and "ligne 5" not in c.log_tail
    assert [(p.container_port, p.host_ip) for p in c.ports] == [(5432, "127.0.0.1")]


def test_health_states(gateway: DockerGateway, engine_resources: Any) -> None:
    tenth = 100_000_000  # 0.1 s in nanoseconds
    net = engine_resources.network("dlt-h3-gwh-")
    good = engine_resources.container("dlt-h3-gwh-", network=net.name, healthcheck={
        "test": ["CMD", "true"], "interval": tenth, "timeout": 10 * tenth, "retries": 1})
    bad = engine_resources.container("dlt-h3-gwu-", network=net.name, healthcheck={
        "test": ["CMD", "false"], "interval": tenth, "timeout": 10 * tenth, "retries": 1})
    wait_until(lambda: gateway.snapshot().containers[good.name].health == "healthy", 10)
    wait_until(lambda: gateway.snapshot().containers[bad.name].health == "unhealthy", 10)


def test_removed_container_disappears(gateway: DockerGateway, engine_resources: Any) -> None:
    net = engine_resources.network("dlt-h3-gwr-")
    ctr = engine_resources.container("dlt-h3-gwr-", network=net.name)
    assert ctr.name in gateway.snapshot().containers
    ctr.remove(force=True)
    assert ctr.name not in gateway.snapshot().containers
