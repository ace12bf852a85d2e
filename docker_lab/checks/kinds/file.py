"""Check kind ``file``: a file of the exercise's working directory, and for a Compose file,
what it declares.

Example::

    - kind: file
      path: [docker-compose.yml, docker-compose.yaml, compose.yml, compose.yaml]
      compose:                              # optional: the file is a Compose file
        services: [nginx, webapp, api, postgres, redis]
        networks: [frontend, backend, data]
        internal: [data]
        service_networks: {postgres: [data]}   # exactly these networks
        healthchecks: all                   # or a list of services

*path* is relative to the working directory (a list: the first that exists). The
file is read by the lab from the host (a FILE probe), never from a container. A
file that is not valid YAML gives ``fichier:ligne:colonne`` and the French reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from docker_lab.checks.base import errored, failed, passed
from docker_lab.checks.composefile import ComposeFileSpec, file_gaps, parse_spec, spec_value
from docker_lab.checks.model import CheckResult
from docker_lab.checks.parsing import parsed_by
from docker_lab.checks.registry import HOST_SOURCE, CheckKind, ProbeResults, register
from docker_lab.engine.models import ProbeKind, ProbeRequest, Snapshot
from docker_lab.spec.problems import shown
from docker_lab.spec.schema import Field
from docker_lab.spec.yamlpos import parse_yaml

KIND = "file"
ABSENT = "fichier absent"


def _paths(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


@dataclass(frozen=True)
class FileParams:
    """Parameters of ``file``: the path(s) tried in order, and the Compose assertions."""

    path: tuple[str, ...] = field(metadata=parsed_by(_paths))
    compose: ComposeFileSpec | None = field(default=None, metadata=parsed_by(parse_spec))


def _path_value(value: Any) -> str | None:
    for item in value if isinstance(value, list) else [value]:
        path = PurePosixPath(str(item))
        if not isinstance(item, str) or not item.strip() or path.is_absolute() or (
                ".." in path.parts):
            return (f"doit être un chemin relatif au dossier de l'exercice, sans « .. » "
                    f"(trouvé : « {shown(item)} »)")
    return None


def _request(path: str) -> ProbeRequest:
    return ProbeRequest(ProbeKind.FILE, HOST_SOURCE, path)


def probes(params: FileParams, snapshot: Snapshot) -> list[ProbeRequest]:
    """One FILE probe per path tried."""
    return [_request(p) for p in params.path]


def _found(params: FileParams, results: ProbeResults) -> tuple[str, str] | CheckResult:
    """(path, text) of the first path that exists; else the verdict."""
    names = " ou ".join(params.path)
    for path in params.path:
        result = results.get(_request(path))
        if result is None or result.error:
            why = result.detail if result is not None else "la sonde n'a pas pu être lancée"
            return errored(KIND, f"Impossible de lire {path} : {why}", names)
        if result.ok:
            return path, result.detail
        if result.detail != ABSENT:
            return failed(KIND, f"{path} n'a pas pu être lu : {result.detail}.",
                          f"ls -l {path}", expected=names, actual=result.detail)
    return failed(KIND, f"Le fichier {names} n'existe pas dans le dossier de l'exercice (celui "
                  "où s'ouvre la console).",
                  f"créez-le dans ce dossier (pwd pour le voir), par ex. avec un éditeur ou "
                  f"cat > {params.path[0]} <<'EOF' … EOF",
                  expected=names, actual=ABSENT)


def evaluate(params: FileParams, snapshot: Snapshot, results: ProbeResults,
             answer: str | None) -> CheckResult:
    """The file exists, is valid YAML when asked, and declares what is asked."""
    found = _found(params, results)
    if isinstance(found, CheckResult):
        return found
    path, text = found
    if params.compose is None:
        return passed(KIND, f"Le fichier {path} existe.", expected=path, actual="présent")
    doc, problems = parse_yaml(text, Path(path))
    if doc is None or problems:
        problem = problems[0] if problems else None
        shown = problem.format() if problem is not None else f"{path} : YAML illisible"
        return failed(KIND, f"{shown}", "corrigez cette ligne (l'indentation se fait avec des "
                      "espaces, jamais des tabulations), puis vérifiez à nouveau",
                      expected=f"{path} en YAML valide", actual="YAML invalide")
    gaps = file_gaps(doc.data, params.compose)
    if gaps:
        lines = [f"{path}:{doc.key_pos(*where)[0]}: {sentence}" for where, sentence in gaps]
        return failed(KIND, "\n".join(lines), f"complétez {path} (docker compose config "
                      "le relit et montre les erreurs)",
                      expected="; ".join(s for _, s in gaps), actual=f"{path} incomplet")
    return passed(KIND, f"Le fichier {path} déclare ce qui est demandé.", expected=path,
                  actual="conforme")


register(CheckKind(
    name=KIND,
    summary="un fichier du dossier de l'exercice existe ; pour un fichier Compose, il est du YAML "
            "valide et déclare les services, réseaux et healthchecks demandés",
    params=FileParams,
    fields=(
        Field("path", (str, list), required=True, validator=_path_value,
              doc="texte ou liste : le chemin relatif au dossier de l'exercice ; une liste donne "
                  "des noms possibles, le premier présent est lu (docker-compose.yml, "
                  "compose.yaml…)"),
        Field("compose", dict, validator=spec_value,
              doc="dictionnaire : le fichier est un fichier Compose qui déclare services: "
                  "[noms], networks: [réseaux], internal: [réseaux internes], "
                  "service_networks: {service: [ses réseaux, exactement]}, healthchecks: all "
                  "ou [services]"),
    ),
    evaluate=evaluate, probes=probes,
))
