"""Docker's rules on a network's addresses, enforced by validate (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docker_lab.checks.params import address_rules
from docker_lab.course.exercises import parse_check, parse_exercise
from docker_lab.spec.yamlpos import parse_yaml


@pytest.mark.parametrize(
    ("subnet", "ip_range", "gateway", "words"),
    [
        ("10.1.0.0/24", None, "10.2.0.1", "la passerelle « 10.2.0.1 » n'est pas dans"),
        ("10.1.0.0/24", "10.9.0.0/28", None, "la plage « ip_range » 10.9.0.0/28 n'est pas dans"),
        ("10.1.0.0/24", "10.1.0.0/16", None, "n'est pas dans le sous-réseau"),
        ("fd00::/64", None, "10.0.0.1", "IPv4 et le sous-réseau « fd00::/64 » un réseau IPv6"),
        ("10.1.0.0/24", "fd00::/80", None, "est IPv6"),
    ],
)
def test_what_docker_refuses(subnet: str, ip_range: str | None, gateway: str | None,
                             words: str) -> None:
    rules = address_rules(subnet, ip_range, gateway)
    assert len(rules) == 1 and words in rules[0] and "Docker refuse ce réseau" in rules[0]


@pytest.mark.parametrize(
    ("subnet", "ip_range", "gateway"),
    [
        ("10.1.0.0/24", "10.1.0.128/25", "10.1.0.1"),
        ("fd00::/64", "fd00::/80", "fd00::1"),
        (None, None, "10.0.0.1"),  # a check may ask for the gateway alone
        ("pas un réseau", None, "10.0.0.1"),  # left to the subnet's own validator
    ],
)
def test_what_docker_accepts(subnet: str | None, ip_range: str | None,
                             gateway: str | None) -> None:
    assert address_rules(subnet, ip_range, gateway) == []


def test_network_check_refuses_a_gateway_outside_its_subnet() -> None:
    spec, problems = parse_check({"kind": "network", "name": "net", "subnet": "10.1.0.0/24",
                                  "gateway": "10.1.1.1"})
    assert spec is None
    assert [p.message for p in problems] == [
        "vérification network : la passerelle « 10.1.1.1 » n'est pas dans le sous-réseau "
        "« 10.1.0.0/24 » : Docker refuse ce réseau (vérification)"]


def test_setup_network_addresses_are_checked() -> None:
    text = """\
format_version: 1
id: exo
title: Exo
lesson: lecon
introduction: Intro
setup:
  networks:
    - {name: a-net, subnet: 10.1.0.0/24, gateway: 10.1.1.1}
    - {name: b-net, gateway: 10.1.0.1}
    - {name: c-net, subnet: 10.1.0/33}
steps:
  - id: un
    title: Un
    instructions: Rien.
    solution: [docker network ls]
    checks: [{kind: network, name: a-net}]
"""
    doc, problems = parse_yaml(text, Path("e.yaml"))
    assert doc is not None and problems == []
    _, problems = parse_exercise(doc)
    assert sorted((p.line, p.message) for p in problems) == [
        (8, "la passerelle « 10.1.1.1 » n'est pas dans le sous-réseau « 10.1.0.0/24 » : Docker "
            "refuse ce réseau (setup networks)"),
        (9, "« gateway » demande aussi « subnet » (setup networks)"),
        (10, "« subnet » doit être un réseau en notation CIDR, par ex. 172.20.0.0/16 (trouvé : "
             "« 10.1.0/33 ») (setup networks)"),
    ]
