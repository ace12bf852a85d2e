"""Reading instructor files safely: regular files only, a size bound, encodings named.

:func:`read_regular` never blocks and never reads without end: a FIFO, a device
(``/dev/zero``), a socket or a folder is refused before any byte is read, and a
file over the bound is refused after reading one byte more than it. Its
:class:`ReadError` carries a French reason without the path (callers place it).

:func:`sniff_encoding` names the encodings people save text in by mistake
(UTF-16 or UTF-32, with or without a byte order mark), so that such a file is
not called « binaire ». :func:`control_characters` finds the characters YAML
forbids (a BEL, the ESC of ANSI colour codes pasted from a terminal …).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from docker_lab.paths import os_reason

#: Largest instructor file read (lessons, exercises, decks, plans).
MAX_BYTES = 16 * 1024 * 1024


_MORE_REASONS = {
    errno.ELOOP: "trop de liens symboliques (une boucle ?)",
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.ENXIO: "aucun périphérique derrière ce fichier",
    errno.ETXTBSY: "fichier occupé",
}


def os_reason_fr(exc: OSError) -> str:
    """A short French reason for *exc*, never the system's English text."""
    reason = os_reason(exc)
    if reason != exc.strerror or exc.strerror is None:
        return reason  # paths knows it in French
    return _MORE_REASONS.get(exc.errno or 0, f"erreur du système n° {exc.errno}")


class ReadError(Exception):
    """A file that cannot be read as text: ``str(exc)`` is a French reason (no path)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "est un dossier, pas un fichier"
    what = ("un tube nommé (FIFO)" if stat.S_ISFIFO(mode) else
            "un périphérique" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "une socket" if stat.S_ISSOCK(mode) else "un fichier spécial")
    return f"n'est pas un fichier ordinaire ({what}) : seuls les fichiers ordinaires sont lus"


def read_regular(path: Path, limit: int = MAX_BYTES) -> bytes:
    """Return the bytes of a regular file of at most ``limit`` bytes.

    Raises:
        ReadError: missing file, broken symbolic link, folder, FIFO, device, socket,
            file too large or unreadable (French reason).
    """
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise ReadError(_kind(mode))
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise ReadError(f"lien symbolique cassé (il pointe vers « {os.readlink(path)} »)"
                            ) from None
        raise ReadError("fichier introuvable") from None
    except OSError as exc:
        raise ReadError(f"lecture impossible : {os_reason_fr(exc)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # replaced between stat and open
            raise ReadError(_kind(mode))
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise ReadError(f"lecture impossible : {os_reason_fr(exc)}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ReadError(f"fichier trop gros (plus de {limit // (1024 * 1024)} Mo)")
    return data


_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)


def sniff_encoding(raw: bytes) -> str | None:
    """Name a UTF-16 or UTF-32 encoding (``"UTF-16"``, ``"UTF-32"``), else ``None``.

    A byte order mark decides; without one, text whose ASCII characters are
    padded with zero bytes (one in two, or three in four) is taken for UTF-16 or UTF-32.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    sample = raw[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        usable = len(sample) - len(sample) % width
        units = [sample[i:i + width] for i in range(0, usable, width)]
        padded = [unit for unit in units if unit.count(0) == width - 1]
        if not units or len(padded) < 0.9 * len(units):
            continue
        order = "be" if sum(unit[0] == 0 for unit in padded) > len(padded) / 2 else "le"
        text = sample[:usable].decode(f"{name.lower()}-{order}", errors="replace")
        if sum(ch.isprintable() or ch in "\t\n\r" for ch in text) >= 0.9 * len(text):
            return name
    return None


#: What YAML accepts (the PyYAML reader's rule); anything else is refused.
_FORBIDDEN = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_NAMES = {
    0x00: "NUL, un octet nul",
    0x07: "BEL, la sonnerie",
    0x08: "retour arrière",
    0x0C: "saut de page",
    0x1B: "ESC, le début d'un code couleur ANSI copié d'un terminal ?",
    0x7F: "DEL",
}


def control_characters(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(line, column, French description)`` of each character YAML forbids.

    Positions are counted as the search goes (linear in the text, however many
    characters are found).
    """
    line, line_start, last = 1, 0, 0
    for found in _FORBIDDEN.finditer(text):
        index = found.start()
        newlines = text.count("\n", last, index)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", last, index) + 1
        last = index
        code = ord(found.group())
        name = _NAMES.get(code, "caractère invisible")
        yield (line, index - line_start + 1,
               f"caractère de contrôle U+{code:04X} ({name}) interdit : retirez-le")


def count_control_characters(text: str) -> int:
    """How many characters YAML forbids ``text`` holds."""
    return len(text) - len(_FORBIDDEN.sub("", text))


def without_control_characters(text: str) -> str:
    """``text`` with each forbidden character replaced by U+FFFD (so parsing can go on)."""
    return _FORBIDDEN.sub("\ufffd", text)
