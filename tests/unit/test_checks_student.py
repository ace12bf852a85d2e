"""Mistakes a student really made by hand on the real engine (round 2 acceptance),
replayed as snapshots with the values the engine showed then (pure)."""

from __future__ import annotations

from docker_lab.checks.model import Status
from docker_lab.commands.solve import touches_default_bridge
from docker_lab.engine.models import Mount, PortBinding
from docker_lab.lab.sandbox import touches_default_bridge as setup_touches_default_bridge
from tests.unit.checks_support import ctr, net, run, snap

PASS, FAIL = Status.PASS, Status.FAIL

#: What ``docker logs`` of postgres:13 (the lab's stand-in) holds without a password.
PG_NO_PASSWORD = (
    "Error: Database is uninitialized and superuser password is not specified.",
    "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
    "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
    "       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all",
    "       connections without a password. This is *not* recommended.",
    "       See PostgreSQL documentation about \"trust\":",
    "       https://www.postgresql.org/docs/current/auth-trust.html",
)
BRIDGE = {"expect": "subnet", "network": "bridge"}


def test_answer_subnet_with_spaces_inside_or_final_dot_passes() -> None:
    state = snap()
    for typed in ("172.17.0.0 / 16", " 172.17.0.0/16. ", "172.17.0.0/ 16"):
        assert run("answer", BRIDGE, state, answer=typed).status is PASS, typed


def test_answer_gateway_with_prefix_is_not_the_subnet() -> None:
    result = run("answer", BRIDGE, snap(), answer="172.17.0.1/16")
    assert result.status is FAIL
    assert "adresse avec son préfixe" in result.message
    assert "172.17.0.0/16" not in result.message


def test_postgres_without_password_shows_the_error_line_and_the_flag() -> None:
    db = ctr("database", image="postgres:13", status="exited", exit_code=1,
             networks={"app-network": ""}, log_tail=PG_NO_PASSWORD)
    result = run("container", {"name": "database", "image": "postgres:13",
                               "networks": ["app-network"]}, snap(db))
    assert "code de sortie 1" in result.message
    assert "You must specify POSTGRES_PASSWORD" in result.message
    assert "Error: Database is uninitialized" in result.message
    assert "-e POSTGRES_PASSWORD=VALEUR" in result.message


def test_postgres_password_misspelled_is_named() -> None:
    db = ctr("database", image="postgres:13", status="exited", exit_code=1,
             env={"POSTGRES_PASWROD": "x"}, log_tail=PG_NO_PASSWORD)
    result = run("container", {"name": "database"}, snap(db))
    assert "vous avez défini « POSTGRES_PASWROD » (faute de frappe ?)" in result.message


def test_env_misspelled_is_named() -> None:
    pg = ctr("postgres-db", image="postgres:13", env={"POSTGRES_BD": "ecommerce",
                                                       "POSTGRES_USER": "app"})
    result = run("container", {"name": "postgres-db", "env": {"POSTGRES_DB": "ecommerce"}},
                 snap(pg))
    assert "POSTGRES_DB n'est pas définie" in result.message
    assert "« POSTGRES_BD » l'est : faute de frappe ?" in result.message


def test_stopped_by_docker_stop_suggests_docker_start() -> None:
    c = ctr("mon-container", status="exited", exit_code=137)
    result = run("container", {"name": "mon-container"}, snap(c))
    assert "docker start mon-container" in result.message


def test_renamed_container_suggests_docker_rename() -> None:
    result = run("container", {"name": "web-host", "network_mode": "host"},
                 snap(ctr("webhost", mode="host")))
    assert "docker rename webhost web-host" in result.message
    assert result.actual == "absent (webhost existe)"


def test_host_mode_message_is_not_repeated() -> None:
    result = run("container", {"name": "isole", "network_mode": "none"},
                 snap(ctr("isole", mode="host")))
    assert result.message.count("« host »") == 1


