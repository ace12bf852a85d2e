"""Build contexts for the lab's images, assembled from files of the host.

A :class:`BuildPlan` lists what goes into an image's root file system: host
binaries (with the shared libraries ``ldd`` lists), host folders, text assets
shipped in :mod:`docker_lab.engine.imagefiles`, and the host's static busybox
with its applets as symlinks. Declaring a plan only looks at file metadata, so
its :meth:`BuildPlan.fingerprint` is cheap: a second ``docker-lab setup`` compares
it with the image's label and skips the build. :meth:`BuildPlan.write_context`
then writes the tar build context (``Dockerfile`` + ``rootfs.tar``) to a temporary
file; the Dockerfile is ``FROM scratch`` + ``ADD rootfs.tar /``, so a build needs
no network and runs no container.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO

#: Bump when the way images are assembled changes (forces a rebuild).
FORMAT_VERSION = "4"

_LDD_LINE = re.compile(r"(?:=>\s*)?(/\S+)\s+\(0x[0-9a-f]+\)")


def asset(name: str) -> str:
    """Return the text of a build asset shipped in ``docker_lab/engine/imagefiles``."""
    return resources.files("docker_lab.engine.imagefiles").joinpath(name).read_text("utf-8")


def shared_libraries(binary: Path) -> list[Path]:
    """Return the shared libraries (loader included) ``ldd`` lists for *binary*."""
    try:
        out = subprocess.run(
            ["ldd", str(binary)], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(m.group(1)) for m in _LDD_LINE.finditer(out)]


def busybox_applets(busybox: Path) -> list[str]:
    """Return the applet names the host's busybox provides."""
    try:
        out = subprocess.run(
            [str(busybox), "--list"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [a for a in out.split() if a and "/" not in a and a != "busybox"]


@dataclass
class _Entry:
    dest: str  # absolute path in the image
    src: Path | None = None  # host file (followed if a symlink)
    data: bytes | None = None  # inline content
    link: str | None = None  # symlink target
    mode: int = 0o644
    is_dir: bool = False
    uid: int = 0
    libs: bool = False  # add the libraries ldd lists for src
    make: Callable[[], bytes] | None = None  # content produced when the context is written
    stamp: str | None = None  # stands for generated content in the fingerprint


@dataclass
class BuildPlan:
    """What goes into one image: root file system entries and a Dockerfile tail.

    Attributes:
        name: the image name the plan builds (for messages).
        missing: Debian packages whose files are absent on the host.
        notes: French remarks for the user (e.g. a minimal fallback was used).
        dockerfile: instructions after ``FROM scratch`` and ``ADD rootfs.tar /``.
    """

    name: str
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dockerfile: list[str] = field(default_factory=list)
    _entries: dict[str, _Entry] = field(default_factory=dict)

    # --- declaring -------------------------------------------------------------------
    def need(self, path: str | Path, package: str) -> Path | None:
        """Return *path* when it exists on the host, else record *package* as missing."""
        p = Path(path)
        if p.exists():
            return p
        if package not in self.missing:
            self.missing.append(package)
        return None

    def binary(self, src: str | Path, package: str, dest: str | None = None) -> None:
        """Add a host executable and, when built, the libraries it links."""
        p = self.need(src, package)
        if p is not None:
            self._add(_Entry(dest or str(src), src=p, mode=0o755, libs=True))

    def file(
        self, src: str | Path, package: str, dest: str | None = None, mode: int = 0o644
    ) -> None:
        """Add one host file (its content; symlinks are followed)."""
        p = self.need(src, package)
        if p is not None:
            self._add(_Entry(dest or str(src), src=p, mode=mode))

    def tree(
        self, src: str | Path, package: str, dest: str | None = None,
        exclude: Iterable[str] = (), libs: bool = False,
    ) -> None:
        """Add a host folder recursively, skipping names in *exclude* (files or folders)."""
        root = self.need(src, package)
        if root is None:
            return
        skip = set(exclude)
        base = dest or str(src)
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            dirnames[:] = sorted(d for d in dirnames if d not in skip)
            rel = os.path.relpath(dirpath, root)
            target_dir = base if rel == "." else f"{base}/{rel}"
            self.directory(target_dir)
            for name in sorted(filenames):
                if name in skip:
                    continue
                path = Path(dirpath, name)
                if path.is_symlink() and not path.exists():
                    continue
                so = libs and name.endswith(".so")
                mode = 0o755 if os.access(path, os.X_OK) else 0o644
                self._add(_Entry(f"{target_dir}/{name}", src=path, mode=mode, libs=so))

    def text(self, dest: str, content: str, mode: int = 0o644) -> None:
        """Add a file with the given text content."""
        self._add(_Entry(dest, data=content.encode("utf-8"), mode=mode))

    def generated(
        self, dest: str, make: Callable[[], bytes], stamp: str, mode: int = 0o644
    ) -> None:
        """Add a file whose content *make* produces at build time (e.g. a key).

        *stamp* stands for the content in the fingerprint.
        """
        self._add(_Entry(dest, make=make, stamp=stamp, mode=mode))

    def asset(self, dest: str, name: str, mode: int = 0o644) -> None:
        """Add a text asset from :mod:`docker_lab.engine.imagefiles`."""
        self.text(dest, asset(name), mode)

    def directory(self, dest: str, mode: int = 0o755, uid: int = 0) -> None:
        """Add an (empty) folder."""
        if dest not in self._entries or uid:
            self._add(_Entry(dest, is_dir=True, mode=mode, uid=uid))

    def symlink(self, dest: str, target: str) -> None:
        """Add a symbolic link *dest* -> *target*."""
        self._add(_Entry(dest, link=target))

    def busybox(self, skip: Iterable[str] = ()) -> None:
        """Add the host's static busybox as ``/bin/busybox`` with its applets as symlinks."""
        bb = next((Path(p) for p in ("/bin/busybox", "/usr/bin/busybox") if Path(p).exists()), None)
        if bb is None:
            self.need("/bin/busybox", "busybox-static")
            return
        self._add(_Entry("/bin/busybox", src=bb, mode=0o755))
        skipped = set(skip)
        for applet in busybox_applets(bb):
            if applet not in skipped and f"/bin/{applet}" not in self._entries:
                self.symlink(f"/bin/{applet}", "busybox")

    def _add(self, entry: _Entry) -> None:
        entry.dest = "/" + entry.dest.strip("/")
        self._entries[entry.dest] = entry

    # --- fingerprint and context -----------------------------------------------------
    def dockerfile_text(self) -> str:
        """Return the full Dockerfile."""
        return "\n".join(["FROM scratch", "ADD rootfs.tar /", *self.dockerfile, ""])

    def fingerprint(self) -> str:
        """Return a digest of everything the image is made of (metadata only, fast)."""
        h = hashlib.sha256(FORMAT_VERSION.encode())
        h.update(self.dockerfile_text().encode())
        for dest in sorted(self._entries):
            e = self._entries[dest]
            h.update(f"\0{dest}:{e.mode:o}:{e.uid}:{e.is_dir}:{e.link}".encode())
            if e.src is not None:
                st = e.src.stat()
                h.update(f":{e.src}:{st.st_size}:{st.st_mtime_ns}".encode())
            elif e.data is not None:
                h.update(e.data)
            elif e.stamp is not None:
                h.update(e.stamp.encode())
        return h.hexdigest()[:16]

    def _with_libraries(self) -> dict[str, _Entry]:
        entries = dict(self._entries)
        for e in self._entries.values():
            if e.libs and e.src is not None:
                for lib in shared_libraries(e.src):
                    key = "/" + str(lib).strip("/")
                    if key not in entries:
                        entries[key] = _Entry(key, src=lib, mode=0o755)
        return entries

    def write_context(self, out: IO[bytes]) -> None:
        """Write the tar build context (``Dockerfile`` and ``rootfs.tar``) to *out*.

        The root file system goes in an inner tar that ``ADD`` unpacks: unlike
        ``COPY``, it keeps owners (e.g. ``/prometheus`` belongs to ``nobody``).
        """
        entries = self._with_libraries()
        parents: set[str] = set()
        for dest in entries:
            parts = dest.strip("/").split("/")[:-1]
            for i in range(1, len(parts) + 1):
                parents.add("/" + "/".join(parts[:i]))
        with tempfile.TemporaryFile(prefix="docker-lab-rootfs-") as inner:
            with tarfile.open(fileobj=inner, mode="w") as tar:
                for d in sorted(parents - set(entries)):
                    _add_dir(tar, d.lstrip("/"), 0o755, 0)
                for dest in sorted(entries):
                    _add_entry(tar, dest.lstrip("/"), entries[dest])
            size = inner.tell()
            inner.seek(0)
            with tarfile.open(fileobj=out, mode="w") as tar:
                _add_bytes(tar, "Dockerfile", self.dockerfile_text().encode(), 0o644)
                info = tarfile.TarInfo("rootfs.tar")
                info.size, info.mode = size, 0o644
                tar.addfile(info, inner)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mode: int, uid: int = 0) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.uid, info.gid = len(data), mode, uid, uid
    tar.addfile(info, io.BytesIO(data))


def _add_dir(tar: tarfile.TarFile, name: str, mode: int, uid: int) -> None:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.uid, info.gid = tarfile.DIRTYPE, mode, uid, uid
    tar.addfile(info)


def _add_entry(tar: tarfile.TarFile, name: str, e: _Entry) -> None:
    if e.is_dir:
        _add_dir(tar, name, e.mode, e.uid)
    elif e.link is not None:
        info = tarfile.TarInfo(name)
        info.type, info.linkname, info.mode = tarfile.SYMTYPE, e.link, 0o777
        tar.addfile(info)
    elif e.data is not None or e.make is not None:
        data = e.data if e.data is not None else e.make() if e.make else b""
        _add_bytes(tar, name, data, e.mode, e.uid)
    elif e.src is not None:
        with e.src.open("rb") as fh:
            info = tarfile.TarInfo(name)
            info.size = os.fstat(fh.fileno()).st_size
            info.mode, info.uid, info.gid = e.mode, e.uid, e.uid
            tar.addfile(info, fh)
