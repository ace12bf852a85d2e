"""State-only check kinds on hand-built snapshots: verdicts and French messages."""

from __future__ import annotations

from docker_lab.checks.model import Status
from docker_lab.engine.models import Mount
from tests.unit.checks_support import ctr, net, run, snap

PASS, FAIL = Status.PASS, Status.FAIL


# -- network ---------------------------------------------------------------------------------
def test_network_exists_and_matches() -> None:
    state = snap(net("mon-reseau-avance", subnet="172.20.0.0/16", gateway="172.20.0.1",
                     ip_range="172.20.240.0/20"))
    params = {"name": "mon-reseau-avance", "driver": "bridge", "subnet": "172.20.0.0/16",
              "ip_range": "172.20.240.0/20", "gateway": "172.20.0.1"}
    result = run("network", params, state)
    assert result.status is PASS
    assert "mon-reseau-avance" in result.message


def test_network_missing_suggests_create_and_typo() -> None:
    result = run("network", {"name": "app-network"}, snap(net("app-netwrok")))
    assert result.status is FAIL
    assert "« app-network » n'existe pas" in result.message
    assert "app-netwrok" in result.message  # the typo is pointed out
    assert "Essayez : docker network create app-network" in result.message


def test_network_wrong_subnet_names_found_value_and_recreate_command() -> None:
    state = snap(net("mon-reseau-avance", subnet="172.21.0.0/16", gateway="172.21.0.1"))
    params = {"name": "mon-reseau-avance", "subnet": "172.20.0.0/16", "gateway": "172.20.0.1"}
    result = run("network", params, state)
    assert result.status is FAIL
    assert "172.21.0.0/16 au lieu de 172.20.0.0/16" in result.message
    assert "172.21.0.1 au lieu de 172.20.0.1" in result.message
    assert "docker network rm mon-reseau-avance" in result.message
    assert "--subnet=172.20.0.0/16" in result.message
    assert result.actual == "subnet=172.21.0.0/16; gateway=172.21.0.1"


def test_network_missing_ip_range_and_wrong_driver() -> None:
    state = snap(net("mv", driver="bridge", subnet="192.168.1.0/24", gateway="192.168.1.1"))
    params = {"name": "mv", "driver": "macvlan", "subnet": "192.168.1.0/24",
              "ip_range": "192.168.1.128/25"}
    result = run("network", params, state)
    assert "pilote « bridge » au lieu de « macvlan »" in result.message
    assert "n'a pas de plage d'adresses (--ip-range) : attendu 192.168.1.128/25" in result.message
    assert "-d macvlan" in result.message


def test_network_implicit_gateway() -> None:
    params = {"name": "mv", "subnet": "172.20.0.0/16", "gateway": "172.20.0.1"}
    assert run("network", params, snap(net("mv", subnet="172.20.0.0/16", gateway=None))
               ).status is PASS  # Docker chose .1 and does not say so
    ranged = net("mv", subnet="172.20.0.0/16", gateway=None, ip_range="172.20.240.0/20")
    result = run("network", {**params, "ip_range": "172.20.240.0/20"}, snap(ranged))
    assert "passerelle 172.20.240.0 (choisie par Docker faute de --gateway) au lieu de " \
           "172.20.0.1" in result.message


def test_network_flags_and_options() -> None:
    state = snap(net("secure", internal=False, options={"parent": "eth0"}))
    params = {"name": "secure", "internal": True, "options": {"parent": "dlt-dummy0"}}
    result = run("network", params, state)
    assert "n'est pas interne (--internal)" in result.message
    assert "vaut « eth0 » au lieu de « dlt-dummy0 »" in result.message
    any_parent = run("network", {"name": "secure", "options": {"parent": None}}, state)
    assert any_parent.status is PASS
    no_parent = run("network", {"name": "secure", "options": {"parent": None}},
                    snap(net("secure", options={})))
    assert no_parent.status is FAIL and "n'a pas l'option « parent »" in no_parent.message
    internal = run("network", {"name": "secure", "internal": False},
                   snap(net("secure", internal=True)))
    assert "est interne (--internal) alors qu'il ne devrait pas l'être" in internal.message


def test_network_absent() -> None:
    assert run("network_absent", {"name": "old"}, snap()).status is PASS
    state = snap(net("old"), ctr("web", networks={"old": "172.18.0.2"}))
    result = run("network_absent", {"name": "old"}, state)
    assert result.status is FAIL
    assert "« web »" in result.message and "docker network disconnect old web" in result.message


