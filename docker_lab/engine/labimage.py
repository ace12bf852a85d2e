"""The lab's own tools image (busybox), built locally, never pulled.

``docker-lab/outils:latest`` is ``FROM scratch`` plus the host's static busybox
(Debian package ``busybox-static``) with its applets installed as symlinks:
ping, nc, nslookup, wget, ip, httpd... Probe side-cars and tests run it.
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docker_lab.engine.errors import EngineError
from docker_lab.engine.labels import IMAGE, LAB_IMAGE

#: Where Debian's busybox-static puts its binary.
BUSYBOX_CANDIDATES = ("/bin/busybox", "/usr/bin/busybox")

DOCKERFILE = """\
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["/bin/sh"]
"""

#: Without a static busybox on the host (macOS, Windows, another Linux): Alpine's
#: busybox has the same probes (ping, nc, nslookup, wget, ip).
ALPINE_DOCKERFILE = """\
FROM alpine:latest
CMD ["/bin/sh"]
"""

_build_lock = threading.Lock()


class LabImageError(EngineError):
    """The lab image cannot be built (no static busybox on the host, build failed)."""


def find_busybox() -> Path:
    """Return the host's static busybox binary.

    Raises:
        LabImageError: when no busybox binary is installed.
    """
    for candidate in BUSYBOX_CANDIDATES:
        path = Path(candidate)
        if path.is_file():
            return path
    found = shutil.which("busybox")
    if found:
        return Path(found)
    raise LabImageError(
        "Le binaire busybox est introuvable sur cette machine.",
        "Installez-le : sudo apt-get install busybox-static",
    )


def tar_context(dockerfile: str, files: Mapping[str, Path]) -> bytes:
    """Return a build context (tar) holding *dockerfile* and host *files* by archive name."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        data = dockerfile.encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        for arcname, host in files.items():
            real = host.resolve()
            info = tar.gettarinfo(str(real), arcname=arcname)
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            with real.open("rb") as fh:
                tar.addfile(info, fh)
    return buf.getvalue()


def build_context(busybox: Path, dockerfile: str = DOCKERFILE) -> bytes:
    """Return the build context of an image made of *dockerfile* and ``busybox``."""
    return tar_context(dockerfile, {"busybox": busybox})


def image_exists(client: Any, name: str) -> bool:
    """Return True when the image *name* is present locally."""
    import docker.errors

    try:
        client.api.inspect_image(name)
    except docker.errors.ImageNotFound:
        return False
    return True


def build_image(
    client: Any, tag: str, context: bytes, labels: dict[str, str] | None = None
) -> str:
    """Build *tag* from a tar *context* with the low-level API; return the image id.

    Never pulls (``pull=False``; ``FROM scratch`` needs nothing anyway).

    Raises:
        LabImageError: when the build reports an error.
    """
    stream = client.api.build(
        fileobj=io.BytesIO(context),
        custom_context=True,
        tag=tag,
        labels=labels or {},
        rm=True,
        forcerm=True,
        pull=False,
        decode=False,
    )
    errors: list[str] = []
    log: list[str] = []
    for chunk in stream:
        for line in chunk.decode("utf-8", "replace").splitlines():
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if "error" in item:
                errors.append(str(item["error"]).strip())
            elif "stream" in item:
                log.append(str(item["stream"]).rstrip())
    if errors:
        tail = "\n".join(log[-5:])
        raise LabImageError(
            f"La construction de l'image {tag} a échoué : {errors[-1]}",
            f"Détails :\n{tail}" if tail else "Relancez : docker-lab setup",
        )
    image_id: str = client.api.inspect_image(tag)["Id"]
    return image_id


def ensure_lab_image(client: Any) -> str:
    """Build :data:`LAB_IMAGE` locally when it is missing; return its name.

    From the host's static busybox, or else over ``alpine:latest`` when that image
    is present. The image carries ``docker-lab.image=docker-lab/outils:latest``
    (not the containers' ``docker-lab.managed``) so that ``docker-lab setup
    --remove`` finds it. Takes well under two seconds; never pulls.

    Args:
        client: a ``docker.DockerClient``.

    Raises:
        LabImageError: no busybox on the host nor alpine image, or the build failed.
    """
    if image_exists(client, LAB_IMAGE):
        return LAB_IMAGE
    with _build_lock:
        if image_exists(client, LAB_IMAGE):
            return LAB_IMAGE
        try:
            context = build_context(find_busybox())
        except LabImageError:
            if not image_exists(client, "alpine:latest"):
                raise
            context = tar_context(ALPINE_DOCKERFILE, {})
        build_image(client, LAB_IMAGE, context, {IMAGE: LAB_IMAGE})
    return LAB_IMAGE