def test_none_wanted_but_only_disconnected_from_bridge() -> None:
    result = run("container", {"name": "isole", "network_mode": "none"},
                 snap(ctr("isole", networks={})))
    assert "Le déconnecter de ses réseaux ne suffit pas : le mode réseau se choisit au " \
        "lancement (--network none)." in result.message


def test_wrong_network_instead_of_only_one_is_one_sentence() -> None:
    lb = ctr("nginx-lb", image="nginx:alpine", networks={"bridge": "172.17.0.2"},
             ports=[(80, 18080), (443, 18443)])
    result = run("container", {"name": "nginx-lb", "networks": ["frontend-net"],
                               "exact_networks": True}, snap(net("frontend-net"), lb))
    assert "connecté à « bridge » au lieu de « frontend-net »" in result.message
    assert "docker network connect frontend-net nginx-lb ; docker network disconnect bridge " \
           "nginx-lb" in result.message
    assert result.actual == "réseaux=bridge"


def test_ports_on_loopback_only_are_not_public() -> None:
    lb = ctr("nginx-lb", image="nginx:alpine", networks={"frontend-net": "172.19.0.2"})
    lb = lb.__class__(**{**lb.__dict__, "ports": (PortBinding(80, "tcp", "127.0.0.1", 18080),
                                                   PortBinding(443, "tcp", "127.0.0.1", 18443))})
    params = {"name": "nginx-lb", "ports": [80, 443], "public_ports": True}
    result = run("container", params, snap(net("frontend-net"), lb))
    assert result.status is FAIL
    assert "n'est publié que sur 127.0.0.1" in result.message
    public = run("container", params, snap(net("frontend-net"), ctr(
        "nginx-lb", networks={"frontend-net": "172.19.0.2"}, ports=[(80, 80), (443, 443)])))
    assert public.status is PASS


def test_volume_on_the_wrong_path_says_where_it_is() -> None:
    redis = ctr("redis-cache", mounts=(Mount("volume", "redis-data", "/date", False),
                                       Mount("volume", "a" * 64, "/data", False)))
    result = run("container", {"name": "redis-cache", "volumes": {"redis-data": "/data"}},
                 snap(redis))
    assert "« redis-data » est monté sur /date au lieu de /data" in result.message


def test_several_gaps_with_a_recreation_give_the_recreation() -> None:
    prom = ctr("prometheus", image="prom/prometheus", networks={"monitoring-net": "172.20.0.2"})
    params = {"name": "prometheus", "networks": ["monitoring-net", "data-net"], "ports": [9090]}
    result = run("container", params, snap(net("monitoring-net"), net("data-net"), prom))
    assert "Essayez : docker rm -f prometheus puis docker run" in result.message
    assert "-p 9090" in result.message


def test_network_without_ip_range_reads_well() -> None:
    result = run("network", {"name": "mv", "subnet": "172.20.0.0/16",
                             "ip_range": "172.20.240.0/20"},
                 snap(net("mv", subnet="172.20.0.0/16")))
    assert "n'a pas de plage d'adresses (--ip-range) : attendu 172.20.240.0/20" in result.message
    assert "aucune au lieu" not in result.message


def test_reaches_without_common_network_suggests_the_user_network() -> None:
    backend = ctr("backend", networks={"app-network": "172.18.0.3"})
    database = ctr("database", networks={"bridge": "172.17.0.2"})
    result = run("reaches", {"from": "backend", "to": "database", "port": 5432},
                 snap(net("app-network"), backend, database))
    assert "docker network connect app-network database" in result.message


def test_nothing_may_take_over_docker0() -> None:
    assert touches_default_bridge("docker network create -o parent=docker0 -d macvlan x")
    assert touches_default_bridge(
        "docker network create -o com.docker.network.bridge.name=docker0 x")
    assert not touches_default_bridge("docker network create -o parent=eth0 -d macvlan x")
    assert setup_touches_default_bridge(
        {"name": "x", "options": {"com.docker.network.bridge.default_bridge": "true"}})
    assert not setup_touches_default_bridge({"name": "x", "options": {"parent": "eth0"}})


