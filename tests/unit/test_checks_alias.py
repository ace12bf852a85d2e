"""``resolves`` with a DNS name that is a network alias (or a Compose service), not a container."""

from __future__ import annotations

from docker_lab.checks.model import Status
from docker_lab.engine.models import ProbeKind, Snapshot
from tests.unit.checks_support import ctr, net, probe, run, snap

PARAMS = {"from": "labo-web", "name": "outil", "network": "labo-net"}


def state(alias: bool = True) -> Snapshot:
    return snap(net("labo-net"),
                ctr("labo-web", networks={"labo-net": "172.18.0.2"}),
                ctr("labo-outil", networks={"labo-net": "172.18.0.3"},
                    aliases={"labo-net": ["outil"] if alias else []}))


def test_an_alias_resolves_to_its_container() -> None:
    answer = probe(ProbeKind.RESOLVE, "labo-web", "outil", True, addresses=["172.18.0.3"])
    result = run("resolves", PARAMS, state(), [answer])
    assert result.status is Status.PASS, result.message
    assert "« labo-outil »" in result.message


def test_an_alias_resolving_elsewhere_fails() -> None:
    answer = probe(ProbeKind.RESOLVE, "labo-web", "outil", True, addresses=["172.18.0.9"])
    result = run("resolves", PARAMS, state(), [answer])
    assert result.status is Status.FAIL and "172.18.0.3" in result.message


def test_a_name_nobody_answers_to_is_not_called_a_missing_container() -> None:
    result = run("resolves", PARAMS, state(alias=False))
    assert result.status is Status.FAIL
    assert "Le container « outil » n'existe pas" not in result.message
    assert "ni un alias" in result.message and "--alias outil labo-net" in result.message
