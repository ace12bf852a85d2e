"""Latency of checking a step: docker-lab's checker versus a Killercoda-style bash script.

Run: ``python benchmarks/check_latency.py [--runs N]`` (needs the engine and
``docker-lab setup --offline``). It creates labelled ``dlt-h5-bench-*``
resources, measures, prints a table of medians, and removes them.

Two steps are measured, each checked four ways:

- *state-only*: a network (driver, subnet, gateway), a container (running,
  image, networks) and an attachment;
- *probes*: from a container, a name resolves to the right IP, a TCP port
  answers, a ping answers.

Ways: docker-lab in-process with a warm gateway (the app, live checks);
in-process with a new gateway (first check); the ``docker-lab check`` command
(a new Python process); the equivalent bash + docker CLI verify script, as
Killercoda authors write them (``docker network inspect … | grep``,
``docker exec … nslookup``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from docker_lab.checks.model import Status
from docker_lab.course.exercises import parse_check
from docker_lab.course.models import CheckSpec, Step
from docker_lab.engine.gateway import DockerGateway
from docker_lab.engine.labels import LAB_IMAGE
from docker_lab.lab.runner import evaluate_step

P = "dlt-h5-bench"
NET, WEB, SRC = f"{P}-net", f"{P}-web", f"{P}-src"
SUBNET, GATEWAY = "10.123.0.0/24", "10.123.0.1"
LABEL = "--label docker-lab.managed=true --label docker-lab.test=true"

STATE_CHECKS = (
    {"kind": "network", "name": NET, "driver": "bridge", "subnet": SUBNET, "gateway": GATEWAY},
    {"kind": "container", "name": WEB, "image": "nginx:alpine", "networks": [NET]},
    {"kind": "attached", "container": SRC, "network": NET},
)
PROBE_CHECKS = (
    {"kind": "resolves", "from": SRC, "name": WEB, "network": NET},
    {"kind": "reaches", "from": SRC, "to": WEB, "port": 80},
    {"kind": "reaches", "from": SRC, "to": WEB},
)


def check(raw: dict[str, object]) -> CheckSpec:
    """A check built as the loader builds it (validated, then parsed)."""
    spec, problems = parse_check(raw)
    if spec is None:
        raise ValueError("; ".join(p.format() for p in problems))
    return spec


STATE_STEP = Step("etat", "État", "", tuple(map(check, STATE_CHECKS)))
PROBE_STEP = Step("sondes", "Sondes", "", tuple(map(check, PROBE_CHECKS)))

BASH_STATE = f"""
set -e
docker network inspect {NET} --format '{{{{.Driver}}}}' | grep -q '^bridge$'
docker network inspect {NET} --format '{{{{range .IPAM.Config}}}}{{{{.Subnet}}}}{{{{end}}}}' \
  | grep -q '{SUBNET}'
docker network inspect {NET} --format '{{{{range .IPAM.Config}}}}{{{{.Gateway}}}}{{{{end}}}}' \
  | grep -q '{GATEWAY}'
