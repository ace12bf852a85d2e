"""Exercise files: parsing, validation problems with positions, resources named by solutions."""

from __future__ import annotations

from pathlib import Path

from docker_lab.checks.container_parts import ContainerParams
from docker_lab.checks.refs import command_refs, compose_refs
from docker_lab.course.exercises import parse_exercise_file
from docker_lab.lab.resources import exercise_refs
from docker_lab.paths import course_dirs

GOOD = """\
format_version: 1
id: petit
title: Un petit exercice
lesson: gestion-des-reseaux
introduction: Créez un réseau puis un container.
steps:
  - id: reseau
    title: Le réseau
    instructions: Créez `app-network`.
    hints: [Utilisez docker network create.]
    solution:
      - docker network create app-network
    checks:
      - kind: network
        name: app-network
  - id: web
    title: Le web
    instructions: Lancez web.
    solution:
      - docker run -d --name web --network app-network -v web-data:/data nginx:alpine
    checks:
      - {kind: container, name: web, networks: [app-network]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ex.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[str]:
    exercise, problems = parse_exercise_file(write(tmp_path, text))
    assert exercise is None
    return [p.format() for p in problems]


def test_good_exercise(tmp_path: Path) -> None:
    exercise, problems = parse_exercise_file(write(tmp_path, GOOD))
    assert problems == []
    assert exercise is not None
    assert [s.id for s in exercise.steps] == ["reseau", "web"]
    assert exercise.steps[1].checks[0].params == ContainerParams(name="web",
                                                                 networks=("app-network",))
    assert exercise.steps[1].checks[0].line == 22
    refs = exercise_refs(exercise)
    assert refs.containers == {"web"} and refs.networks == {"app-network"}
    assert refs.volumes == {"web-data"}


def test_unknown_key_and_kind_with_suggestions(tmp_path: Path) -> None:
    text = GOOD.replace("    hints:", "    hint:").replace("kind: network", "kind: netwrok")
    found = problems_of(tmp_path, text)
    assert any(":10:5: clé inconnue « hint » : vouliez-vous dire « hints » ?" in p for p in found)
    assert any(":14:15: type de vérification inconnu « netwrok » : vouliez-vous dire « network » ?"
               in p for p in found)


def test_bad_check_parameters(tmp_path: Path) -> None:
    text = GOOD.replace("name: app-network\n  - id", "name: app-network\n"
                        "        subnet: 10.0.0.300/8\n        drivr: bridge\n  - id")
    found = problems_of(tmp_path, text)
    assert any(":16:17: « subnet » doit être un réseau en notation CIDR" in p for p in found)
    assert any(":17:9: clé inconnue « drivr » : vouliez-vous dire « driver » ?" in p for p in found)


def test_kind_rules_and_wrong_types(tmp_path: Path) -> None:
    text = GOOD.replace("{kind: container, name: web, networks: [app-network]}",
                        "{kind: answer, expect: ip, network: app-network}\n"
                        "      - {kind: reaches, from: web, to: web, port: 99999}")
    found = problems_of(tmp_path, text)
    assert any("« expect: ip » demande « container »" in p for p in found)
    assert any("« port » doit être un port entre 1 et 65535" in p for p in found)


def test_reference_to_a_container_nothing_mentions(tmp_path: Path) -> None:
    text = GOOD + "      - {kind: reaches, from: backend, to: web, port: 80}\n"
    found = problems_of(tmp_path, text)
    assert any(":23:9: le container « backend » n'est créé par aucune étape" in p for p in found)
    mentioned = text.replace("Lancez web.", "Lancez web ; `backend` existe déjà.")
    exercise, problems = parse_exercise_file(write(tmp_path, mentioned))
    assert problems == [] and exercise is not None


def test_duplicate_step_ids_missing_fields_and_version(tmp_path: Path) -> None:
    text = GOOD.replace("id: web", "id: reseau").replace("format_version: 1", "format_version: 2")
    text = text.replace("    solution:\n      - docker network create app-network\n", "")
    found = problems_of(tmp_path, text)
    assert any("étape « reseau » en double (déjà définie ligne 7)" in p for p in found)
    assert any("champ obligatoire « solution » manquant (étape « reseau »)" in p for p in found)
    assert any(":1:17: « format_version » vaut 2" in p for p in found)


def test_files_must_be_relative(tmp_path: Path) -> None:
    text = GOOD + "files:\n  ../evil.sh: 'rm -rf /'\n"
    assert any("chemin relatif" in p for p in problems_of(tmp_path, text))


def test_command_refs_reads_real_solutions() -> None:
    refs = command_refs([
        "docker run -d --name postgres-db \\\n  --network data-net -e POSTGRES_DB=ecommerce "
        "-v postgres-data:/var/lib/postgresql/data -v ./conf:/etc/conf postgres:13 --name x",
        "docker network create --driver bridge --subnet=172.20.0.0/16 --ip-range 172.20.240.0/20"
        " mon-reseau-avance && docker network connect --alias db app-network database",
        "P=$(ip route | awk '{print $5}')\ndocker network create -d macvlan -o parent=\"$P\" mv",
        "docker run -dit --rm --name=solo --network=host alpine",
        "docker volume create redis-data",
    ])
    assert refs.containers == {"postgres-db", "database", "solo"}
    assert refs.networks == {"data-net", "mon-reseau-avance", "app-network", "mv"}
    assert refs.volumes == {"postgres-data", "redis-data"}
    assert refs.aliases == {"db"}


def test_command_refs_reads_network_aliases_and_compose_services() -> None:
    found = command_refs(["docker run -d --name labo-outil --network labo-net "
                          "--network-alias outil alpine sleep 1d",
                          "docker run -d --net-alias=outil2 --name o2 alpine",
                          "docker network connect --alias=cache labo-net o2"])
    assert found.aliases == {"outil", "outil2", "cache"}
    assert found.containers == {"labo-outil", "o2"}
    compose = compose_refs(["cat > compose.yaml <<'EOF'\nservices:\n  api:\n    image: a\n"
                            "    networks:\n      back: {aliases: [service-api]}\nEOF"])
    assert compose.aliases == {"api", "service-api"}


ALIAS_STEP = """\
  - id: dns
    title: Un alias
    instructions: Lancez labo-outil avec un alias.
    solution:
      - docker run -d --name labo-outil --network app-network --network-alias outil alpine
    checks:
