"""Image bundles for classrooms without a registry: ``setup --export`` / ``setup --import``.

Export: ``docker save`` of every image of the course (one archive, shared layers
once), streamed to ``FILE.partial`` with every member's checksum, then the
manifest (:mod:`.bundlecheck`) appended and the file renamed: an interrupted
export leaves no ``FILE``.

Import: the whole archive is verified first (:func:`~.bundlecheck.read_bundle`);
then it is streamed to the engine with its images named ``docker-lab-import:…``
(the ``manifest.json`` is rewritten on the way, ``repositories`` dropped), and
only once everything is loaded are the course's names moved onto them. A
failure at any point removes the temporary names: no image is left
half-loaded under a course name. An image of the same name that setup did not
make (the user's own) is kept, as ``setup`` does.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from docker_lab.engine.bundlecheck import (
    CHUNK,
    MANIFEST,
    Bundle,
    BundleError,
    BundleImage,
    manifest_text,
    read_bundle,
)
from docker_lab.engine.errors import EngineError
from docker_lab.engine.imagebuild import inspect
from docker_lab.engine.imageevents import Line, Report, Transfer
from docker_lab.engine.images import CATALOGUE
from docker_lab.engine.labels import made_by_setup

TEMP_REPO = "docker-lab-import"


def course_names() -> list[str]:
    """The names every bundle holds (the catalogue's, aliases excluded)."""
    return [s.name for s in CATALOGUE]


def export_bundle(client: Any, path: Path, report: Report = lambda _e: None) -> Bundle:
    """Write every image of the course to *path*; return what was written.

    Raises:
        BundleError: an image is absent (run ``docker-lab setup`` first) or the
            file cannot be written.
    """
    images = []
    for name in course_names():
        facts = inspect(client, name)
        if facts is None:
            raise BundleError(f"L'image {name} est absente : impossible de faire l'archive.",
                              "Préparez d'abord les images : docker-lab setup")
        images.append((BundleImage(name, facts.id), facts.size))
    estimate = sum(size for _, size in images)
    partial = path.with_name(path.name + ".partial")
    arch = str(client.api.info().get("Architecture", "?"))
    try:
        with partial.open("wb") as out:
            _copy_save(client, [i for i, _ in images], arch, out, estimate, report)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BundleError(f"Impossible d'écrire l'archive {path} : {exc.strerror or exc}.",
                          "Vérifiez le dossier et la place disponible.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    size = path.stat().st_size
    report(Transfer("écriture", size, size))
    return Bundle(tuple(i for i, _ in images), arch, size)


def _save_stream(client: Any, names: list[str]) -> Iterator[bytes]:
    """``GET /images/get?names=…``: what ``docker save A B …`` writes."""
    import docker.errors

    api = client.api
    res = api._get(api._url("/images/get"), params={"names": names}, stream=True)
    try:
        api._raise_for_status(res)
    except docker.errors.APIError as exc:
        raise BundleError(f"Le moteur refuse d'exporter les images : {exc.explanation}") from exc
    yield from res.iter_content(CHUNK)


class _Reader(io.RawIOBase):
    """A file object over a stream of chunks, counting bytes (for tarfile ``r|``)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._buf, self.count = chunks, b"", 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            nxt = next(self._chunks, None)
            if nxt is None:
                return 0
            self._buf = nxt
        n = min(len(b), len(self._buf))
        b[:n], self._buf = self._buf[:n], self._buf[n:]
        self.count += n
        return n


def _copy_save(client: Any, images: list[BundleImage], arch: str, out: IO[bytes],
               estimate: int, report: Report) -> None:
    """Copy the save stream member by member into *out*, then the manifest, last."""
    reader = _Reader(_save_stream(client, [i.name for i in images]))
    files: dict[str, str] = {}
    with tarfile.open(fileobj=io.BufferedReader(reader, CHUNK), mode="r|") as src, \
            tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as dst:
        for member in src:
            data = src.extractfile(member) if member.isfile() else None
            if data is None:
                dst.addfile(member)
                continue
            hashing = _Hashing(data)
            dst.addfile(member, hashing)
            files[member.name] = hashing.digest()
            report(Transfer("écriture", reader.count, max(estimate, reader.count)))
        text = manifest_text(images, arch, files)
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(text)
        dst.addfile(info, io.BytesIO(text))


class _Hashing:
    """A readable that hashes what passes through."""

    def __init__(self, src: IO[bytes]) -> None:
        self._src, self._h = src, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self._src.read(n)
        self._h.update(data)
        return data

    def digest(self) -> str:
        return self._h.hexdigest()


def import_bundle(client: Any, path: Path, report: Report = lambda _e: None) -> list[str]:
    """Verify then load the bundle at *path*; return the course names now present.

    Raises:
        BundleError: the bundle is unusable (nothing was loaded) or the engine
            refused it (the temporary names are removed).
    """
    bundle = read_bundle(path, course_names(),
                         lambda done, total: report(Transfer("vérification", done, total)))
    engine_arch = str(client.api.info().get("Architecture", "?"))
    if bundle.architecture not in ("?", engine_arch):
        report(Line("", f"Attention : archive faite pour {bundle.architecture}, ce moteur est "
                    f"{engine_arch} (les images tourneront en émulation, si elle est là)."))
    nonce = secrets.token_hex(4)
    temp = {img.name: f"{TEMP_REPO}:{nonce}-{n}" for n, img in enumerate(bundle.images)}
    try:
        _load(client, path, temp, bundle.size, report)
        return _name(client, bundle, temp, report)
    finally:
        for tag in temp.values():
            if inspect(client, tag) is not None:
                client.api.remove_image(tag, force=False, noprune=False)


def _retagged(path: Path, temp: dict[str, str], size: int,
              report: Report) -> Iterator[bytes]:
    """The bundle as a tar stream whose images are named by *temp* (for ``docker load``)."""
    with path.open("rb") as fh, tarfile.open(fileobj=fh, mode="r|") as src:
        for member in src:
            if member.name in ("repositories", MANIFEST):
                continue
            data = src.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json" and data is not None:
                entries = json.loads(data.read())
                for e in entries:
                    e["RepoTags"] = [temp[t] for t in e.get("RepoTags") or [] if t in temp]
                raw = json.dumps(entries).encode()
                member.size, data = len(raw), io.BytesIO(raw)
            yield member.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")
            if data is not None:
                while chunk := data.read(CHUNK):
                    yield chunk
                yield b"\0" * (-member.size % 512)
            report(Transfer("chargement", fh.tell(), size))
    yield b"\0" * 1024


def _load(client: Any, path: Path, temp: dict[str, str], size: int, report: Report) -> None:
    """``docker load`` the bundle with every image under its temporary name."""
    import docker.errors

    errors = []
    try:
        for item in client.api.load_image(_retagged(path, temp, size, report), quiet=True):
            if item.get("error"):
                errors.append(str(item["error"]))
    except docker.errors.APIError as exc:
        errors.append(str(exc.explanation or exc))
    if errors:
        raise BundleError(f"Le moteur a refusé l'archive : {errors[-1]}. Aucune image du "
                          "cours n'a été remplacée.")


def _name(client: Any, bundle: Bundle, temp: dict[str, str], report: Report) -> list[str]:
    """Give the course's names to the loaded images (the user's own images are kept)."""
    for image in bundle.images:
        loaded = inspect(client, temp[image.name])
        if loaded is None or loaded.id != image.id:
            raise EngineError(f"L'image {image.name} manque après le chargement.")
    done = []
    for image in bundle.images:
        current = inspect(client, image.name)
        if current is not None and current.id != image.id and \
                not made_by_setup(current.labels, current.tags):
            report(Line(image.name, "déjà présente et pas créée par docker-lab : conservée"))
            continue
        repo, _, tag = image.name.rpartition(":")
        client.api.tag(image.id, repo, tag, force=True)
        done.append(image.name)
    return done
