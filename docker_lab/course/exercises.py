"""Exercise files: parsing and validation of the instructors' exercise format.

One YAML file per exercise in ``exercises/``, format version 1::

    format_version: 1                   # required, must be 1
    id: dns-interne                     # required, [a-z0-9-]+, unique in the course
    title: Le DNS interne de Docker     # required
    lesson: communication-inter-containers   # required: the lesson it belongs to
    introduction: |                     # required, Markdown
      …
    setup:                              # optional: created by the lab before the first step,
      networks:                         #   labelled docker-lab.managed / docker-lab.exercise
        - {name: ancien-reseau, driver: bridge, subnet: 10.10.0.0/24, internal: false}
      volumes:
        - {name: donnees}
      containers:
        - name: cassé
          image: nginx:alpine
          command: "sleep 3600"         # optional, text or list
          networks: [ancien-reseau]     # optional; the first is the one it starts on
          env: {CLE: valeur}            # optional
          ports: ["8080:80"]            # optional
          volumes: {donnees: /data}     # optional
    files:                              # optional: written into the exercise's working
      nginx.conf: |                     #   directory (the console starts there)
        …
    steps:                              # required, at least one
      - id: reseau                      # required, unique in the exercise
        title: Créer le réseau          # required
        instructions: |                 # required, Markdown
          …
        hints:                          # optional, revealed one at a time, in order
          - Regardez « docker network --help ».
        solution:                       # required: shell commands, run with bash -c
          - docker network create app-network   #   in the working directory
        checks:                         # required, at least one (see the check kinds)
          - kind: network
            name: app-network
        slides: [2, 3]                  # optional: the slides of the exercise's lesson
                                        #   it practises, numbered from 1 as the lesson
                                        #   pane shows them (« diapo 2/9 »)

An ``answer`` step (a check of kind ``answer``) asks the student for a value; its
solution is a command whose output is that value (``docker-lab solve`` passes it).

:func:`parse_exercise_file` returns ``(Exercise | None, problems)``: every problem
is reported at once with its ``path:line:column``: unknown keys (with a
suggestion), unknown check kinds, bad check parameters, duplicate step ids, and
containers, networks or volumes a check names but that no setup, solution or
instructions of the exercise mention (a Compose file a solution writes with a
here-document declares its services, networks and volumes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from docker_lab.checks.params import address_rules, cidr_value, ip_value
from docker_lab.checks.refs import MODES, Refs, command_refs, compose_refs, setup_refs
from docker_lab.checks.registry import CheckKind, get_kind, unknown_kind_message
from docker_lab.course.lessons import FORMAT_VERSION, ID_PATTERN, ID_RULE
from docker_lab.course.models import CheckSpec, Exercise, Step
from docker_lab.spec.problems import Problem, shown
from docker_lab.spec.schema import Field, Schema, is_instance, matches, type_name
from docker_lab.spec.yamlpos import YamlDoc, load_yaml


def _format_version(value: Any) -> str | None:
    if value == FORMAT_VERSION:
        return None
    return (f"vaut {shown(value)} : cette version de docker-lab lit le format {FORMAT_VERSION} "
            f"(écrivez « format_version: {FORMAT_VERSION} »)")


def _files_rule(value: Any) -> str | None:
    paths = []
    for name, content in value.items():
        if not isinstance(name, str):
            return (f": le nom « {shown(name)} » doit être un texte (entourez-le de guillemets, "
                    f"par ex. \"{shown(name)}\")")
        path = PurePosixPath(name)
        if (path.is_absolute() or ".." in path.parts or not name.strip() or not path.parts
                or any(ord(char) < 32 for char in name)):
            return (f": « {shown(name)} » doit être un chemin relatif sans « .. » ni caractère "
                    "de contrôle (par ex. conf/nginx.conf)")
        if not isinstance(content, str):
            return f": le contenu de « {shown(name)} » doit être un texte (utilisez « | »)"
        paths.append(path)
    folders = {parent for path in paths for parent in path.parents}
    clash = next((path for path in paths if path in folders), None)
    if clash is not None:
        return (f": « {clash} » est à la fois un fichier et le dossier d'un autre fichier : "
                "renommez l'un des deux")
    return None


EXERCISE_SCHEMA = Schema((
    Field("format_version", int, required=True, validator=_format_version),
    Field("id", str, required=True, validator=matches(ID_PATTERN, ID_RULE)),
    Field("title", str, required=True),
    Field("lesson", str, required=True, validator=matches(ID_PATTERN, ID_RULE)),
    Field("introduction", str, required=True),
    Field("setup", dict),
    Field("files", dict, validator=_files_rule),
    Field("steps", list, required=True, items=dict),
))

STEP_SCHEMA = Schema((
    Field("id", str, required=True, validator=matches(ID_PATTERN, ID_RULE)),
    Field("title", str, required=True),
    Field("instructions", str, required=True),
    Field("hints", list, items=str),
    Field("solution", list, required=True, items=str),
    Field("checks", list, required=True, items=dict),
    Field("slides", list, items=int),
))

SETUP_SCHEMA = Schema((
    Field("networks", list, items=dict),
    Field("volumes", list, items=dict),
    Field("containers", list, items=dict),
))

SETUP_ITEM_SCHEMAS = {
    "networks": Schema((
        Field("name", str, required=True), Field("driver", str),
        Field("subnet", str, validator=cidr_value()), Field("gateway", str, validator=ip_value()),
        Field("ip_range", str, validator=cidr_value()), Field("internal", bool),
        Field("attachable", bool), Field("options", dict),
    )),
    "volumes": Schema((Field("name", str, required=True),)),
    "containers": Schema((
        Field("name", str, required=True), Field("image", str, required=True),
        Field("command", (str, list)), Field("networks", list, items=str),
        Field("env", dict), Field("ports", list, items=(str, int)), Field("volumes", dict),
    )),
}


def parse_exercise_file(path: Any) -> tuple[Exercise | None, list[Problem]]:
    """Read, parse and validate one exercise file.

    Args:
        path: the exercise's YAML file (a :class:`pathlib.Path`).

    Returns:
        The exercise (``None`` when the file has any problem) and all its problems.
    """
    doc, problems = load_yaml(path)
    if doc is None:
        return None, problems
    exercise, more = parse_exercise(doc)
    problems.extend(more)
    return (exercise if not problems else None), problems


def parse_exercise(doc: YamlDoc) -> tuple[Exercise | None, list[Problem]]:
    """Validate an already parsed exercise document and build the :class:`Exercise`."""
    if doc.data is None:
        return None, [doc.problem((), "fichier vide : un exercice est attendu (format_version, "
                                      "id, title, lesson, introduction, steps)")]
    problems = EXERCISE_SCHEMA.check(doc)
    if not isinstance(doc.data, dict):
        return None, problems
    problems.extend(_check_setup(doc))
    steps: list[Step] = []
    seen: dict[str, int] = {}
    raw_steps = doc.get("steps")
    for index, raw in enumerate(raw_steps if isinstance(raw_steps, list) else []):
        if not isinstance(raw, dict):
            continue
        step, found = _parse_step(doc, index)
        problems.extend(found)
        step_id = raw.get("id")
        if isinstance(step_id, str):
            if step_id in seen:
                problems.append(doc.problem(("steps", index, "id"), (
                    f"étape « {step_id} » en double (déjà définie ligne {seen[step_id]})")))
            seen.setdefault(step_id, doc.value_pos("steps", index, "id")[0])
        if step is not None:
            steps.append(step)
    problems.extend(_check_references(doc))
    if problems:
        return None, problems
    data = doc.data
    return Exercise(
        id=data["id"], title=data["title"].strip(), lesson=data["lesson"],
        introduction=data["introduction"], steps=tuple(steps),
        setup=data.get("setup") or {}, files=data.get("files") or {}, path=doc.path,
    ), []


def _check_setup(doc: YamlDoc) -> list[Problem]:
    if not isinstance(doc.get("setup"), dict):
        return []
    problems = SETUP_SCHEMA.check(doc, ("setup",), context="setup")
    for key, schema in SETUP_ITEM_SCHEMAS.items():
        items = doc.get("setup", key)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                problems += schema.check(doc, ("setup", key, index), context=f"setup {key}")
    networks = doc.get("setup", "networks")
    for index, net in enumerate(networks if isinstance(networks, list) else []):
        if isinstance(net, dict):
            problems += [doc.problem(("setup", "networks", index), f"{rule} (setup networks)")
                         for rule in _pool_rules(net)]
    return problems


def _pool_rules(net: dict[str, Any]) -> list[str]:
    """Docker's rules on a setup network's addresses (the lab creates it with them)."""
    values = {key: net.get(key) for key in ("subnet", "ip_range", "gateway")}
    if not all(v is None or isinstance(v, str) for v in values.values()):
        return []  # a wrong type is reported by the schema
    orphans = [f"« {key} » demande aussi « subnet »" for key in ("ip_range", "gateway")
               if values[key] and not values["subnet"]]
    return orphans + address_rules(values["subnet"], values["ip_range"], values["gateway"])


def _parse_step(doc: YamlDoc, index: int) -> tuple[Step | None, list[Problem]]:
    where = ("steps", index)
    raw = doc.get(*where)
    step_id = raw.get("id")
    context = f"étape « {step_id} »" if isinstance(step_id, str) else f"étape {index + 1}"
    problems = STEP_SCHEMA.check(doc, where, context=context)
    checks: list[CheckSpec] = []
    raw_checks = raw.get("checks")
    for number, item in enumerate(raw_checks if isinstance(raw_checks, list) else []):
        if isinstance(item, dict):
            spec, found = _parse_check(doc, (*where, "checks", number), context)
            problems.extend(found)
            if spec is not None:
                checks.append(spec)
    if problems:
        return None, problems
    return Step(
        id=raw["id"], title=raw["title"].strip(), instructions=raw["instructions"],
        checks=tuple(checks), hints=tuple(raw.get("hints") or ()),
        solution=tuple(raw.get("solution") or ()), slides=tuple(raw.get("slides") or ()),
    ), []


def _parse_check(doc: YamlDoc, where: tuple[Any, ...], context: str
                 ) -> tuple[CheckSpec | None, list[Problem]]:
    raw = doc.get(*where)
    name = raw.get("kind")
    if name is None:
        return None, [doc.problem(where, f"vérification sans « kind » ({context})")]
    if not isinstance(name, str):
        return None, [doc.problem((*where, "kind"), f"« kind » doit être un texte, trouvé : "
                                                    f"{type_name(name)} ({context})")]
    kind = get_kind(str(name))
    if kind is None:
        return None, [doc.problem((*where, "kind"), f"{unknown_kind_message(name)} ({context})")]
    schema = Schema((Field("kind", str, required=True), *kind.fields))
    problems = schema.check(doc, where, context=f"{context}, vérification {name}")
    if problems:
        return None, problems
    try:
        check = kind.bind(raw)  # parsed once, here, after validation
        rules = check.rules()
    except Exception:  # a kind's bug must not hide the file's other problems
        return None, [doc.problem(where, (
            f"vérification {name} : erreur interne de docker-lab en lisant ses paramètres "
            f"(merci de signaler ce fichier) ({context})"))]
    problems = [doc.problem(where, f"vérification {name} : {rule} ({context})") for rule in rules]
    line = doc.value_pos(*where)[0]
    return (CheckSpec(check, line) if not problems else None), problems


def parse_check(raw: Mapping[str, object], context: str = "vérification"
                ) -> tuple[CheckSpec | None, list[Problem]]:
    """Validate and parse one check written as a mapping (``{"kind": "network", …}``).

    The same rules and messages as in an exercise file, placed at ``<vérification>:1:1``:
    for checks built in code (tests, benchmarks).
    """
    return _parse_check(YamlDoc(Path("<vérification>"), dict(raw)), (), context)


def _mentioned(doc: YamlDoc) -> tuple[Refs, str]:
    """What the setup and solutions create or name, and every instruction text."""
    total = setup_refs(doc.get("setup"))
    texts = _texts(doc.get("introduction"))
    steps = doc.get("steps")
    for step in steps if isinstance(steps, list) else []:
        if not isinstance(step, dict):
            continue
        solution = _texts(step.get("solution"))
        total = total | command_refs(solution) | compose_refs(solution)
        texts += [*_texts(step.get("instructions")), *_texts(step.get("hints"))]
    return total, "\n".join(texts)


def _well_typed(kind: CheckKind[Any], raw: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a check whose type is right (a wrong one is reported by the schema).

    ``networks: app-net`` (a text where a list is expected) is then one problem about
    its type, not one « unknown network » per letter.
    """
    fields = {f.name: f for f in kind.fields}
    kept = {}
    for key, value in raw.items():
        spec = fields.get(key)
        if (spec is not None and not (is_instance(value, spec.types) and (
                spec.items is None or not isinstance(value, list)
                or all(is_instance(item, spec.items) for item in value)))) or not _text_keys(value):
            continue
        kept[key] = value
    return kept


