"""The course's own images, built by the engine from a Dockerfile over an official base.

``mon-api`` and ``mon-worker`` are ``FROM alpine:latest``, ``mon-webapp`` is
``FROM nginx:alpine``. Each one's folder in :mod:`docker_lab.engine.imagefiles`
(``Dockerfile`` and the files it copies) is the build context, sent as is: the
build takes nothing from the host, runs no ``RUN`` step, needs no network once
the base is present, and is the same for amd64 and arm64 engines (only shell
scripts and configuration go in). Whatever provides the base — a registry, an
instructor's bundle, or an offline stand-in — the recipe does not change.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

#: Bump when the way these images are built changes (forces a rebuild).
FORMAT_VERSION = "1"


@dataclass(frozen=True)
class DockerRecipe:
    """A folder of :mod:`docker_lab.engine.imagefiles` holding a Dockerfile.

    Attributes:
        folder: the folder's name (``mon-api``).
    """

    folder: str

    def _root(self) -> Traversable:
        return resources.files("docker_lab.engine.imagefiles").joinpath(self.folder)

    def files(self) -> dict[str, bytes]:
        """The build context's files by name (``Dockerfile`` included), sorted."""
        found = {f.name: f.read_bytes() for f in self._root().iterdir() if f.is_file()}
        return dict(sorted(found.items()))

    @property
    def dockerfile(self) -> str:
        """The Dockerfile's text."""
        return self.files()["Dockerfile"].decode("utf-8")

    @property
    def base(self) -> str:
        """The image named by the Dockerfile's ``FROM`` line."""
        return base_of(self.dockerfile)

    def context(self) -> bytes:
        """The build context as a tar (scripts executable, owned by root)."""
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as tar:
            for name, data in self.files().items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mode = 0o755 if name.endswith(".sh") else 0o644
                tar.addfile(info, io.BytesIO(data))
        return buf.getvalue()

    def fingerprint(self, base_id: str) -> str:
        """A digest of the context and of the base image's id (a new base rebuilds)."""
        h = hashlib.sha256(f"{FORMAT_VERSION}\0{base_id}".encode())
        for name, data in self.files().items():
            h.update(f"\0{name}\0".encode())
            h.update(data)
        return "df-" + h.hexdigest()[:16]


def base_of(dockerfile: str) -> str:
    """Return the image of the first ``FROM`` line of *dockerfile* (with its tag).

    Raises:
        ValueError: the Dockerfile has no ``FROM`` line.
    """
    for line in dockerfile.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0].upper() == "FROM":
            name = words[1]
            return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"
    raise ValueError("Dockerfile sans ligne FROM")


MON_API = DockerRecipe("mon-api")
MON_WEBAPP = DockerRecipe("mon-webapp")
MON_WORKER = DockerRecipe("mon-worker")
