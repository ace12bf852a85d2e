"""Probe-based kinds (resolves, reaches, isolated, published) and answers, on hand-built states."""

from __future__ import annotations

from docker_lab.checks.model import Status
from docker_lab.checks.registry import HOST_SOURCE
from docker_lab.engine.models import ProbeKind
from tests.unit.checks_support import check, ctr, net, probe, run, snap

PASS, FAIL, ERROR, PENDING = Status.PASS, Status.FAIL, Status.ERROR, Status.PENDING

DNS = snap(net("app-network"),
           ctr("database", "postgres:13", networks={"app-network": "172.18.0.2",
                                                    "bridge": "172.17.0.3"}),
           ctr("backend", "mon-api:latest", networks={"app-network": "172.18.0.3"}))


def test_resolves_pass_and_wrong_address() -> None:
    params = {"from": "backend", "name": "database", "to": "database", "network": "app-network"}
    kind = check("resolves", params).check
    assert kind.probes(DNS)[0].kind is ProbeKind.RESOLVE
    ok = probe(ProbeKind.RESOLVE, "backend", "database", True, addresses=["172.18.0.2"])
    assert run("resolves", params, DNS, [ok]).status is PASS
    wrong = probe(ProbeKind.RESOLVE, "backend", "database", True, addresses=["172.17.0.3"])
    result = run("resolves", params, DNS, [wrong])
    assert result.status is FAIL
    assert "se résout en 172.17.0.3 et non en 172.18.0.2" in result.message
    failed = probe(ProbeKind.RESOLVE, "backend", "database", False, detail="NXDOMAIN")
    assert "ne se résout pas : NXDOMAIN." in run("resolves", params, DNS, [failed]).message


def test_resolves_without_common_network_sends_no_probe() -> None:
    state = snap(net("app-network"), ctr("database", networks={"app-network": "172.18.0.2"}),
                 ctr("backend"))
    params = {"from": "backend", "name": "database"}
    kind = check("resolves", params).check
    assert kind.probes(state) == []
    result = run("resolves", params, state)
    assert "ne partagent aucun réseau" in result.message
    assert "« backend » est connecté à « bridge »" in result.message
    assert "docker network connect app-network backend" in result.message


def test_probe_error_is_error_status() -> None:
    params = {"from": "backend", "name": "database"}
    bad = probe(ProbeKind.RESOLVE, "backend", "database", False, error=True, detail="exec refusé")
    result = run("resolves", params, DNS, [bad])
    assert result.status is ERROR and "exec refusé" in result.message


def test_reaches_tcp_and_stopped_target() -> None:
    params = {"from": "backend", "to": "database", "port": 5432}
    ok = probe(ProbeKind.TCP, "backend", "database", True, port=5432)
    assert run("reaches", params, DNS, [ok]).status is PASS
    refused = probe(ProbeKind.TCP, "backend", "database", False, port=5432, detail="refusée")
    result = run("reaches", params, DNS, [refused])
    assert result.status is FAIL and "sur le port 5432" in result.message
    stopped = snap(net("app-network"),
                   ctr("database", status="exited", exit_code=1, networks={"app-network": ""},
                       log_tail=["You must specify POSTGRES_PASSWORD"]),
                   ctr("backend", networks={"app-network": "172.18.0.3"}))
    result = run("reaches", params, stopped)
    assert "code de sortie 1" in result.message and "POSTGRES_PASSWORD" in result.message


def test_reaches_ping_without_port() -> None:
    params = {"from": "web-1", "to": "api-1"}
    state = snap(net("backend-net"), ctr("web-1", networks={"backend-net": "10.0.0.2"}),
                 ctr("api-1", networks={"backend-net": "10.0.0.3"}))
    kind = check("reaches", params).check
    assert kind.probes(state)[0].kind is ProbeKind.PING
    lost = probe(ProbeKind.PING, "web-1", "api-1", False)
    assert "ping" in run("reaches", params, state, [lost]).message


