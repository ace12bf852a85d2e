"""Reading an image bundle before anything is loaded (pure: a file in, facts or a French error).

A bundle is what ``docker save`` writes for every image of the course, with one
more member at its end, :data:`MANIFEST` (JSON)::

    {"format": 1, "architecture": "x86_64",
     "images": [{"name": "mon-api:latest", "id": "sha256:…"}, …],
     "files": {"<member of the archive>": "<sha256 of its content>", …}}

``docker load -i BUNDLE`` still works by hand (the engine ignores the extra
member). :func:`read_bundle` reads the whole archive once: every member's
checksum, Docker's own ``manifest.json`` (each image's configuration and every
layer present), the image ids (the configuration's digest), and the course's
names; it raises :class:`BundleError` naming the first problem.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import tarfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from docker_lab.engine.errors import EngineError

MANIFEST = "docker-lab-bundle.json"
FORMAT = 1
CHUNK = 1 << 20


class BundleError(EngineError):
    """The bundle cannot be used (truncated, foreign, incomplete); nothing was loaded."""


@dataclass(frozen=True)
class BundleImage:
    """One image of a bundle: its course name and its id (``sha256:…``)."""

    name: str
    id: str


@dataclass(frozen=True)
class Bundle:
    """What a verified bundle holds."""

    images: tuple[BundleImage, ...]
    architecture: str
    size: int

    def names(self) -> list[str]:
        """The images' names."""
        return [i.name for i in self.images]


def manifest_text(images: Iterable[BundleImage], architecture: str,
                  files: dict[str, str]) -> bytes:
    """The :data:`MANIFEST` member written at the end of a bundle."""
    doc = {"format": FORMAT, "architecture": architecture,
           "images": [{"name": i.name, "id": i.id} for i in images], "files": files}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _fail(path: Path, what: str, fix: str = "") -> BundleError:
    return BundleError(f"Archive d'images inutilisable ({path.name}) : {what}. Rien n'a été "
                       "chargé.", fix or "Demandez une nouvelle archive à votre formateur "
                       "(docker-lab setup --export FICHIER sur sa machine).")


def _hash_members(path: Path, fh: IO[bytes],
                  progress: Callable[[int], None]) -> tuple[dict[str, str], dict[str, bytes]]:
    """Checksums of every file member, and the small JSON members' content."""
    sums: dict[str, str] = {}
    small: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=fh, mode="r|") as tar:
            for member in tar:
                if member.issym() or member.islnk():  # a layer shared with another image
                    target = member.linkname if member.islnk() else posixpath.normpath(
                        posixpath.join(posixpath.dirname(member.name), member.linkname))
                    sums[member.name] = f"->{target}"
                if not member.isfile():
                    continue
                data = tar.extractfile(member)
                if data is None:
                    continue
                h = hashlib.sha256()
                keep = member.name in (MANIFEST, "manifest.json") or \
                    (member.name.endswith(".json") and member.size < (4 << 20))
                kept = bytearray()
                while chunk := data.read(CHUNK):
                    h.update(chunk)
                    if keep:
                        kept += chunk
                if keep:
                    small[member.name] = bytes(kept)
                sums[member.name] = h.hexdigest()
                progress(fh.tell())
    except (tarfile.ReadError, EOFError) as exc:
        if not sums:
            raise _fail(path, "ce fichier n'est pas une archive tar", "") from exc
        raise _fail(path, f"l'archive est tronquée ou abîmée ({exc})") from exc
    return sums, small


def read_bundle(path: Path, expected: Iterable[str],
                progress: Callable[[int, int], None] = lambda _d, _t: None) -> Bundle:
    """Verify the bundle at *path* completely; return what it holds.

    Args:
        path: the archive.
        expected: the image names the course needs (each must be in it).
        progress: called with (bytes read, file size) while reading.

    Raises:
        BundleError: the file is absent, not a tar, truncated, not a docker-lab
            bundle, lacks an image or a layer, or a checksum differs.
    """
    try:
        size = path.stat().st_size
        fh = path.open("rb")
    except OSError as exc:
        raise BundleError(f"Impossible de lire l'archive {path} : {exc.strerror or exc}.",
                          "Vérifiez le chemin du fichier.") from exc
    with fh:
        sums, small = _hash_members(path, fh, lambda done: progress(done, size))
    if MANIFEST not in small and any(m.endswith("/layer.tar") for m in sums):
        raise _fail(path, f"l'archive est incomplète, sans doute tronquée ({MANIFEST}, écrit "
                    "à la fin, manque)")
    if MANIFEST not in small:
        raise _fail(path, f"ce n'est pas une archive d'images docker-lab (pas de {MANIFEST} "
                    "dedans)")
    try:
        ours: dict[str, Any] = json.loads(small[MANIFEST])
        docker: list[dict[str, Any]] = json.loads(small.get("manifest.json", b"null")) or []
    except ValueError as exc:
        raise _fail(path, f"manifeste illisible ({exc})") from exc
    images = tuple(BundleImage(str(i["name"]), str(i["id"])) for i in ours.get("images", []))
    _check(path, ours, docker, sums, images, expected)
    return Bundle(images, str(ours.get("architecture", "?")), size)


def _check(path: Path, ours: dict[str, Any], docker: list[dict[str, Any]],
           sums: dict[str, str], images: tuple[BundleImage, ...], expected: Iterable[str]) -> None:
    if ours.get("format") != FORMAT:
        raise _fail(path, f"format {ours.get('format')} inconnu (attendu : {FORMAT})",
                    "Mettez docker-lab à jour sur les deux machines.")
    names = {i.name for i in images}
    absent = [n for n in expected if n not in names]
    if absent:
        raise _fail(path, "il manque " + ", ".join(absent))
    for member, digest in dict(ours.get("files") or {}).items():
        if member not in sums:
            raise _fail(path, f"le fichier {member} manque dans l'archive")
        if sums[member] != digest:
            raise _fail(path, f"le fichier {member} est abîmé (somme de contrôle différente)")
    by_config = {str(e.get("Config", "")): e for e in docker}
    for image in images:
        config = next((c for c, _ in by_config.items()
                       if sums.get(c) == image.id.removeprefix("sha256:")), None)
        if config is None:
            raise _fail(path, f"la configuration de l'image {image.name} manque")
        entry = by_config[config]
        if image.name not in (entry.get("RepoTags") or []):
            raise _fail(path, f"l'image {image.name} n'est pas nommée dans manifest.json")
        for layer in entry.get("Layers") or []:
            if _resolve(sums, layer) is None:
                raise _fail(path, f"une couche de l'image {image.name} manque ({layer})")


def _resolve(sums: dict[str, str], name: str) -> str | None:
    """The checksum of member *name*, following links to shared layers (None: absent)."""
    for _ in range(8):
        digest = sums.get(name)
        if digest is None or not digest.startswith("->"):
            return digest
        name = digest[2:]
    return None
