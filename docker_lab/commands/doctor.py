"""``docker-lab doctor``: is this machine ready for the course? Each line ✓/✗ with its fix.

Exit status: 0 all good, 1 something is missing (images, compose...), 2 the
daemon cannot be used (unreachable, socket permission, API too old).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from docker_lab.commands.doctorimages import engine_summary
from docker_lab.engine.errors import ApiTooOld, EngineError, PermissionDenied
from docker_lab.lab.imageneeds import blocked_exercises

#: The images the course names (canonical name with tag), lab image first.
FALLBACK_IMAGES = (
    "docker-lab/outils:latest", "mon-api:latest", "mon-webapp:latest", "mon-worker:latest",
    "nginx:alpine", "postgres:13", "redis:alpine", "prom/prometheus:latest", "alpine:latest",
    "docker-lab/diagnostic:latest",
)


IMAGES_FIX = (
    "Rendez les images du cours disponibles : docker-lab setup\n"
    "(sans registre : docker-lab setup --import FICHIER avec l'archive du formateur,\n"
    "ou docker-lab setup --offline sur une Debian ou une Ubuntu)"
)


@dataclass(frozen=True)
class Line:
    """One diagnostic line: ``ok`` None is an information (ℹ)."""

    ok: bool | None
    text: str
    fix: str = ""

    def render(self) -> str:
        """The line as printed, fix indented under it."""
        mark = "ℹ" if self.ok is None else ("✓" if self.ok else "✗")
        out = f"  {mark} {self.text}"
        if self.fix and self.ok is not True:
            out += "".join(f"\n      → {ln}" for ln in self.fix.splitlines())
        return out


def course_images() -> tuple[str, ...]:
    """The course's images, from the setup catalogue when available."""
    try:
        from docker_lab.engine.images import CATALOGUE
    except Exception:  # setup module absent or broken: the list is a contract anyway
        return FALLBACK_IMAGES
    return tuple(spec.name for spec in CATALOGUE) or FALLBACK_IMAGES


def daemon_lines() -> tuple[list[Line], Any | None, int]:
    """Daemon, socket permission and API version lines; the gateway when usable."""
    from docker_lab.engine.connection import MIN_API_VERSION, docker_host
    from docker_lab.engine.gateway import DockerGateway

    host = docker_host()
    try:
        gw = DockerGateway()
        version = gw.server_version()
    except EngineError as exc:
        lines = []
        if isinstance(exc, PermissionDenied):
            lines.append(Line(True, f"Démon Docker présent ({host})"))
            lines.append(Line(False, exc.message, exc.fix))
        elif isinstance(exc, ApiTooOld):
            lines.append(Line(True, f"Démon Docker joignable ({host})"))
            lines.append(Line(False, exc.message, exc.fix))
        else:
            lines.append(Line(False, exc.message, exc.fix))
        return lines, None, 2
    lines = [
        Line(True, f"Démon Docker joignable ({host}) : Docker {version.get('Version', '?')}"),
        Line(True, "Droits d'accès au socket : autorisés"),
        Line(True, f"Version de l'API : {gw.api_version} (minimum requis : {MIN_API_VERSION})"),
    ]
    try:
        info = gw.client.api.info()
        lines.append(Line(None, engine_summary(info, version, str(gw.api_version))))
    except Exception as exc:  # the summary is information only
        lines.append(Line(None, f"Moteur : description indisponible ({exc.__class__.__name__})"))
    return lines, gw, 0


def path_line(gw: Any) -> Line:
    """Which way ``docker-lab setup`` will take for the official images, and why."""
    from docker_lab.engine.imagepath import BLOCKED
    from docker_lab.engine.images import CATALOGUE, plan_path
    from docker_lab.lab.setuptext import way_text

    path = plan_path(gw.client, CATALOGUE, offline=False)
    text = f"Voie de docker-lab setup : {way_text(path)}"
    if path.kind == BLOCKED:
        return Line(False, text, path.fix)
    return Line(None, text)


def _blocked() -> dict[str, list[str]]:
    """Exercise ids by image name (empty when the course cannot be read)."""
    try:
        from docker_lab.course.loader import load_course
        from docker_lab.paths import course_dirs

        course, _ = load_course(course_dirs())
    except Exception:  # the course's own problems are « docker-lab validate »'s business
        return {}
    return blocked_exercises(course.exercises.values(), course_images())