def test_isolated_probes_every_ip_and_names_the_shared_network() -> None:
    state = snap(net("frontend-net"), net("data-net"),
                 ctr("nginx-lb", networks={"frontend-net": "10.0.0.2", "data-net": "10.2.0.9"}),
                 ctr("postgres-db", networks={"data-net": "10.2.0.2"}))
    params = {"from": "nginx-lb", "to": "postgres-db", "port": 5432}
    kind = check("isolated", params).check
    requests = kind.probes(state)
    assert [r.target for r in requests] == ["10.2.0.2"]  # by IP: no DNS query leaves the host
    reached = probe(ProbeKind.TCP, "nginx-lb", "10.2.0.2", True, port=5432)
    result = run("isolated", params, state, [reached])
    assert result.status is FAIL
    assert "via le réseau commun « data-net »" in result.message
    assert "docker network disconnect data-net nginx-lb" in result.message
    blocked = probe(ProbeKind.TCP, "nginx-lb", "10.2.0.2", False, port=5432,
                    detail="10.2.0.2:5432 n'accepte pas la connexion TCP (délai dépassé).")
    assert run("isolated", params, state, [blocked]).status is PASS
    refused = probe(ProbeKind.TCP, "nginx-lb", "10.2.0.2", False, port=5432,
                    detail="10.2.0.2:5432 n'accepte pas la connexion TCP (connexion refusée).")
    assert run("isolated", params, state, [refused]).status is FAIL  # a route exists


def test_isolated_needs_both_running() -> None:
    state = snap(ctr("nginx-lb"))
    result = run("isolated", {"from": "nginx-lb", "to": "postgres-db"}, state)
    assert result.status is FAIL and "« postgres-db » n'existe pas" in result.message


def test_published() -> None:
    state = snap(ctr("prometheus", ports=[(9090, 19090)]))
    params = {"container": "prometheus", "port": 9090}
    kind = check("published", params).check
    [request] = kind.probes(state)
    assert (request.source, request.target, request.port) == (HOST_SOURCE, "127.0.0.1", 19090)
    ok = probe(ProbeKind.TCP, HOST_SOURCE, "127.0.0.1", True, port=19090)
    assert run("published", params, state, [ok]).status is PASS
    refused = probe(ProbeKind.TCP, HOST_SOURCE, "127.0.0.1", False, port=19090)
    assert "127.0.0.1:19090 mais rien n'y répond" in run("published", params, state,
                                                           [refused]).message
    unpublished = run("published", params, snap(ctr("prometheus", ports=[(80, 8080)])))
    assert "n'est pas publié" in unpublished.message
    assert "80/tcp → 0.0.0.0:8080" in unpublished.message and "-p 9090:9090" in unpublished.message


def test_answer_subnet_ip_and_pending() -> None:
    subnet = {"expect": "subnet", "network": "bridge"}
    assert run("answer", subnet, DNS).status is PENDING
    assert run("answer", subnet, DNS, answer=" 172.17.0.0/16 ").status is PASS
    wrong = run("answer", subnet, DNS, answer="172.18.0.0/16")
    assert wrong.status is FAIL
    assert "« 172.18.0.0/16 » n'est pas le sous-réseau du réseau « bridge »" in wrong.message
    assert "celui du réseau « app-network »" in wrong.message
    assert "172.17.0.0/16" not in wrong.message  # never reveal the expected value
    no_prefix = run("answer", subnet, DNS, answer="172.17.0.0")
    assert no_prefix.status is FAIL and "préfixe" in no_prefix.message
    ip = {"expect": "ip", "container": "database", "network": "app-network"}
    assert run("answer", ip, DNS, answer="172.18.0.2").status is PASS
    other = run("answer", ip, DNS, answer="172.17.0.3")
    assert ("c'est l'adresse de « database » sur « bridge », pas sur « app-network »"
            in other.message)
    value = {"expect": "value", "value": "Bridge"}
    assert run("answer", value, DNS, answer="bridge").status is PASS