"""


def test_a_check_must_name_a_resource_under_the_role_the_steps_create(tmp_path: Path) -> None:
    # a DNS name may be an alias: resolves accepts it
    fine = GOOD + ALIAS_STEP + "      - {kind: resolves, from: web, name: outil}\n"
    exercise, problems = parse_exercise_file(write(tmp_path, fine))
    assert problems == [] and exercise is not None
    # the alias taken for a container's name: never found, even though the text says it
    wrong = GOOD + ALIAS_STEP + "      - {kind: container, name: outil}\n"
    found = problems_of(tmp_path, wrong)
    assert any("le container « outil » : les étapes ne le créent que comme un alias réseau"
               in p and "« container »" in p for p in found), found
    # a network named where a container is expected, and a DNS name nothing creates
    found = problems_of(tmp_path, GOOD + ALIAS_STEP + "      - {kind: container, name: "
                        "app-network}\n      - {kind: resolves, from: web, name: outli}\n")
    assert any("le container « app-network » : les étapes ne le créent que comme un réseau"
               in p for p in found), found
    assert any("le nom DNS « outli » n'est créé par aucune étape" in p for p in found), found


def test_shipped_exercises_are_valid_and_keep_the_contract() -> None:
    from docker_lab.course.loader import load_course

    course, problems = load_course(course_dirs())
    assert [p for p in problems if "exercises" in str(p.path)] == []
    steps = {ex.id: [s.id for s in ex.steps] for ex in course.exercises.values()}
    assert steps == {
        "types-de-reseaux": ["sous-reseau-bridge", "host", "none", "macvlan"],
        "gestion-des-reseaux": ["creer", "creer-avance", "lancer-connecte", "connecter",
                                "deconnecter"],
        "dns-interne": ["reseau", "base-de-donnees", "backend", "resolution", "connectivite",
                        "adresse-ip"],
        "multi-tiers": ["reseaux", "load-balancer", "web", "api", "donnees", "monitoring",
                        "isolation"],
        "stack-compose": ["fichier", "deploiement", "isolation"],
        "projet-final": ["architecture", "healthchecks", "dns", "tls", "isolation"],
        "securite-isolation": ["reseau-interne", "sans-sortie", "sous-reseau", "worker-isole",
                               "preuve"],
        "diagnostic": ["constat", "outil", "reparation", "mtu"],
        "conflit-de-ports": ["diagnostic", "contournement", "reseau-optimise"],
    }
    lessons = {ex.id: ex.lesson for ex in course.exercises.values()}
    assert lessons["dns-interne"] == "communication-inter-containers"
    assert lessons["multi-tiers"] == "architecture-multi-tiers"
    for exercise in course.exercises.values():
        for step in exercise.steps:
            assert step.solution and step.hints and step.checks, (exercise.id, step.id)