# -- container -------------------------------------------------------------------------------
def test_container_running_with_image_and_networks() -> None:
    state = snap(net("app-network"),
                 ctr("database", "docker.io/library/postgres:13",
                     networks={"app-network": "172.18.0.2"}))
    params = {"name": "database", "image": "postgres:13", "networks": ["app-network"]}
    assert run("container", params, state).status is PASS


def test_container_missing_gives_run_command() -> None:
    params = {"name": "backend", "image": "mon-api:latest", "networks": ["app-network"]}
    result = run("container", params, snap(ctr("bakend")))
    assert result.status is FAIL
    assert "« backend » n'existe pas" in result.message and "bakend" in result.message
    assert "docker run -d --name backend --network app-network mon-api:latest" in result.message


def test_postgres_without_password_shows_exit_code_and_log_lines() -> None:
    logs = ["Error: Database is uninitialized and superuser password is not specified.",
            "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
            "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\"."]
    state = snap(ctr("database", "postgres:13", status="exited", exit_code=1,
                     networks={"app-network": ""}, log_tail=logs), net("app-network"))
    result = run("container", {"name": "database", "image": "postgres:13"}, state)
    assert result.status is FAIL
    assert "arrêté (code de sortie 1)" in result.message
    assert "You must specify POSTGRES_PASSWORD" in result.message
    assert "docker logs database" in result.message
    assert result.actual == "exited (1)"


def test_container_created_paused_and_wrong_image() -> None:
    created = run("container", {"name": "ct"}, snap(ctr("ct", status="created")))
    assert "n'a jamais démarré" in created.message and "docker start ct" in created.message
    paused = run("container", {"name": "ct"}, snap(ctr("ct", status="paused")))
    assert "docker unpause ct" in paused.message
    image = run("container", {"name": "ct", "image": "nginx:alpine"}, snap(ctr("ct", "nginx")))
    assert "l'image « nginx » au lieu de « nginx:alpine »" in image.message


def test_container_network_mode() -> None:
    assert run("container", {"name": "isole", "network_mode": "none"},
               snap(ctr("isole", mode="none"))).status is PASS
    wrong = run("container", {"name": "isole", "network_mode": "none"},
                snap(ctr("isole", networks={"bridge": "172.17.0.3"})))
    assert wrong.status is FAIL
    assert "mode réseau « bridge »" in wrong.message and "au lieu de « none »" in wrong.message
    assert "docker rm -f isole" in wrong.message and "--network none" in wrong.message
    host = run("container", {"name": "web-host", "network_mode": "host"},
               snap(ctr("web-host", mode="none")))
    assert "mode réseau « none »" in host.message and "« host »" in host.message


def test_container_networks_at_least_and_exactly() -> None:
    state = snap(net("frontend-net"), net("backend-net"),
                 ctr("nginx-lb", networks={"frontend-net": "10.0.0.2", "backend-net": "10.1.0.2"}))
    at_least = {"name": "nginx-lb", "networks": ["frontend-net"]}
    assert run("container", at_least, state).status is PASS
    exact = run("container", {**at_least, "exact_networks": True}, state)
    assert exact.status is FAIL
    assert "aussi connecté à « backend-net »" in exact.message
    assert "docker network disconnect backend-net nginx-lb" in exact.message
    missing = run("container", {"name": "nginx-lb", "networks": ["data-net"]}, state)
    assert "mais pas à « data-net »" in missing.message
    assert "docker network connect data-net nginx-lb" in missing.message


def test_container_keeps_start_network() -> None:
    params = {"name": "mon-container", "keeps_start_network": True}
    both = ctr("mon-container", networks={"bridge": "172.17.0.2", "mon-app-network": "172.19.0.3"})
    assert run("container", params, snap(both)).status is PASS
    left = ctr("mon-container", networks={"mon-app-network": "172.19.0.3"})
    result = run("container", params, snap(left))
    assert "a quitté son réseau de départ « bridge »" in result.message
    only = ctr("mon-container", mode="mon-app-network", networks={"mon-app-network": "172.19.0.3"})
    direct = run("container", params, snap(only)).message
    assert "a été lancé directement sur « mon-app-network »" in direct
    assert "lancez-le sans --network" in direct
    alone = ctr("mon-container", networks={"bridge": "172.17.0.2"})
    assert "n'est connecté qu'à son réseau de départ « bridge »" in run(
        "container", params, snap(alone)).message