docker inspect -f '{{{{.State.Running}}}}' {WEB} | grep -q true
docker inspect -f '{{{{.Config.Image}}}}' {WEB} | grep -q 'nginx:alpine'
docker inspect -f '{{{{json .NetworkSettings.Networks}}}}' {WEB} | grep -q '"{NET}"'
docker inspect -f '{{{{json .NetworkSettings.Networks}}}}' {SRC} | grep -q '"{NET}"'
"""
BASH_PROBES = f"""
set -e
IP=$(docker inspect -f '{{{{(index .NetworkSettings.Networks "{NET}").IPAddress}}}}' {WEB})
docker exec {SRC} nslookup {WEB} | grep -q "$IP"
docker exec {SRC} nc -w1 {WEB} 80 </dev/null
docker exec {SRC} ping -c1 -W1 {WEB} >/dev/null
"""


def sh(script: str) -> int:
    return subprocess.run(["bash", "-c", script], capture_output=True, check=False).returncode


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def exercise_dir(root: Path) -> Path:
    """A course with one exercise holding both steps, for the ``check`` command."""
    (root / "lessons").mkdir(parents=True)
    (root / "exercises").mkdir()
    (root / "lessons" / "l.yaml").write_text(textwrap.dedent("""\
        format_version: 1
        id: bench
        title: Bench
        order: 1
        slides: [{title: T, body: B}]
        """), encoding="utf-8")
    steps = []
    for step, raws in ((STATE_STEP, STATE_CHECKS), (PROBE_STEP, PROBE_CHECKS)):
        checks = "".join("      - {"
                         + ", ".join(f"{k}: {v!r}".replace("'", '"') for k, v in c.items())
                         + "}\n" for c in raws)
        steps.append(f"  - id: {step.id}\n    title: {step.title}\n    instructions: "
                     f"{NET} {WEB} {SRC}\n    hints: [h]\n    solution: ['true']\n"
                     f"    checks:\n{checks}")
    (root / "exercises" / "bench.yaml").write_text(
        "format_version: 1\nid: bench\ntitle: Bench\nlesson: bench\nintroduction: I\nsteps:\n"
        + "".join(steps), encoding="utf-8")
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    sh(f"docker rm -f {WEB} {SRC}; docker network rm {NET}")
    sh(f"docker network create {LABEL} --subnet {SUBNET} --gateway {GATEWAY} {NET} && "
       f"docker run -d {LABEL} --name {WEB} --network {NET} nginx:alpine && "
       f"docker run -d {LABEL} --name {SRC} --network {NET} {LAB_IMAGE} sleep 3600")
    try:
        gateway = DockerGateway()
        for step in (STATE_STEP, PROBE_STEP):
            result = evaluate_step(step, gateway)
            if result.status is not Status.PASS:
                print(f"{step.id}: {[c.message for c in result.checks]}", file=sys.stderr)
                return 1
        for script in (BASH_STATE, BASH_PROBES):
            if sh(script) != 0:
                print("le script bash échoue sur l'état préparé", file=sys.stderr)
                return 1
        with tempfile.TemporaryDirectory() as tmp:
            course = exercise_dir(Path(tmp) / "course")
            home = Path(tmp) / "home"

            def cli(step: str) -> Callable[[], object]:
                return lambda: subprocess.run(
                    [sys.executable, "-m", "docker_lab", "--course", str(course), "check",
                     "bench", "--step", step], capture_output=True, check=False,
                    env={**__import__("os").environ, "DOCKER_LAB_HOME": str(home)})

            rows = []
            for label, step, script in (("état seul (3 vérifications)", STATE_STEP, BASH_STATE),
                                        ("avec sondes (DNS, TCP, ping)", PROBE_STEP,
                                         BASH_PROBES)):
                warm = median_ms(lambda s=step: evaluate_step(s, gateway), runs)  # type: ignore[misc]
                cold = median_ms(lambda s=step: evaluate_step(s, DockerGateway()), runs)  # type: ignore[misc]
                command = median_ms(cli(step.id), max(5, runs // 3))
                bash = median_ms(lambda b=script: sh(b), runs)  # type: ignore[misc]
                rows.append((label, warm, cold, command, bash))
        gateway.close()
    finally:
        sh(f"docker rm -f {WEB} {SRC}; docker network rm {NET}")
    head = ("étape", "app (gateway chaud)", "1re vérif.", "docker-lab check", "script bash+CLI")
    print(f"Médianes en ms sur {runs} exécutions (docker-lab check : {max(5, runs // 3)})")
    print(f"{head[0]:<30} {head[1]:>20} {head[2]:>11} {head[3]:>17} {head[4]:>16}")
    for label, warm, cold, command, bash in rows:
        print(f"{label:<30} {warm:>20.1f} {cold:>11.1f} {command:>17.1f} {bash:>16.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
