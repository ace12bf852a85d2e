"""Each image ``docker-lab setup --offline`` makes does its job, as the course uses it."""

from __future__ import annotations

import json
import socket
import ssl
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from docker_lab.engine.images import run_setup

pytestmark = pytest.mark.engine

PG_ENV = {"POSTGRES_PASSWORD": "secret", "POSTGRES_USER": "app", "POSTGRES_DB": "ecommerce"}


@pytest.fixture(scope="module")
def images(docker_client: Any) -> list[Any]:
    """Run the offline setup once (fast when the images are already up to date)."""
    results = run_setup(docker_client, offline=True)
    assert all(r.ok for r in results), [(r.name, r.detail) for r in results if not r.ok]
    return results


def run(ctr: Any, *cmd: str) -> tuple[int, str]:
    code, out = ctr.exec_run(list(cmd))
    return int(code), out.decode("utf-8", "replace")


def logs(ctr: Any) -> str:
    return str(ctr.logs().decode("utf-8", "replace"))


def test_postgres_without_password_exits_with_the_official_message(
    images: list[Any], engine_resources: Any, wait_until: Callable[..., Any]
) -> None:
    net = engine_resources.network("dlt-h4-net-")
    db = engine_resources.container("dlt-h4-pg-nopw-", image="postgres:13", command=None,
                                    network=net.name)

    def exited() -> bool:
        db.reload()
        return bool(db.status == "exited")

    wait_until(exited, timeout=20, message="postgres without password keeps running")
    assert db.attrs["State"]["ExitCode"] != 0
    assert "You must specify POSTGRES_PASSWORD to a non-empty value" in logs(db)


def test_postgres_accepts_psql_and_nc_from_other_containers(
    images: list[Any], engine_resources: Any, wait_until: Callable[..., Any]
) -> None:
    net = engine_resources.network("dlt-h4-net-")
    db = engine_resources.container("dlt-h4-pg-", image="postgres:13", command=None,
                                    network=net.name, environment=PG_ENV)
    api = engine_resources.container("dlt-h4-api-", image="mon-api:latest", command=None,
                                     network=net.name)
    # The slide's own command, as written: nc -zv database 5432 (OpenBSD netcat).
    code, out = wait_until(lambda: (r := run(api, "nc", "-zv", db.name, "5432"))[0] == 0 and r,
                           timeout=30, message="database:5432 accepts TCP")
    assert "succeeded" in out
    client = engine_resources.container("dlt-h4-psql-", image="postgres:13",
                                        command=("sleep", "60"), network=net.name,
                                        environment={"PGPASSWORD": "secret"})
    query = ["psql", "-h", db.name, "-U", "app", "-d", "ecommerce", "-tAc",
             "select current_database() || ':' || 6*7"]
    wait_until(lambda: run(client, *query) == (0, "ecommerce:42\n"), timeout=30,
               message="psql query over the user network")
    code, out = run(client, "psql", "-h", db.name, "-U", "app", "-d", "ecommerce", "-w",
                    "-c", "select 1")
    assert code == 0, out
    code, out = run(client, "env", "PGPASSWORD=wrong", "psql", "-h", db.name, "-U", "app",
                    "-d", "ecommerce", "-c", "select 1")
    assert code != 0 and "password authentication failed" in out


def test_redis_answers_ping_on_6379(
    images: list[Any], engine_resources: Any, wait_until: Callable[..., Any]
) -> None:
    net = engine_resources.network("dlt-h4-net-")
    cache = engine_resources.container("dlt-h4-redis-", image="redis:alpine", command=None,
                                       network=net.name)
    api = engine_resources.container("dlt-h4-api-", image="mon-api:latest", command=None,
                                     network=net.name)
    script = f'printf "PING\\r\\n" | nc -w 2 {cache.name} 6379'
    wait_until(lambda: "+PONG" in run(api, "sh", "-c", script)[1], timeout=15,
               message="redis PONG over TCP")
    assert run(cache, "redis-cli", "ping") == (0, "PONG\n")
    assert run(cache, "pwd")[1].strip() == "/data"


def _published(ctr: Any, port: str) -> int:
    ctr.reload()
    return int(ctr.attrs["NetworkSettings"]["Ports"][port][0]["HostPort"])