def _text_keys(value: Any) -> bool:
    """Whether every mapping in a value has text keys (``{null: x}`` is reported elsewhere)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _text_keys(v) for k, v in value.items())
    return all(map(_text_keys, value)) if isinstance(value, list) else True


def _texts(value: Any) -> list[str]:
    """The texts of a value that should be a text or a list of texts (any shape accepted)."""
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _words(text: str) -> frozenset[str]:
    """Every name the text mentions: what ``(?<![\\w.-])NAME(?![\\w-])`` would find.

    A name starts a run of ``[\\w.-]`` and ends at the run's end or before one of its
    dots (« web. » at the end of a sentence); names longer than :data:`MAX_NAME` (more
    than DNS allows) are not looked for. Found once for the whole text: a search per
    name took a minute for 5,000 checks over 1 MB of instructions.
    """
    found: set[str] = set()
    for run in re.finditer(r"[\w.-]+", text):
        word = run.group()
        found.add(word)
        found.update(word[:dot.start()] for dot in re.finditer(r"\.", word[:MAX_NAME + 1]))
    return frozenset(found)


#: Longest name :func:`_words` finds inside a longer run (a DNS name has at most 253).
MAX_NAME = 255


def _check_references(doc: YamlDoc) -> list[Problem]:
    known, all_text = _mentioned(doc)
    text = _words(all_text)
    problems: list[Problem] = []
    steps = doc.get("steps")
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        checks = step.get("checks") if isinstance(step, dict) else None
        for number, raw in enumerate(checks if isinstance(checks, list) else []):
            kind = get_kind(str(raw.get("kind"))) if isinstance(raw, dict) else None
            if kind is None:
                continue
            problems += _unknown_names(doc, ("steps", index, "checks", number), kind, raw,
                                       known, text)
    return problems


#: What a check may name, how to say it, and the roles a name may be created under.
_ROLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("containers", "le container", ("containers",)),
    ("networks", "le réseau", ("networks",)),
    ("volumes", "le volume", ("volumes",)),
    ("aliases", "le nom DNS", ("containers", "aliases")),
)
_CREATED_AS = {"containers": "un container (--name)", "networks": "un réseau",
               "volumes": "un volume", "aliases": "un alias réseau (--network-alias, --alias "
               "ou service Compose)"}


def _unknown_names(doc: YamlDoc, where: tuple[Any, ...], kind: CheckKind[Any],
                   raw: dict[str, Any], known: Refs, text: frozenset[str]) -> list[Problem]:
    named = kind.best_effort_references(_well_typed(kind, raw))  # the check may be invalid
    problems = []
    for role, what, accepted in _ROLES:
        have = frozenset[str]().union(*(getattr(known, r) for r in accepted))
        have = have | MODES if role == "networks" else have
        for name in sorted(getattr(named, role) - have):
            other = [r for r in _CREATED_AS if r not in accepted and name in getattr(known, r)]
            if other:
                problems.append(doc.problem(where, (
                    f"{what} « {name} » : les étapes ne le créent que comme "
                    f"{_CREATED_AS[other[0]]}, pas sous ce rôle ; la vérification « {kind.name} » "
                    f"ne pourra jamais le trouver (un nom DNS se vérifie avec kind: resolves).")))
            elif name not in text:
                problems.append(doc.problem(where, (
                    f"{what} « {name} » n'est créé par aucune étape (setup ou solution) ni "
                    f"mentionné dans les consignes : faute de frappe ?")))
    return problems
