"""The images the course uses, and ``docker-lab setup``: make every one runnable.

- The lab's own images (``mon-api``, ``mon-webapp``, ``mon-worker``) and the
  busybox tools image are always built locally.
- The diagnosis image (``docker-lab/diagnostic``) is ``nicolaka/netshoot`` under
  the course's name when a registry answers, else a stand-in (:mod:`.imagetools`).
- Upstream images (``nginx:alpine``, ``postgres:13``, ``redis:alpine``,
  ``prom/prometheus``, ``alpine``) are pulled, with visible progress, when a
  registry answers; offline, or when none answers, a stand-in is built under the
  same name from Debian packages of the host (see :mod:`.imagerecipes`).
- An image of the same name that setup did not build (no ``docker-lab.setup``
  label: e.g. the user's real ``nginx:alpine``) is never replaced.
- A build is skipped when the image's ``docker-lab.fingerprint`` label matches
  its recipe, so a second run takes about a second.

Progress goes to a *report* callback as :class:`Started`, :class:`Line` and
:class:`Finished` events; the command turns them into French text.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from docker_lab.engine import imagerecipes as r
from docker_lab.engine.errors import EngineError
from docker_lab.engine.imagebuild import ImageFacts, build_over, build_plan, inspect, remove_quietly
from docker_lab.engine.imagecontext import BuildPlan
from docker_lab.engine.imagepull import pull, registry_answers
from docker_lab.engine.imagetools import diagnostic
from docker_lab.engine.labels import (
    DIAGNOSTIC_IMAGE,
    DIAGNOSTIC_UPSTREAM,
    LAB_IMAGE,
    SETUP,
    STANDIN,
)

FINGERPRINT = "docker-lab.fingerprint"
DESCRIPTION = "docker-lab.description"


@dataclass(frozen=True)
class ImageSpec:
    """One image the course uses.

    Attributes:
        name: canonical name with its tag (``postgres:13``).
        recipe: fills the build plan (``None``: built by :mod:`.labimage`).
        description: French text stored in the ``docker-lab.description`` label.
        upstream: True for images that exist in a registry (stand-in when offline).
        aliases: other names given to the same image (``nginx:latest``).
        labels: extra labels for the built image (tests add ``docker-lab.test``).
        pull_from: with a registry, pull this image instead of *name* and build
            *name* over it (``FROM pull_from`` plus setup's labels); offline,
            *recipe* builds the stand-in as for any upstream image.
    """

    name: str
    recipe: Callable[[BuildPlan], None] | None
    description: str
    upstream: bool = False
    aliases: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    pull_from: str | None = None

    @property
    def source(self) -> str:
        """The image a registry is asked for."""
        return self.pull_from or self.name


CATALOGUE: tuple[ImageSpec, ...] = (
    ImageSpec(LAB_IMAGE, None, "Outils du lab (busybox) : sondes et tests."),
    ImageSpec("mon-api:latest", r.mon_api,
              "mon-api : API HTTP du cours sur le port 8080, avec ping, nslookup et nc -z."),
    ImageSpec("mon-webapp:latest", r.mon_webapp,
              "mon-webapp : site web du cours (nginx) sur les ports 80 et 3000."),
    ImageSpec("mon-worker:latest", r.mon_worker,
              "mon-worker : travailleur en boucle (une tâche toutes les 5 s)."),
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
    ImageSpec("alpine:latest", r.alpine,
              "Remplaçant de alpine : shell busybox (sans apk).", upstream=True),
    ImageSpec(DIAGNOSTIC_IMAGE, diagnostic,
              "Remplaçant de nicolaka/netshoot : outils de diagnostic réseau (tcpdump, nmap, "
              "iperf3, dig, nslookup, curl, nc -z, ip, ss, ping, openssl) dans un shell bash.",
              upstream=True, pull_from=DIAGNOSTIC_UPSTREAM),
)


@dataclass(frozen=True)
class Started:
    """Work on *name* begins (*action* is French: « construction », « téléchargement »)."""

    name: str
    action: str


@dataclass(frozen=True)
class Line:
    """A progress line for *name* (e.g. a layer of a pull)."""

    name: str
    text: str


@dataclass(frozen=True)
class Finished:
    """The outcome for one image.

    ``status`` is one of ``built``, ``uptodate``, ``pulled``, ``kept`` (an image
    setup did not make is left alone), ``missing`` (host packages absent),
    ``failed``; ``ok`` tells whether the image is now runnable.
    """

    name: str
    status: str
    detail: str
    seconds: float
    size: int | None = None
    missing: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the image is runnable after setup."""
        return self.status in ("built", "uptodate", "pulled", "kept")


Report = Callable[[object], None]


def normalise(name: str) -> str:
    """Return *name* with its tag (``nginx`` -> ``nginx:latest``)."""
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


class UnknownImage(EngineError):
    """``--only`` named an image the course does not use."""


def select(
    only: list[str] | None, catalogue: Sequence[ImageSpec] | None = None
) -> list[ImageSpec]:
    """Return the entries of *catalogue* (default :data:`CATALOGUE`) named in *only*.

    All of them when *only* is empty.

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
    return chosen


def plan_for(spec: ImageSpec) -> BuildPlan:
    """Return the build plan of *spec* (metadata only; nothing is read yet)."""
    plan = BuildPlan(spec.name)
    if spec.recipe is not None:
        spec.recipe(plan)
    return plan


def labels_for(spec: ImageSpec, fingerprint: str) -> dict[str, str]:
    """Return the labels of an image setup builds for *spec*."""
    labels = {"docker-lab.managed": "true", SETUP: "true", FINGERPRINT: fingerprint,
              DESCRIPTION: spec.description,
              "org.opencontainers.image.description": spec.description}
    if spec.upstream:
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
    labels[STANDIN] = "false"  # not inherited from the base image either
    labels[DESCRIPTION] = labels["org.opencontainers.image.description"] = what
    return labels


def _pull_one(client: Any, spec: ImageSpec, current: ImageFacts | None,
              report: Report) -> str | None:
    """Pull *spec* (and name it); return the French detail, or None when it failed."""
    report(Started(spec.name, "téléchargement"))
    try:
        pull(client, spec.source, lambda text: report(Line(spec.name, text)))
        if spec.pull_from:
            build_over(client, spec.pull_from, spec.name, labels_over(spec))
    except EngineError as exc:
        report(Line(spec.name, f"{exc.message} — construction d'un remplaçant local"))
        return None
    for alias in spec.aliases:
        remove_quietly(client, alias, only_standin=True)
    if current is not None:
        remove_quietly(client, current.id)
    if spec.pull_from:
        return f"image officielle {spec.pull_from} téléchargée, sous ce nom"
    return "image officielle téléchargée"


def _ensure_one(
    client: Any, spec: ImageSpec, offline_reason: str | None, report: Report
) -> Finished:
    start = time.monotonic()

    def done(status: str, detail: str, missing: tuple[str, ...] = ()) -> Finished:
        facts = inspect(client, spec.name)
        return Finished(spec.name, status, detail, time.monotonic() - start,
                        facts.size if facts else None, missing)

    if spec.recipe is None:  # the tools image: H3's builder
        from docker_lab.engine.labimage import ensure_lab_image

        existed = inspect(client, spec.name) is not None
        if not existed:
            report(Started(spec.name, "construction"))
        ensure_lab_image(client)
        return done("uptodate" if existed else "built",
                    "déjà présente (outils du lab)" if existed else "construite (outils du lab)")
    current = inspect(client, spec.name)
    if current is not None and current.labels.get(SETUP) != "true":
        return done("kept", "déjà présente, conservée telle quelle (image officielle ou "
                    "la vôtre : docker-lab ne la remplace pas)")
    if current is not None and spec.pull_from and \
            current.labels.get(FINGERPRINT) == over_fingerprint(spec):
        return done("uptodate", f"déjà présente ({spec.pull_from})")
    if spec.upstream and offline_reason is None:
        pulled = _pull_one(client, spec, current, report)
        if pulled is not None:
            return done("pulled", pulled)
    plan = plan_for(spec)
    if plan.missing:
        pkgs = " ".join(plan.missing)
        return done("missing", f"paquet Debian manquant : {pkgs} (sudo apt-get install {pkgs})",
                    tuple(plan.missing))
    fingerprint = plan.fingerprint()
    if current is not None and current.labels.get(FINGERPRINT) == fingerprint:
        aliases_ok = all(inspect(client, a) is not None for a in spec.aliases)
        if aliases_ok:
            return done("uptodate", "; ".join(["déjà à jour", *plan.notes]))
    report(Started(spec.name, "construction"))
    try:
        with tempfile.TemporaryFile(prefix="docker-lab-context-") as ctx:
            build_plan(client, plan, ctx, labels_for(spec, fingerprint), spec.aliases)
    except EngineError as exc:
        return done("failed", exc.message)
    what = "remplaçant construit" if spec.upstream else "construite"
    detail = f"{what} ({spec.description.split(' : ', 1)[-1].rstrip('.')})"
    return done("built", "; ".join([detail, *plan.notes]))


def run_setup(
    client: Any, offline: bool = False, only: list[str] | None = None,
    report: Report = lambda _event: None, catalogue: Sequence[ImageSpec] | None = None,
) -> list[Finished]:
    """Make the course's images runnable; return one :class:`Finished` per image.

    Args:
        client: a ``docker.DockerClient``.
        offline: never contact a registry; build stand-ins for upstream images.
        only: restrict to these image names (``--only``).
        report: receives :class:`Started`, :class:`Line` and :class:`Finished` events.
        catalogue: the images to consider (default :data:`CATALOGUE`).

    Raises:
        UnknownImage: *only* names an image the course does not use.
        EngineError: the daemon cannot be used (unreachable, refused...).
    """
    specs = select(only, catalogue)
    offline_reason: str | None = "mode hors ligne demandé" if offline else None
    if not offline:
        first = next((s for s in specs if s.upstream and _needs_pull(client, s)), None)
        if first is not None:
            why = registry_answers(client, first.source)
            if why is not None:
                offline_reason = f"aucun registre ne répond ({why})"
                report(Line("", "Aucun registre ne répond : les images officielles sont "
                            f"remplacées par des images construites localement. ({why})"))
    results = []
    for spec in specs:
        result = _ensure_one(client, spec, offline_reason, report)
        report(result)
        results.append(result)
    return results


def _needs_pull(client: Any, spec: ImageSpec) -> bool:
    facts = inspect(client, spec.name)
    return facts is None or facts.labels.get(STANDIN) == "true"