def _self_signed_ok() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the stand-in's certificate is self-signed
    return ctx


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=2, context=_self_signed_ok()) as resp:
        return str(resp.read().decode())


def test_nginx_serves_http_80_and_tls_443(
    images: list[Any], engine_resources: Any, wait_until: Callable[..., Any]
) -> None:
    net = engine_resources.network("dlt-h4-net-")
    web = engine_resources.container(
        "dlt-h4-nginx-", image="nginx:alpine", command=None, network=net.name,
        ports={"80/tcp": ("127.0.0.1", None), "443/tcp": ("127.0.0.1", None)},
    )
    http, https = _published(web, "80/tcp"), _published(web, "443/tcp")
    page = wait_until(lambda: _fetch(f"http://127.0.0.1:{http}/"), timeout=15)
    assert "Welcome to nginx!" in page
    assert "Welcome to nginx!" in wait_until(lambda: _fetch(f"https://127.0.0.1:{https}/"))
    with socket.create_connection(("127.0.0.1", https), timeout=2) as raw, \
            _self_signed_ok().wrap_socket(raw) as tls:
        assert (tls.version() or "").startswith("TLS")
        cert = tls.getpeercert(binary_form=True)
    assert cert, "nginx presents a certificate on 443"


def test_prometheus_answers_on_9090(
    images: list[Any], engine_resources: Any, wait_until: Callable[..., Any]
) -> None:
    net = engine_resources.network("dlt-h4-net-")
    prom = engine_resources.container("dlt-h4-prom-", image="prom/prometheus", command=None,
                                      network=net.name)
    api = engine_resources.container("dlt-h4-api-", image="mon-api:latest", command=None,
                                     network=net.name)
    url = f"http://{prom.name}:9090"
    wait_until(lambda: run(api, "wget", "-qO-", f"{url}/-/ready")[0] == 0, timeout=20,
               message="prometheus ready")
    code, metrics = run(api, "wget", "-qO-", f"{url}/metrics")
    assert code == 0 and "prometheus_build_info" in metrics
    code, body = run(api, "wget", "-qO-", f"{url}/api/v1/targets")
    assert code == 0 and json.loads(body)["status"] == "success"


def test_mon_api_serves_http_and_carries_the_slides_tools(
    images: list[Any], engine_resources: Any, wait_until: Callable[..., Any]
) -> None:
    net = engine_resources.network("dlt-h4-net-")
    db = engine_resources.container("dlt-h4-db-", image="redis:alpine", command=None,
                                    network=net.name)
    api = engine_resources.container(
        "dlt-h4-api-", image="mon-api:latest", command=None, network=net.name,
        environment={"DATABASE_URL": f"postgresql://app:x@{db.name}:6379/ecommerce"},
    )
    probe = engine_resources.container("dlt-h4-probe-", network=net.name)
    out = wait_until(lambda: (r := run(probe, "wget", "-qO-", f"http://{api.name}:8080/health"))
                     [0] == 0 and r[1], timeout=15, message="mon-api /health")
    assert json.loads(out) == {"status": "ok"}
    assert run(api, "ping", "-c1", "-W2", db.name)[0] == 0
    code, out = run(api, "nslookup", db.name)
    assert code == 0 and db.name in out
    code, out = run(api, "sh", "-c", f"nc -zv {db.name} 6379")  # through a shell too
    assert code == 0 and "succeeded" in out
    assert run(api, "nc", "-z", "-w1", db.name, "5999")[0] != 0
    deps = json.loads(run(probe, "wget", "-qO-", f"http://{api.name}:8080/dependances")[1])
    assert deps["base_de_donnees"]["etat"] == "joignable"


