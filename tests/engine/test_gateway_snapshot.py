"""Pure conversion of API payloads (shaped like Docker 20.10's) into snapshot records."""

from __future__ import annotations

from docker_lab.engine.gateway import decode_log_tail
from docker_lab.engine.snapshot import (
    build_snapshot,
    cache_key,
    container_from_api,
    exit_code_from_status,
    health_from_status,
)

NET_ID = "2b7913a1eaa7"
LISTED = {
    "Id": "1e441fc89559e9ca", "Names": ["/database", "/backend/db"], "Image": "postgres:13",
    "ImageID": "sha256:abc", "State": "exited", "Status": "Exited (1) 3 seconds ago",
    "Labels": {"com.docker.compose.project": "shop", "com.docker.compose.service": "db"},
    "HostConfig": {"NetworkMode": "app-network"}, "Ports": [],
    "NetworkSettings": {"Networks": {"app-network": {
        "Aliases": None, "NetworkID": NET_ID, "EndpointID": "", "Gateway": "",
        "IPAddress": "", "MacAddress": "", "IPAMConfig": None}}},
    "Mounts": [{"Type": "volume", "Name": "pgdata", "Source": "/var/lib/docker/volumes/pgdata",
                "Destination": "/var/lib/postgresql/data", "RW": True},
               {"Type": "bind", "Source": "/srv/conf", "Destination": "/etc/conf", "RW": False}],
}
INSPECTED = {
    "State": {"Status": "exited", "ExitCode": 1, "Running": False},
    "Config": {"Image": "postgres:13", "Env": ["POSTGRES_DB=ecommerce", "PATH=/bin"]},
    "HostConfig": {"PortBindings": {"5432/tcp": [{"HostIp": "", "HostPort": "5433"}]}},
    "NetworkSettings": {"Networks": {"app-network": {
        "Aliases": ["db", "1e441fc89559"], "IPAMConfig": {"IPv4Address": "172.20.0.10"}}}},
}


def test_stopped_container_record() -> None:
    c = container_from_api(LISTED, INSPECTED, ("Error: You must specify POSTGRES_PASSWORD",))
    assert c.name == "database"
    assert (c.status, c.exit_code, c.running) == ("exited", 1, False)
    assert c.env == {"POSTGRES_DB": "ecommerce", "PATH": "/bin"}
    ep = c.endpoints["app-network"]
    assert (ep.ip, ep.aliases, ep.requested_ip) == (None, ("db",), "172.20.0.10")
    assert [(p.container_port, p.host_port) for p in c.ports] == [(5432, 5433)]
    assert [(m.type, m.source, m.read_only) for m in c.mounts] == [
        ("volume", "pgdata", False), ("bind", "/srv/conf", True)]
    assert (c.compose_project, c.compose_service) == ("shop", "db")
    assert c.log_tail == ("Error: You must specify POSTGRES_PASSWORD",)


def test_status_text_parsing() -> None:
    assert exit_code_from_status("Exited (137) 2 minutes ago") == 137
    assert exit_code_from_status("Up 3 seconds") == 0
    assert health_from_status("Up 2 minutes (healthy)") == "healthy"
    assert health_from_status("Up 1 second (health: starting)") == "starting"
    assert health_from_status("Up 1 second") is None


def test_cache_key_changes_with_endpoints_and_exit() -> None:
    key = cache_key(LISTED)
    moved = {**LISTED, "Status": "Exited (0) 1 second ago"}
    assert cache_key(moved) != key
    running = {**LISTED, "State": "running", "Status": "Up 5 seconds"}
    assert cache_key(running) == cache_key({**running, "Status": "Up 6 seconds"})


def test_networks_list_running_containers_only() -> None:
    stopped = container_from_api(LISTED, INSPECTED)
    running_listed = {**LISTED, "Id": "ffff", "Names": ["/backend"], "State": "running",
                      "Status": "Up 1 second"}
    running = container_from_api(running_listed, None)
    snap = build_snapshot([stopped, running],
                          [{"Id": NET_ID, "Name": "app-network", "Driver": "bridge",
                            "IPAM": {"Config": [{"Subnet": "172.20.0.0/16"}]}}],
                          [{"Name": "pgdata", "Driver": "local", "Labels": None}],
                          api_version="1.41", taken_at=1.0)
    assert snap.networks["app-network"].containers == ("backend",)
    assert snap.networks["app-network"].subnets == ("172.20.0.0/16",)
    assert snap.volumes["pgdata"].labels == {}
    assert snap.api_version == "1.41"


def test_decode_log_tail() -> None:
    raw = b"".join(f"line {i}\r\n".encode() for i in range(30)) + b"\xff\n\n"
    tail = decode_log_tail(raw, 10)
    assert len(tail) == 10 and tail[-1] == "\ufffd" and tail[0] == "line 21"
