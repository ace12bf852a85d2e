"""The ``tls`` check kind on hand-built states (the handshake itself: test_hostprobes.py)."""

from __future__ import annotations

import json
from dataclasses import replace

from docker_lab.checks.model import Status
from docker_lab.engine.models import ProbeResult, Snapshot
from tests.unit.checks_support import check, ctr, net, snap

PARAMS = {"container": "lb", "name": "boutique.local"}


def evaluate(state: Snapshot, ok: bool = True, detail: str = "", params: dict[str, object]
             | None = None) -> tuple[Status, str]:
    bound = check("tls", params or PARAMS).check
    requests = bound.probes(state)
    results = {r: ProbeResult(r, ok, detail=detail) for r in requests}
    result = bound.evaluate(state, results, None)
    return result.status, result.message


def names(subject: str, *san: str) -> str:
    return json.dumps({"subject_cn": [subject], "san": list(san), "issuer_cn": [subject]})


def lb(ports: tuple[tuple[int, int], ...] = ((443, 8443),), name: str = "lb") -> Snapshot:
    return snap(net("front"), ctr(name, "nginx:alpine", networks={"front": "172.18.0.2"},
                                  ports=ports))


def test_the_students_certificate_passes() -> None:
    status, message = evaluate(lb(), detail=names("boutique.local", "boutique.local"))
    assert status is Status.PASS and "127.0.0.1:8443" in message


def test_a_wildcard_san_passes_and_the_builtin_localhost_certificate_fails() -> None:
    assert evaluate(lb(), detail=names("x", "*.local"))[0] is Status.PASS
    status, message = evaluate(lb(), detail=names("localhost"))
    assert status is Status.FAIL
    assert "localhost" in message and "certificat par défaut" in message


def test_a_port_not_published_or_not_speaking_tls_is_named() -> None:
    status, message = evaluate(lb(ports=((80, 8880),)))
    assert status is Status.FAIL and "n'est pas publié" in message
    status, message = evaluate(lb(), ok=False, detail="poignée de main TLS refusée (WRONG_VERSION)")
    assert status is Status.FAIL and "listen 443 ssl" in message


def test_a_compose_service_is_found_by_its_name() -> None:
    state = replace(lb(name="pf-lb-1"), services={"lb": "pf-lb-1"})
    status, message = evaluate(state, detail=names("boutique.local"))
    assert status is Status.PASS, message


def test_missing_or_stopped_container() -> None:
    assert evaluate(snap())[0] is Status.FAIL
    stopped = snap(ctr("lb", status="exited", exit_code=1, networks={}))
    assert evaluate(stopped)[0] is Status.FAIL