def test_mon_webapp_serves_80_and_3000_and_relays_the_api(
    images: list[Any], engine_resources: Any, wait_until: Callable[..., Any]
) -> None:
    net = engine_resources.network("dlt-h4-net-")
    api = engine_resources.container("dlt-h4-api-", image="mon-api:latest", command=None,
                                     network=net.name)
    web = engine_resources.container("dlt-h4-web-", image="mon-webapp:latest", command=None,
                                     network=net.name,
                                     environment={"API_URL": f"http://{api.name}:8080"})
    probe = engine_resources.container("dlt-h4-probe-", network=net.name)
    for port in (80, 3000):
        wait_until(lambda p=port: "mon-webapp" in run(probe, "wget", "-qO-",
                                                      f"http://{web.name}:{p}/")[1],
                   timeout=15, message=f"mon-webapp on {port}")
    code, out = run(probe, "wget", "-qO-", f"http://{web.name}/api/health")
    assert code == 0 and json.loads(out) == {"status": "ok"}


def test_mon_worker_keeps_running_without_network_and_stops_fast(
    images: list[Any], engine_resources: Any, wait_until: Callable[..., Any]
) -> None:
    worker = engine_resources.container("dlt-h4-worker-", image="mon-worker:latest",
                                        command=None, network_mode="none",
                                        environment={"WORKER_INTERVAL": "0.2"})
    wait_until(lambda: "tâche 3 traitée" in logs(worker), timeout=15)
    worker.reload()
    assert worker.status == "running"
    start = time.monotonic()
    worker.stop(timeout=10)
    assert time.monotonic() - start < 5, "SIGTERM must end the worker quickly"
    worker.reload()
    assert worker.attrs["State"]["ExitCode"] == 0
    assert "arrêt demandé" in logs(worker)


def test_alpine_standin_runs_the_slide_command(
    images: list[Any], engine_resources: Any
) -> None:
    box = engine_resources.container("dlt-h4-alpine-", image="alpine", command=("sleep", "3600"),
                                     network_mode="none")
    box.reload()
    assert box.status == "running"
    code, out = run(box, "ip", "-o", "link")
    assert code == 0 and "lo" in out and "eth0" not in out


@pytest.mark.parametrize(("image", "args", "expected"), [
    ("postgres:13", ("postgres", "--version"), "postgres (PostgreSQL)"),
    ("redis:alpine", ("--version",), "Redis server v="),
    ("redis:alpine", ("redis-server", "--version"), "Redis server v="),
])
def test_version_flags_pass_through_the_entrypoints(
    images: list[Any], docker_client: Any, image: str, args: tuple[str, ...], expected: str
) -> None:
    from tests.conftest import test_labels

    # Not containers.run(remove=True): the SDK then removes the container without its
    # anonymous volumes (postgres, redis and prometheus declare VOLUMEs).
    ctr = docker_client.containers.create(image, list(args), network_mode="none",
                                          labels=test_labels())
    try:
        ctr.start()
        ctr.wait(timeout=30)
        out = ctr.logs()
    finally:
        ctr.remove(force=True, v=True)
    assert expected in out.decode()


def test_minimal_prometheus_fallback_answers_on_9090(
    docker_client: Any, engine_resources: Any, wait_until: Callable[..., Any]
) -> None:
    """Without Debian's prometheus package, the busybox fallback still does the job."""
    from docker_lab.engine import imagerecipes
    from docker_lab.engine.imageremove import remove_setup_images
    from docker_lab.engine.images import ImageSpec
    from tests.helpers import unique_name

    name = unique_name("dlt-h4-prom-min-") + ":latest"
    spec = ImageSpec(name, imagerecipes.prometheus_minimal, "Remplaçant minimal (test).",
                     upstream=True, labels=(("docker-lab.test", "true"),))
    try:
        [result] = run_setup(docker_client, offline=True, catalogue=[spec])
        assert result.status == "built" and "paquet Debian prometheus" in result.detail
        net = engine_resources.network("dlt-h4-net-")
        prom = engine_resources.container("dlt-h4-prom-min-", image=name, command=None,
                                          network=net.name)
        probe = engine_resources.container("dlt-h4-probe-", network=net.name)
        url = f"http://{prom.name}:9090"
        wait_until(lambda: "Healthy" in run(probe, "wget", "-qO-", f"{url}/-/healthy")[1],
                   timeout=10)
        assert "prometheus_build_info" in run(probe, "wget", "-qO-", f"{url}/metrics")[1]
    finally:
        engine_resources.cleanup()
        remove_setup_images(docker_client, tags=[name], force=True)