def test_container_ports_env_volumes() -> None:
    c = ctr("postgres-db", "postgres:13", networks={"data-net": "10.2.0.2"},
            ports=[(80, 8080)], env={"POSTGRES_DB": "shop", "POSTGRES_PASSWORD": "x"},
            mounts=[Mount("volume", "a" * 64, "/var/lib/postgresql/data")])
    params = {"name": "postgres-db", "ports": [80, 443, "8080:80"],
              "env": {"POSTGRES_DB": "ecommerce", "POSTGRES_USER": "app"},
              "volumes": {"postgres-data": "/var/lib/postgresql/data"}}
    result = run("container", params, snap(c))
    assert result.status is FAIL
    assert "Le port 443/tcp" in result.message and "80/tcp → 0.0.0.0:8080" in result.message
    assert "POSTGRES_DB de « postgres-db » vaut « shop » au lieu de « ecommerce »" in result.message
    assert "POSTGRES_USER n'est pas définie" in result.message
    assert "volume anonyme (aaaaaaaaaaaa…)" in result.message
    assert "-v postgres-data:/var/lib/postgresql/data" in result.message
    good = ctr("postgres-db", ports=[(80, 8080), (443, 8443)],
               env={"POSTGRES_DB": "ecommerce", "POSTGRES_USER": "app"},
               mounts=[Mount("volume", "postgres-data", "/var/lib/postgresql/data/")])
    assert run("container", params, snap(good)).status is PASS


def test_container_mounts_and_health() -> None:
    c = ctr("web", mounts=[Mount("bind", "/srv/conf", "/etc/nginx/conf.d", read_only=False)],
            health="starting")
    params = {"name": "web", "mounts": [{"destination": "/etc/nginx/conf.d", "read_only": True}],
              "healthy": True}
    result = run("container", params, snap(c))
    assert "trouvé : bind /srv/conf" in result.message
    assert "encore en cours (starting)" in result.message
    none = run("container", {"name": "web", "healthy": True}, snap(ctr("web")))
    assert "n'a pas de healthcheck" in none.message


# -- attached / not_attached -------------------------------------------------------------------
def test_attached_message_of_the_issue() -> None:
    state = snap(net("app-network"), ctr("backend"))
    result = run("attached", {"container": "backend", "network": "app-network"}, state)
    assert result.message == ("Le container « backend » est connecté à « bridge » mais pas à "
                              "« app-network ». Essayez : docker network connect app-network "
                              "backend")


def test_attached_aliases_and_ip() -> None:
    state = snap(net("app"), ctr("db", networks={"app": "172.18.0.5"}, aliases={"app": ["db"]}))
    assert run("attached", {"container": "db", "network": "app", "aliases": ["db"],
                            "ip": "172.18.0.5"}, state).status is PASS
    alias = run("attached", {"container": "db", "network": "app", "aliases": ["database"]}, state)
    assert "sans l'alias « database »" in alias.message and "« db »" in alias.message
    assert "--alias database" in alias.message
    ip = run("attached", {"container": "db", "network": "app", "ip": "172.18.0.10"}, state)
    assert "l'adresse 172.18.0.5 sur « app » au lieu de 172.18.0.10" in ip.message
    assert "--ip 172.18.0.10" in ip.message


def test_attached_in_none_mode_and_missing_network() -> None:
    state = snap(net("app"), ctr("isole", mode="none"))
    result = run("attached", {"container": "isole", "network": "app"}, state)
    assert "mode réseau « none »" in result.message
    gone = run("attached", {"container": "isole", "network": "nope"}, state)
    assert "Le réseau « nope » n'existe pas" in gone.message


def test_not_attached() -> None:
    on = ctr("mon-container", networks={"bridge": "172.17.0.2", "mon-app-network": "172.19.0.2"})
    params = {"container": "mon-container", "network": "mon-app-network"}
    result = run("not_attached", params, snap(on, net("mon-app-network")))
    assert result.status is FAIL
    assert "encore connecté à « mon-app-network » (et aussi à « bridge »)." in result.message
    assert "docker network disconnect mon-app-network mon-container" in result.message
    alone = ctr("mon-container", networks={"mon-app-network": "172.19.0.2"})
    assert "(son seul réseau)" in run("not_attached", params, snap(alone)).message
    off = ctr("mon-container")
    assert run("not_attached", params, snap(off)).status is PASS
    assert run("not_attached", params, snap()).status is FAIL  # a missing container proves nothing
