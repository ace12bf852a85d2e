"""Wrong states of « types-de-reseaux » and « gestion-des-reseaux », played on the engine.

Issue 11 (item 5): every step has at least three realistic wrong states, made with plain
docker commands as students type them, each failing with a message that names what is
wrong. The states covered, all files together ([w] test_exercises_wrong.py, [r]
test_exercises_replay.py, [n] this file):

types-de-reseaux
- sous-reseau-bridge: an unrelated subnet [w]; another network's subnet [w]; the bridge's
  gateway [n]; the right address with another prefix [n]; the address without its prefix
  [n]; docker0's address with its prefix, as ``ip addr`` shows it [n].
- host: on a user network [w]; started without a command that lasts, exited [n]; without
  ``--network`` (default bridge) [n]; a typo in its name [n]; ``--network hote``, a network
  that does not exist, so docker refused to start it [n].
- none: on a user network [w]; exited at once [w]; without ``--network`` (default bridge)
  [n]; started on bridge, then disconnected from it [n]; a typo in its name [n].
- macvlan: the bridge driver, without parent [w]; the home LAN's subnet and gateway [n];
  the ipvlan driver [n]; a typo in its name, its subnet then taken [n].

gestion-des-reseaux
- creer-avance: another subnet, no ``--ip-range`` [w]; its subnet taken by
  mon-app-network [r]; the gateway at the start of the range [n]; the range as wide as the
  subnet [n]; a typo in its name, its subnet then taken [n].
- lancer-connecte: on another network [w]; the image ``nginx`` [w]; without ``--network``
  (default bridge) [n]; ``--network`` written after the image [n]; a typo in its name [n].
- connecter: started directly on mon-app-network [w]; never connected [n]; connected to
  another network [n]; its command exited [n]; a typo in its name [n].
- deconnecter: still connected [w]; disconnected from bridge instead [n]; disconnected from
  both [n]; stopped instead of disconnected [n].
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from docker_lab.checks.model import Status
from tests.engine.exercise_support import (  # noqa: F401 (fixtures)
    TL,
    UPLINK,
    Lab,
    course_images,
    failing_messages,
    home,
    lab,
    said,
    says,
    sh,
)

pytestmark = pytest.mark.engine
#: The helper network of this file (labelled, removed at the end).
OTHER = "dlt-wa-autre"


def bridge_subnet_answers(ex: Lab) -> None:
    """Near misses read from the engine: the gateway, another prefix, no prefix, ip addr."""
    ipam = sh("docker network inspect bridge -f "
              "'{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}'").stdout.split()
    subnet, gateway = ipaddress.ip_network(ipam[0]), ipam[1]
    says(ex, "sous-reseau-bridge", "c'est sa passerelle (Gateway), pas son sous-réseau",
         answer=gateway)
    other = 24 if subnet.prefixlen != 24 else 16
    says(ex, "sous-reseau-bridge", f"l'adresse est la bonne, mais pas le préfixe /{other}",
         answer=f"{subnet.network_address}/{other}")
    says(ex, "sous-reseau-bridge", "un sous-réseau s'écrit avec son préfixe",
         answer=str(subnet.network_address))
    says(ex, "sous-reseau-bridge", "est une adresse avec son préfixe (comme l'affiche ip addr)",
         answer=f"{gateway}/{subnet.prefixlen}")


def test_types_de_reseaux(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("types-de-reseaux", home) as ex:
        bridge_subnet_answers(ex)
        try:
            # host: no command that lasts; --network forgotten; a typo; « hote »
            sh("docker run -d --name web-host --network host alpine")
            said(ex, "host", "« web-host » est arrêté (code de sortie 0)", "sleep 3600")
            sh("docker rm -f web-host && docker run -d --name web-host alpine sleep 60")
            says(ex, "host", "mode réseau « bridge » (connecté à « bridge ») au lieu de « host »")
            sh("docker rm -f web-host && docker run -d --name webhost --network host "
               "alpine sleep 60")
            says(ex, "host", "« webhost » existe : faute de frappe", "docker rename webhost")
            assert sh("docker rm -f webhost && docker run -d --name web-host --network hote "
                      "alpine sleep 60", check=False).returncode != 0  # network hote not found
            text = says(ex, "host", "mode réseau « hote » au lieu de « host »",
                        "Le réseau « hote » n'existe pas")
            assert "connecté à" not in text and "docker start" not in text
            # none: --network forgotten; disconnected from bridge instead; a typo
            sh("docker rm -f web-host && docker run -d --name isole alpine sleep 60")
            says(ex, "none", "mode réseau « bridge » (connecté à « bridge ») au lieu de « none »")
            sh("docker network disconnect bridge isole")
            says(ex, "none", "(déconnecté de tout réseau) au lieu de « none »",
                 "Le déconnecter de ses réseaux ne suffit pas")
            sh("docker rm -f isole && docker run -d --name isoler --network none alpine sleep 60")
            says(ex, "none", "« isoler » existe : faute de frappe")
        finally:
            sh("docker rm -fv web-host webhost isole isoler", check=False)
        # macvlan: the home LAN's addresses; ipvlan; a typo in the name
        mine = f"--label docker-lab.exercise={ex.exercise.id}"
        try:
            sh(f"docker network create {mine} -d macvlan --subnet=192.168.0.0/24 "
               f"--gateway=192.168.0.1 -o parent={UPLINK} macvlan-network")
            says(ex, "macvlan", "sous-réseau 192.168.0.0/24 au lieu de 192.168.1.0/24",
                 "passerelle 192.168.0.1 au lieu de 192.168.1.1")
            sh(f"docker network rm macvlan-network && docker network create {mine} -d ipvlan "
               f"--subnet=192.168.1.0/24 --gateway=192.168.1.1 -o parent={UPLINK} "
               "macvlan-network")
            says(ex, "macvlan", "pilote « ipvlan » au lieu de « macvlan »")
            sh(f"docker network rm macvlan-network && docker network create {mine} -d macvlan "
               f"--subnet=192.168.1.0/24 --gateway=192.168.1.1 -o parent={UPLINK} macvlan-net")
            text = says(ex, "macvlan", "« macvlan-net » existe : faute de frappe",
                        "chevauche celui du réseau « macvlan-net »",
                        "docker network rm macvlan-net (le nom mal tapé), puis")
            assert "recréez" not in text
        finally:
            sh("docker network rm macvlan-network macvlan-net", check=False)


def test_gestion_des_reseaux(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("gestion-des-reseaux", home) as ex:
        # creer-avance: the gateway where the range starts; the range as wide as the subnet;
        # a typo in the name (its subnet is then taken)
        good = "--subnet=172.20.0.0/16 --ip-range=172.20.240.0/20"
        try:
            sh(f"docker network create {good} --gateway=172.20.240.1 mon-reseau-avance")
            says(ex, "creer-avance", "passerelle 172.20.240.1 au lieu de 172.20.0.1")
            sh("docker network rm mon-reseau-avance && docker network create "
               "--subnet=172.20.0.0/16 --ip-range=172.20.0.0/16 --gateway=172.20.0.1 "
               "mon-reseau-avance")
            says(ex, "creer-avance", "plage d'adresses 172.20.0.0/16 au lieu de 172.20.240.0/20")
            sh(f"docker network rm mon-reseau-avance && docker network create "
               f"--label docker-lab.exercise={ex.exercise.id} {good} --gateway=172.20.0.1 "
               "mon-reseau-avancee")
            text = says(ex, "creer-avance", "« mon-reseau-avancee » existe : faute de frappe",
                        "docker network rm mon-reseau-avancee (le nom mal tapé), puis")
            assert "recréez" not in text
        finally:
            sh("docker network rm mon-reseau-avance mon-reseau-avancee", check=False)
        sh("docker network create mon-app-network")
        try:
            launched_wrong(ex)
            connected_wrong(ex)
        finally:
            sh(f"docker rm -fv web-server webserver mon_container; docker network rm {OTHER}",
               check=False)


def launched_wrong(ex: Lab) -> None:
    """lancer-connecte: --network forgotten; written after the image; a typo in the name."""
    sh("docker run -d --name web-server nginx:alpine")
    says(ex, "lancer-connecte", "« web-server » est connecté à « bridge » mais pas à "
         "« mon-app-network »")
    assert sh("docker rm -f web-server && docker run -d --name web-server nginx:alpine "
              "--network mon-app-network", check=False).returncode != 0
    said(ex, "lancer-connecte", "Sa commande est « --network mon-app-network »",
           "se placent avant l'image", "Essayez : docker rm -f web-server puis docker run -d "
           "--name web-server --network mon-app-network nginx:alpine")
    sh("docker rm -f web-server && docker run -d --name webserver --network mon-app-network "
       "nginx:alpine")
    says(ex, "lancer-connecte", "« webserver » existe : faute de frappe")


def connected_wrong(ex: Lab) -> None:
    """connecter: never connected, connected elsewhere, exited, mistyped; then deconnecter:
    bridge left instead, both left, stopped instead."""
    sh("docker run -d --name mon-container alpine sleep 300")
    says(ex, "connecter", "n'est connecté qu'à son réseau de départ « bridge »",
         "« mon-container » est connecté à « bridge » mais pas à « mon-app-network »")
    sh(f"docker network create {TL} {OTHER} && docker network connect {OTHER} mon-container")
    says(ex, "connecter", f"connecté à « bridge » et « {OTHER} » mais pas à « mon-app-network »")
    sh("docker rm -f mon-container && docker run -d --name mon-container alpine && "
       "docker network connect mon-app-network mon-container")
    said(ex, "connecter", "« mon-container » est arrêté (code de sortie 0)", "sleep 3600")
    sh("docker rm -f mon-container && docker run -d --name mon_container alpine sleep 300 && "
       "docker network connect mon-app-network mon_container")
    says(ex, "connecter", "« mon_container » existe : faute de frappe")
    sh("docker rm -f mon_container && docker run -d --name mon-container alpine sleep 300 && "
       "docker network connect mon-app-network mon-container")
    assert ex.step("connecter").status is Status.PASS
    sh("docker network disconnect bridge mon-container")
    says(ex, "deconnecter", "n'est plus sur son réseau de départ « bridge » (il est connecté à "
         "« mon-app-network »)", "est encore connecté à « mon-app-network »")
    sh("docker network disconnect mon-app-network mon-container")
    says(ex, "deconnecter", "n'est plus sur son réseau de départ « bridge » (il est déconnecté "
         "de tout réseau)")
    sh("docker network connect bridge mon-container && "
       "docker network connect mon-app-network mon-container && docker stop -t 1 mon-container")
    says(ex, "deconnecter", "« mon-container » est arrêté (code de sortie 137)",
         "est encore connecté à « mon-app-network »")