def test_answer_without_step_is_a_clear_french_refusal(capsys, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from docker_lab.cli import main

    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    assert main(["check", "types-de-reseaux", "--answer", "10.0.0.0/16"]) == 2
    err = capsys.readouterr().err
    assert "--answer s'utilise avec --step" in err
    assert "docker-lab check types-de-reseaux --step sous-reseau-bridge --answer 10.0.0.0/16" in err


def test_no_solution_names_docker0() -> None:
    from pathlib import Path

    from docker_lab.course.loader import load_files, yaml_files

    root = Path(__file__).resolve().parents[2]
    course, _ = load_files([], yaml_files(root / "exercises"), check_lesson_refs=False)
    commands = [c for ex in course.exercises.values() for s in ex.steps for c in s.solution]
    assert commands and not any(touches_default_bridge(c) for c in commands)
    assert all("br-.*|veth.*" in c for c in commands if "parent=" in c)


def test_missing_network_whose_subnet_is_taken_names_the_taker() -> None:
    params = {"name": "mon-reseau-avance", "subnet": "172.20.0.0/16",
              "ip_range": "172.20.240.0/20", "gateway": "172.20.0.1"}
    result = run("network", params, snap(net("autre", subnet="172.20.0.0/24")))
    assert "chevauche celui du réseau « autre » (172.20.0.0/24)" in result.message
    # « autre » is empty (e.g. mon-app-network, given 172.20.0.0/16 by Docker): recreate it.
    assert ("Essayez : docker network rm autre, puis docker network create --subnet=172.20.0.0/16"
            in result.message)
    assert result.message.endswith(", puis recréez « autre » (docker network create autre) : "
                                   "il recevra un autre sous-réseau")
    web = ctr("web", networks={"autre": "172.20.0.2"})
    result = run("network", params, snap(net("autre", subnet="172.20.0.0/24"), web))
    assert "Essayez : docker network create --subnet=172.20.0.0/16" in result.message
    assert "docker network rm autre" not in result.message


def test_missing_container_without_image_gets_a_command_that_runs_as_typed() -> None:
    result = run("container", {"name": "web-host", "network_mode": "host"}, snap())
    assert result.status is FAIL
    assert "docker run -d --name web-host --network host alpine sleep 3600" in result.message
    assert "IMAGE" not in result.message


def test_disconnect_keeps_the_start_network() -> None:
    """deconnecter: off mon-app-network, but still on the network it started on."""
    params = {"name": "mon-container", "on_start_network": True}
    done = ctr("mon-container", networks={"bridge": "172.17.0.3"})
    assert run("container", params, snap(done)).status is PASS
    nothing = ctr("mon-container", networks={})
    result = run("container", params, snap(nothing))
    assert result.status is FAIL
    assert "n'est plus sur son réseau de départ « bridge »" in result.message
    assert "docker network connect bridge mon-container" in result.message
    assert result.actual == "réseaux=aucun"
    # Started directly on mon-app-network then moved to bridge: leaving its start network
    # is what the step asks, so it is not a gap; no network at all still is.
    moved = ctr("mon-container", mode="mon-app-network", networks={"bridge": "172.17.0.3"})
    assert run("container", params, snap(moved)).status is PASS
    alone = ctr("mon-container", mode="mon-app-network", networks={})
    assert "n'est plus connecté à aucun réseau" in run("container", params, snap(alone)).message


def test_a_variable_set_on_purpose_is_not_called_a_typo() -> None:
    db = ctr("postgres-db", image="postgres:13", status="exited", exit_code=1,
             env={"POSTGRES_USER": "app", "POSTGRES_DB": "ecommerce"}, log_tail=PG_NO_PASSWORD)
    result = run("container", {"name": "postgres-db", "env": {"POSTGRES_PASSWORD": None}},
                 snap(db))
    assert "faute de frappe" not in result.message, result.message
    assert "Le journal réclame la variable POSTGRES_PASSWORD, absente du container" in \
        result.message
