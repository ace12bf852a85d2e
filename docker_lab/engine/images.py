"""The images the course uses, and ``docker-lab setup``: make every one runnable.

- Official images (``alpine``, ``nginx:alpine``, ``postgres:13``, ``redis:alpine``,
  ``prom/prometheus``; ``nicolaka/netshoot`` as ``docker-lab/diagnostic``) come the
  way :mod:`.imagepath` chooses: pulled from a registry with progress per layer;
  offline on a Debian-like host, stand-ins from host programs, labelled
  ``docker-lab.standin=true``; else nothing, and setup says what to do. An
  instructor's bundle (:mod:`.imagebundle`) is the other way in.
- The course's own images (``mon-api``, ``mon-webapp``, ``mon-worker``) are built
  by the engine from their Dockerfile over the official base
  (:mod:`.imagedockerfile`), whatever provided that base.
- The tools image ``docker-lab/outils`` is built locally (:mod:`.labimage`).
- Every image setup makes carries ``docker-lab.image=<its name>``
  (:data:`~docker_lab.engine.labels.IMAGE`), never the container labels; an image
  of the same name setup did not make (e.g. the user's real ``nginx:alpine``) is
  never replaced.
- A build is skipped when the image's ``docker-lab.fingerprint`` label matches.

Progress goes to a *report* callback as :class:`Started`, :class:`Line`,
:class:`~docker_lab.engine.imagepull.LayerEvent`, :class:`Chosen` and
:class:`Finished` events; the command turns them into French text or bars.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from docker_lab.engine import imagerecipes as r
from docker_lab.engine.cancel import CancelToken, SetupCancelled, check
from docker_lab.engine.errors import EngineError
from docker_lab.engine.imagebuild import (
    ImageFacts,
    build_context,
    build_over,
    build_plan,
    inspect,
    remove_quietly,
)
from docker_lab.engine.imagecontext import BuildPlan
from docker_lab.engine.imagedockerfile import MON_API, MON_WEBAPP, MON_WORKER, DockerRecipe
from docker_lab.engine.imageevents import Chosen, Finished, Line, Report, Started
from docker_lab.engine.imagepath import REGISTRY, SetupPath, choose_path, standin_problem
from docker_lab.engine.imagepull import pull, registry_answers
from docker_lab.engine.imagetools import diagnostic
from docker_lab.engine.labels import (
    DIAGNOSTIC_IMAGE,
    DIAGNOSTIC_UPSTREAM,
    IMAGE,
    LAB_IMAGE,
    STANDIN,
    made_by_setup,
)

FINGERPRINT = "docker-lab.fingerprint"
DESCRIPTION = "docker-lab.description"


@dataclass(frozen=True)
class ImageSpec:
    """One image the course uses.

    Attributes:
        name: canonical name with its tag (``postgres:13``).
        recipe: the host stand-in's build plan (``None``: not a stand-in).
        description: French text stored in the ``docker-lab.description`` label.
        upstream: True for images that exist in a registry (stand-in when offline).
        aliases: other names given to the same image (``nginx:latest``).
        labels: extra labels for the built image (tests add ``docker-lab.test``).
        pull_from: with a registry, pull this image instead of *name* and build
            *name* over it (``FROM pull_from`` plus setup's labels); offline,
            *recipe* builds the stand-in as for any upstream image.
        dockerfile: the course's own image, built from this Dockerfile over its base.
    """

    name: str
    recipe: Callable[[BuildPlan], None] | None
    description: str
    upstream: bool = False
    aliases: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    pull_from: str | None = None
    dockerfile: DockerRecipe | None = None

    @property
    def source(self) -> str:
        """The image a registry is asked for."""
        return self.pull_from or self.name


CATALOGUE: tuple[ImageSpec, ...] = (
    ImageSpec(LAB_IMAGE, None, "Outils du lab (busybox) : sondes et tests."),
    ImageSpec("alpine:latest", r.alpine,
              "Remplaçant de alpine : shell busybox (sans apk), nc -z.", upstream=True),
    ImageSpec("nginx:alpine", r.nginx,
              "Remplaçant de nginx:alpine : nginx-light de Debian, HTTP 80 et HTTPS 443.",
              upstream=True, aliases=("nginx:latest",)),
    ImageSpec("postgres:13", r.postgres,
              "Remplaçant de postgres:13 : PostgreSQL 15 de Debian sur le port 5432, "
              "POSTGRES_PASSWORD obligatoire comme dans l'image officielle.", upstream=True),
    ImageSpec("redis:alpine", r.redis,
              "Remplaçant de redis:alpine : redis-server de Debian sur le port 6379, "
              "données dans /data.", upstream=True),
    ImageSpec("prom/prometheus:latest", r.prometheus,
              "Remplaçant de prom/prometheus : Prometheus de Debian sur le port 9090.",
              upstream=True),
    ImageSpec(DIAGNOSTIC_IMAGE, diagnostic,
              "Remplaçant de nicolaka/netshoot : outils de diagnostic réseau (tcpdump, nmap, "
              "iperf3, dig, nslookup, curl, nc -z, ip, ss, ping, openssl) dans un shell bash.",
              upstream=True, pull_from=DIAGNOSTIC_UPSTREAM),
    ImageSpec("mon-api:latest", None,
              "mon-api : API HTTP du cours sur le port 8080, avec ping, nslookup et nc -z.",
              dockerfile=MON_API),
    ImageSpec("mon-webapp:latest", None,
              "mon-webapp : site web du cours (nginx) sur les ports 80 et 3000.",
              dockerfile=MON_WEBAPP),
    ImageSpec("mon-worker:latest", None,
              "mon-worker : travailleur en boucle (une tâche toutes les 5 s).",
              dockerfile=MON_WORKER),
)


def normalise(name: str) -> str:
    """Return *name* with its tag (``nginx`` -> ``nginx:latest``)."""
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


class UnknownImage(EngineError):
    """``--only`` named an image the course does not use."""


def select(
    only: list[str] | None, catalogue: Sequence[ImageSpec] | None = None
) -> list[ImageSpec]:
    """Return the entries of *catalogue* (default :data:`CATALOGUE`) named in *only*.

    All of them when *only* is empty; in catalogue order (bases first).

    Raises:
        UnknownImage: a name is not in the catalogue.
    """
    specs = CATALOGUE if catalogue is None else catalogue
    if not only:
        return list(specs)
    chosen: list[ImageSpec] = []
    for raw in only:
        wanted = normalise(raw)
        spec = next((s for s in specs if wanted in (s.name, *s.aliases)), None)
        if spec is None and ":" not in raw.rsplit("/", 1)[-1]:  # « postgres » = postgres:13
            spec = next((s for s in specs if s.name.rpartition(":")[0] == raw), None)
        if spec is None:
            known = ", ".join(s.name for s in specs)
            raise UnknownImage(f"Image inconnue : « {raw} ».", f"Images du cours : {known}")
        if spec not in chosen:
            chosen.append(spec)
    return sorted(chosen, key=list(specs).index)


def plan_for(spec: ImageSpec) -> BuildPlan:
    """Return the build plan of *spec*'s stand-in (metadata only; nothing is read yet)."""
    plan = BuildPlan(spec.name)
    if spec.recipe is not None:
        spec.recipe(plan)
    return plan


def labels_for(spec: ImageSpec, fingerprint: str, standin: bool = False) -> dict[str, str]:
    """Return the labels of an image setup makes for *spec*."""
    labels = {IMAGE: spec.name, FINGERPRINT: fingerprint, DESCRIPTION: spec.description,
              "org.opencontainers.image.description": spec.description}
    if standin:
        labels[STANDIN] = "true"
    labels.update(spec.labels)
    return labels


def over_fingerprint(spec: ImageSpec) -> str:
    """The fingerprint label of *spec* built over its pulled ``pull_from`` image."""
    return f"from:{spec.pull_from}"


def labels_over(spec: ImageSpec) -> dict[str, str]:
    """Return the labels of *spec* built over its pulled ``pull_from`` image."""
    what = f"{spec.pull_from} (image officielle) sous le nom {spec.name}."
    labels = labels_for(spec, over_fingerprint(spec))
    labels[DESCRIPTION] = labels["org.opencontainers.image.description"] = what
    return labels


def _pull_one(client: Any, spec: ImageSpec, current: ImageFacts | None,
              report: Report, cancel: CancelToken | None) -> str | None:
    """Pull *spec* (and name it); return the French detail, or None when it failed."""
    report(Started(spec.name, "téléchargement"))
    try:
        pull(client, spec.source, report, cancel)
        if spec.pull_from:
            build_over(client, spec.pull_from, spec.name, labels_over(spec), cancel)
    except EngineError as exc:
        report(Line(spec.name, exc.message))
        return None
    for alias in spec.aliases:
        remove_quietly(client, alias, only_standin=True)
    if current is not None:
        remove_quietly(client, current.id)
    if spec.pull_from:
        return f"image officielle {spec.pull_from} téléchargée, sous ce nom"
    return "image officielle téléchargée"


def _timer(client: Any, spec: ImageSpec) -> Callable[..., Finished]:
    start = time.monotonic()

    def done(status: str, detail: str, missing: tuple[str, ...] = ()) -> Finished:
        facts = inspect(client, spec.name)
        return Finished(spec.name, status, detail, time.monotonic() - start,
                        facts.size if facts else None, missing)

    return done


def _ensure_own(client: Any, spec: ImageSpec, recipe: DockerRecipe, report: Report,
                cancel: CancelToken | None) -> Finished:
    """Build a course image from its Dockerfile over its base (which must be present)."""
    done = _timer(client, spec)
    current = inspect(client, spec.name)
    if current is not None and not made_by_setup(current.labels, (spec.name,)):
        return done("kept", "déjà présente, conservée telle quelle (la vôtre : docker-lab "
                    "ne la remplace pas)")
    base = inspect(client, recipe.base)
    if base is None:
        return done("unavailable", f"son image de base {recipe.base} est absente")
    fingerprint = recipe.fingerprint(base.id)
    kind = "remplaçant local" if base.labels.get(STANDIN) == "true" else "image officielle"
    if current is not None and current.labels.get(FINGERPRINT) == fingerprint:
        return done("uptodate", f"déjà à jour (Dockerfile sur {recipe.base}, {kind})")
    report(Started(spec.name, "construction"))
    try:
        build_context(client, spec.name, recipe.context(), labels_for(spec, fingerprint),
                      cancel)
    except EngineError as exc:
        return done("failed", exc.message)
    return done("built", f"construite par Dockerfile sur {recipe.base} ({kind})")


def _ensure_upstream(client: Any, spec: ImageSpec, path: SetupPath, report: Report,
                     cancel: CancelToken | None) -> Finished:
    done = _timer(client, spec)
    current = inspect(client, spec.name)
    if current is not None and not made_by_setup(current.labels, (spec.name, *spec.aliases)):
        return done("kept", "déjà présente, conservée telle quelle (image officielle ou "
                    "la vôtre : docker-lab ne la remplace pas)")
    if current is not None and spec.pull_from and \
            current.labels.get(FINGERPRINT) == over_fingerprint(spec):
        return done("uptodate", f"déjà présente ({spec.pull_from})")
    if path.kind == REGISTRY and (current is None or current.labels.get(STANDIN) == "true"):
        pulled = _pull_one(client, spec, current, report, cancel)
        if pulled is not None:
            return done("pulled", pulled)
        if path.can_standin:
            report(Line(spec.name, "construction d'un remplaçant local"))
    if path.can_standin:
        return _build_standin(client, spec, current, report, cancel)
    if current is not None:
        return done("uptodate", "déjà présente (remplaçant local)")
    why = "le téléchargement a échoué" if path.kind == REGISTRY else "aucun registre ne répond"
    return done("unavailable", f"absente : {why} et aucun remplaçant ne peut être "
                "construit sur cette machine")


def _build_standin(client: Any, spec: ImageSpec, current: ImageFacts | None,
                   report: Report, cancel: CancelToken | None) -> Finished:
    done = _timer(client, spec)
    plan = plan_for(spec)
    if plan.missing:
        pkgs = " ".join(plan.missing)
        return done("missing", f"paquet Debian manquant : {pkgs} (sudo apt-get install {pkgs})",
                    tuple(plan.missing))
    fingerprint = plan.fingerprint()
    if current is not None and current.labels.get(FINGERPRINT) == fingerprint and \
            all(inspect(client, a) is not None for a in spec.aliases):
        return done("uptodate", "; ".join(["déjà à jour (remplaçant local)", *plan.notes]))
    report(Started(spec.name, "construction"))
    try:
        with tempfile.TemporaryFile(prefix="docker-lab-context-") as ctx:
            build_plan(client, plan, ctx, labels_for(spec, fingerprint, standin=True),
                       spec.aliases, cancel)
    except EngineError as exc:
        return done("failed", exc.message)
    detail = f"remplaçant construit ({spec.description.split(' : ', 1)[-1].rstrip('.')})"
    return done("built", "; ".join([detail, *plan.notes]))


def _ensure_tools(client: Any, spec: ImageSpec, report: Report) -> Finished:
    from docker_lab.engine.labimage import LabImageError, ensure_lab_image

    done = _timer(client, spec)
    existed = inspect(client, spec.name) is not None
    if not existed:
        report(Started(spec.name, "construction"))
    try:
        ensure_lab_image(client)
    except LabImageError as exc:
        return done("unavailable", exc.message)
    return done("uptodate" if existed else "built",
                "déjà présente (outils du lab)" if existed else "construite (outils du lab)")


def with_bases(client: Any, specs: list[ImageSpec],
               catalogue: Sequence[ImageSpec] | None = None) -> list[ImageSpec]:
    """*specs* plus the absent bases of the course images among them, bases first."""
    every = list(CATALOGUE if catalogue is None else catalogue)
    wanted = list(specs)
    for spec in specs:
        if spec.dockerfile is not None and inspect(client, spec.dockerfile.base) is None:
            base = next((s for s in every if s.name == spec.dockerfile.base), None)
            if base is not None and base not in wanted:
                wanted.append(base)
    return sorted(wanted, key=lambda s: every.index(s) if s in every else len(every))


def to_fetch(client: Any, specs: Sequence[ImageSpec]) -> list[ImageSpec]:
    """The official images among *specs* that are absent or only stand-ins."""
    out = []
    for spec in specs:
        if not spec.upstream:
            continue
        facts = inspect(client, spec.name)
        if facts is None or facts.labels.get(STANDIN) == "true":
            out.append(spec)
    return out


def plan_path(client: Any, specs: Sequence[ImageSpec], offline: bool) -> SetupPath:
    """Choose the way to get the official images among *specs* (asks the registry once)."""
    fetch = to_fetch(client, specs)
    absent = [s.name for s in fetch if inspect(client, s.name) is None]
    registry_error = None
    if fetch and not offline:
        registry_error = registry_answers(client, fetch[0].source)
    problem = standin_problem(client.api.info())
    return choose_path(offline, [s.name for s in fetch], absent, registry_error, problem)


def _ensure(client: Any, spec: ImageSpec, path: SetupPath, report: Report,
            cancel: CancelToken | None) -> Finished:
    check(cancel)
    if spec.dockerfile is not None:
        return _ensure_own(client, spec, spec.dockerfile, report, cancel)
    if spec.upstream:
        return _ensure_upstream(client, spec, path, report, cancel)
    return _ensure_tools(client, spec, report)


def run_setup(
    client: Any, offline: bool = False, only: list[str] | None = None,
    report: Report = lambda _event: None, catalogue: Sequence[ImageSpec] | None = None,
    cancel: CancelToken | None = None,
) -> list[Finished]:
    """Make the course's images runnable; return one :class:`Finished` per image.

    Args:
        client: a ``docker.DockerClient``.
        offline: never contact a registry; build stand-ins for upstream images.
        only: restrict to these image names (``--only``), plus their absent bases.
        report: receives :class:`Chosen`, :class:`Started`, :class:`Line`,
            layer events and :class:`Finished`.
        catalogue: the images to consider (default :data:`CATALOGUE`).
        cancel: checked between steps; once set, setup stops before the next
            image (or during a pull or build, leaving that image's name as it
            was) and returns the images finished so far.

    Raises:
        UnknownImage: *only* names an image the course does not use.
        EngineError: the daemon cannot be used (unreachable, refused...).
    """
    specs = with_bases(client, select(only, catalogue), catalogue)
    path = plan_path(client, specs, offline)
    report(Chosen(path))
    results: list[Finished] = []
    for spec in specs:
        try:
            result = _ensure(client, spec, path, report, cancel)
        except SetupCancelled:
            report(Line("", "Préparation annulée : les images restantes ne sont pas faites."))
            break
        report(result)
        results.append(result)
    return results
