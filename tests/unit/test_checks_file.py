"""The ``file`` check kind on file texts (the FILE probe itself: test_hostprobes.py), and the
Compose files solutions write (refs, validation, reset's names)."""

from __future__ import annotations

from typing import Any

from docker_lab.checks.model import Status
from docker_lab.checks.refs import command_refs, compose_refs
from docker_lab.engine.models import EngineEvent, ProbeResult
from docker_lab.lab.relevance import is_relevant
from tests.unit.checks_support import check, snap

NAMES = ["docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"]
PARAMS: dict[str, Any] = {
    "path": NAMES,
    "compose": {"services": ["nginx", "api", "postgres"], "networks": ["frontend", "data"],
                "internal": ["data"], "service_networks": {"postgres": ["data"]},
                "healthchecks": "all"},
}
GOOD = """\
services:
  nginx:
    image: nginx:alpine
    networks: [frontend]
    healthcheck: {test: ["CMD", "true"]}
  api:
    image: mon-api:latest
    networks:
      frontend:
      data:
        aliases: [x]
    healthcheck: {test: ["CMD", "true"]}
  postgres:
    image: postgres:13
    networks:
      - data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
networks:
  frontend: {}
  data:
    internal: true
"""


def evaluate(files: dict[str, str], params: dict[str, Any] | None = None
             ) -> tuple[Status, str]:
    bound = check("file", params or PARAMS).check
    requests = bound.probes(snap())
    results = {r: ProbeResult(r, r.target in files, detail=files.get(r.target, "fichier absent"))
               for r in requests}
    result = bound.evaluate(snap(), results, None)
    return result.status, result.message


def test_a_complete_compose_file_passes_under_any_of_its_names() -> None:
    assert evaluate({"docker-compose.yml": GOOD})[0] is Status.PASS
    status, message = evaluate({"compose.yaml": GOOD})
    assert status is Status.PASS and "compose.yaml" in message


def test_a_missing_file_says_where_it_is_looked_for() -> None:
    status, message = evaluate({"autre/docker-compose.yml": GOOD})
    assert status is Status.FAIL
    assert "n'existe pas dans le dossier de l'exercice" in message and "pwd" in message


def test_a_file_that_does_not_parse_gives_path_line_column_in_french() -> None:
    broken = GOOD.replace("    image: mon-api:latest", "   image: mon-api:latest")
    status, message = evaluate({"docker-compose.yml": broken})
    assert status is Status.FAIL
    assert message.startswith("docker-compose.yml:8:13:")
    assert "erreur de syntaxe YAML" in message and "Traceback" not in message
    status, message = evaluate({"docker-compose.yml": GOOD.replace("  nginx:", "\tnginx:")})
    assert status is Status.FAIL and "docker-compose.yml:2:" in message


def test_what_the_file_lacks_is_named_with_its_line() -> None:
    text = (GOOD.replace("    internal: true\n", "")
            .replace("    networks:\n      - data\n", "    networks: [data, frontend]\n")
            .replace("    healthcheck: {test: [\"CMD\", \"true\"]}\n  api:", "  api:"))
    status, message = evaluate({"docker-compose.yml": text})
    assert status is Status.FAIL
    assert "le réseau « data » n'est pas interne" in message
    assert "le service « postgres » est sur data, frontend au lieu de data" in message
    assert "docker-compose.yml:2: le service « nginx » n'a pas de « healthcheck: »" in message
    status, message = evaluate({"docker-compose.yml": "services:\n  nginx: {image: x}\n"})
    assert "service(s) absent(s) : api, postgres" in message
    assert "réseau(x) non déclaré(s)" in message


def test_a_plain_file_only_has_to_exist() -> None:
    params = {"path": "certs/boutique.crt"}
    assert evaluate({"certs/boutique.crt": "x"}, params)[0] is Status.PASS
    assert evaluate({}, params)[0] is Status.FAIL


def test_bad_parameters_are_refused() -> None:
    from docker_lab.course.exercises import parse_check

    for params in ({"path": "../etc/passwd"}, {"path": "/etc/passwd"},
                   {"path": "x.yml", "compose": {"healthchecks": "tous"}},
                   {"path": "x.yml", "compose": {"service": ["a"]}}):
        spec, problems = parse_check({"kind": "file", **params})
        assert spec is None and problems, params


SOLUTION = """mkdir -p certs
cat > docker-compose.yml <<'EOF'
services:
  api: {image: mon-api:latest, networks: [back], volumes: ["apidata:/data"]}
  # docker run --name pas-une-commande alpine (c'est du texte)
networks: {back: {internal: true}}
volumes: {apidata: {}}
EOF
docker run -d --name outil --network reseau alpine sleep 60"""


def test_a_compose_file_written_by_a_heredoc_declares_its_services() -> None:
    declared = compose_refs([SOLUTION])
    assert declared.containers == {"api"} and declared.networks == {"back"}
    assert declared.volumes == {"apidata"}
    commands = command_refs([SOLUTION])
    assert commands.containers == {"outil"} and commands.networks == {"reseau"}
    assert compose_refs(["cat > notes.txt <<EOF\nservices: {a: {}}\nEOF"]).containers == set()


def test_compose_names_are_not_engine_names_for_reset() -> None:
    from docker_lab.course.models import CheckSpec, Exercise, Step
    from docker_lab.lab.resources import exercise_refs

    reaches = check("reaches", {"from": "api", "to": "outil"})
    step = Step("s", "S", "…", checks=(CheckSpec(reaches.check, 1),), solution=(SOLUTION,))
    found = exercise_refs(Exercise("x", "X", "l", "…", steps=(step,)))
    assert found.containers == {"outil"} and found.networks == {"reseau"}
    assert found.volumes == set()


def test_events_of_the_exercises_compose_containers_are_relevant() -> None:
    from pathlib import Path

    from docker_lab.checks.refs import Refs

    event = EngineEvent("container", "health_status", "p-api-1", compose_dir="/tmp/travail")
    assert is_relevant(event, Refs(), Path("/tmp/travail"))
    assert not is_relevant(event, Refs(), Path("/tmp/ailleurs"))
    assert not is_relevant(EngineEvent("container", "start", "p-api-1"), Refs(),
                           Path("/tmp/travail"))
