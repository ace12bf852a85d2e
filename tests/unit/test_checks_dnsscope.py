"""Names are looked up inside containers only when Docker's own DNS answers them (pure).

Any other name would be forwarded to the host's resolvers (off the machine), and the
default bridge has no DNS by name: the verdict then comes from the state.
"""

from __future__ import annotations

from docker_lab.checks.dnsscope import answered_locally
from docker_lab.checks.model import Status
from tests.unit.checks_support import check, ctr, net, snap

BOTH_ON_BRIDGE = snap(ctr("web"), ctr("outil", networks={"bridge": "172.17.0.3"}))
APP = {"app-net": "172.30.0.2"}


def test_the_default_bridge_has_no_dns_so_nothing_is_asked() -> None:
    for kind, params in (("resolves", {"from": "outil", "name": "web"}),
                         ("reaches", {"from": "outil", "to": "web", "port": 80})):
        spec = check(kind, params).check
        assert spec.probes(BOTH_ON_BRIDGE) == []
        result = spec.evaluate(BOTH_ON_BRIDGE, {}, None)
        assert result.status is Status.FAIL, result.message
        assert "bridge par défaut, où Docker ne fournit pas de DNS par nom" in result.message
        assert "docker network create mon-reseau" in result.message


def test_an_alias_known_on_another_network_only_is_not_asked() -> None:
    state = snap(net("app-net"), net("autre"),
                 ctr("outil", networks={"app-net": "172.30.0.3"}),
                 ctr("labo", networks={"app-net": "172.30.0.2", "autre": "172.31.0.2"},
                     aliases={"autre": ["cache"]}))
    spec = check("resolves", {"from": "outil", "name": "cache", "to": "labo"}).check
    assert spec.probes(state) == []
    message = spec.evaluate(state, {}, None).message
    assert "« cache » n'est le nom de « labo » que sur « autre »" in message, message
    assert "pas sur leur réseau commun « app-net »" in message
    assert "docker network connect --alias cache app-net labo" in message


def test_names_docker_answers_are_probed() -> None:
    state = snap(net("app-net"), ctr("outil", networks={"app-net": "172.30.0.3"}),
                 ctr("labo", networks=APP, aliases={"app-net": ["cache"]}))
    for name in ("labo", "cache", "LABO", "172.30.0.2"):
        assert answered_locally(state, state.containers["outil"], name), name
    assert not answered_locally(state, state.containers["outil"], "ailleurs.example")
    stopped = snap(net("app-net"), ctr("outil", networks={"app-net": "172.30.0.3"}),
                   ctr("labo", networks=APP, status="exited"))
    assert not answered_locally(stopped, stopped.containers["outil"], "labo")
    reaches = check("reaches", {"from": "outil", "to": "labo", "host": "cache", "port": 6379})
    assert [r.target for r in reaches.check.probes(state)] == ["cache"]