def image_lines(gw: Any) -> list[Line]:
    """One line per course image: present (stand-in or not) or missing."""
    from docker_lab.engine.imagestatus import present_images
    from docker_lab.engine.labels import STANDIN

    present = present_images(gw.client)
    lines = []
    blocked = _blocked()
    for name in course_images():
        if name in present:
            kind = " (remplaçant local)" if present[name].get(STANDIN) == "true" else ""
            lines.append(Line(True, f"Image {name}{kind}"))
        else:
            users = blocked.get(name) or []
            what = (f" — bloque : {', '.join(users)}" if users
                    else " — ne bloque aucun exercice (outil des leçons ou des sondes)")
            lines.append(Line(False, f"Image absente : {name}{what}"))
    missing = [i for i, line in enumerate(lines) if not line.ok]
    if missing:  # one fix for all of them, under the last missing image
        last = lines[missing[-1]]
        lines[missing[-1]] = Line(False, last.text, IMAGES_FIX)
    return lines


def _version_of(argv: list[str]) -> str | None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    first = (done.stdout or "").strip().splitlines()
    return first[0] if done.returncode == 0 and first else None


def tool_lines() -> list[Line]:
    """The docker CLI (for the console) and Docker Compose (plugin or docker-compose)."""
    lines = []
    docker_cli = shutil.which("docker")
    if docker_cli:
        lines.append(Line(True, f"Client docker : {docker_cli}"))
    else:
        lines.append(Line(False, "Client docker (commande docker) introuvable",
                          "Installez-le : sudo apt-get install docker.io (ou docker-ce-cli)"))
    compose = None
    if docker_cli:
        compose = _version_of([docker_cli, "compose", "version", "--short"])
        compose = f"docker compose {compose}" if compose else None
    if compose is None and shutil.which("docker-compose"):
        compose = _version_of(["docker-compose", "version", "--short"])
        compose = f"docker-compose {compose}" if compose else None
    if compose:
        lines.append(Line(True, f"Docker Compose : {compose}"))
    else:
        lines.append(Line(
            False, "Docker Compose introuvable (ni « docker compose » ni docker-compose)",
            "Installez-le : sudo apt-get install docker-compose (ou docker-compose-plugin)",
        ))
    return lines


EGRESS_NOTE = Line(
    None,
    "Accès Internet des containers : non testé (docker-lab n'envoie rien hors de cette machine)",
    "Sans registre joignable : docker-lab setup --import FICHIER (archive du formateur).",
)


def diagnose() -> tuple[list[Line], int]:
    """All lines and the exit status."""
    lines, gw, status = daemon_lines()
    if gw is not None:
        try:
            lines.append(path_line(gw))
            lines += image_lines(gw)
        except EngineError as exc:
            lines.append(Line(False, exc.message, exc.fix))
            status = 2
        finally:
            gw.close()
    lines += tool_lines()
    lines.append(EGRESS_NOTE)
    if status == 0 and any(line.ok is False for line in lines):
        status = 1
    return lines, status


def run(args: argparse.Namespace) -> int:
    """Print the diagnostic; return 0, 1 or 2."""
    try:
        lines, status = diagnose()
    except Exception as exc:  # never a traceback for the user
        print(f"docker-lab doctor : erreur inattendue : {exc}", file=sys.stderr)
        return 2
    print("Diagnostic docker-lab\n")
    print("\n".join(line.render() for line in lines))
    failed = sum(1 for line in lines if line.ok is False)
    print()
    if status == 0:
        print("Tout est prêt pour le cours.")
    elif status == 2:
        print("Docker n'est pas utilisable : corrigez d'abord le premier point marqué ✗.")
    else:
        print(f"{failed} point(s) à corriger (voir les ✗ ci-dessus).")
    return status


def register(sub: Any) -> None:
    """Register the ``doctor`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "doctor",
        help="vérifie que la machine est prête (Docker, droits, images, compose)",
        description="Vérifie le démon Docker, la version de l'API, les droits sur le socket, "
        "les images du cours et Docker Compose ; chaque point indique comment le corriger.\n"
        "Code de sortie : 0 tout va bien, 1 quelque chose manque, 2 Docker injoignable.",
    )
    parser.set_defaults(func=run)
