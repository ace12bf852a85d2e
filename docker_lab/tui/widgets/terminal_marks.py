"""Semantic prompt marks: taken out of the shell's output and turned into command events.

The shell integration (:mod:`docker_lab.tui.widgets.terminal_shellrc`) makes bash and zsh
write, around each command, the marks terminals such as VS Code, iTerm2, WezTerm and
kitty use (OSC 133): ``A`` prompt start, ``B`` prompt end, ``C`` command output start,
``D;<status>`` command finished, and VS Code's ``OSC 633 ; E ; <command line>``.

:class:`MarkFilter` removes them from the byte stream before the emulator sees it (a mark
may arrive split across two reads) and :class:`CommandTracker` turns them into a
:class:`FinishedCommand`: the command line, its exit status and its output (the bytes
between ``C`` and ``D``, ANSI removed, bounded). Nothing here knows Textual.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

OSC = b"\x1b]"
BEL = b"\x07"
ST = b"\x1b\\"
#: The OSC families the integration writes (others, e.g. window titles, go to the emulator).
OURS = (b"133;", b"633;")
#: An unterminated OSC longer than this is not a mark: it is passed on as it is.
MAX_PENDING = 16384
#: Output kept per command: its beginning and its end (the error is usually at the end).
HEAD_BYTES = 2048
TAIL_BYTES = 6144


@dataclass(frozen=True)
class Mark:
    """One semantic mark: ``code`` is ``A``, ``B``, ``C``, ``D`` or ``E``."""

    code: str
    value: str = ""  # D: the exit status as written; E: the command line


@dataclass(frozen=True)
class FinishedCommand:
    """A command the shell ran: its line, exit status, output text and duration."""

    command: str
    status: int | None
    output: str
    seconds: float


def unescape(text: str) -> str:
    r"""Undo the escaping of ``OSC 633 ; E``: ``\\`` → ``\``, ``\xNN`` → that character."""
    return re.sub(r"\\(\\|x[0-9a-fA-F]{2})",
                  lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1)[1:], 16)), text)


def parse_mark(body: bytes) -> Mark | None:
    """The mark an OSC body (between ``ESC ]`` and its terminator) stands for, if ours."""
    text = body.decode("utf-8", "replace")
    family, _, rest = text.partition(";")
    code, _, value = rest.partition(";")
    if family == "133" and code in ("A", "B", "C", "D"):
        return Mark(code, value.split(";", 1)[0] if code == "D" else "")
    if family == "633" and code == "E":
        return Mark("E", unescape(value.split(";", 1)[0]))
    if family == "633" and code in ("A", "B", "C", "D"):
        return Mark(code, value.split(";", 1)[0] if code == "D" else "")
    return None


class MarkFilter:
    """Takes the marks out of a byte stream, keeping a mark split across reads whole."""

    def __init__(self) -> None:
        self._pending = b""

    def feed(self, data: bytes) -> list[bytes | Mark]:
        """The stream's next bytes, as output chunks and marks, in order."""
        buf = self._pending + data
        self._pending = b""
        items: list[bytes | Mark] = []
        pos = 0
        while pos < len(buf):
            start = buf.find(OSC, pos)
            if start < 0:
                end = len(buf) - 1 if buf.endswith(b"\x1b") else len(buf)
                self._pending = buf[end:]
                _add(items, buf[pos:end])
                break
            _add(items, buf[pos:start])
            end, size = _terminator(buf, start + 2)
            if end < 0:
                if len(buf) - start > MAX_PENDING:
                    _add(items, buf[start:])
                else:
                    self._pending = buf[start:]
                break
            body = buf[start + 2:end]
            mark = parse_mark(body) if body.startswith(OURS) else None
            if mark is not None:
                items.append(mark)
            else:
                _add(items, buf[start:end + size])
            pos = end + size
        return items


def _add(items: list[bytes | Mark], chunk: bytes) -> None:
    if chunk:
        items.append(chunk)


def _terminator(buf: bytes, start: int) -> tuple[int, int]:
    """Where the OSC starting before *start* ends (BEL or ST) and the terminator's size."""
    bel, st = buf.find(BEL, start), buf.find(ST, start)
    if bel >= 0 and (st < 0 or bel < st):
        return bel, 1
    if st >= 0:
        return st, 2
    return -1, 0


_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
                   rb"|\x1b[()*+][0-9A-Za-z]|\x1b[@-Z\\-_=>78]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")


def _overwrite(line: str) -> str:
    """A line as a terminal leaves it after its carriage returns (``\\r`` rewrites)."""
    if "\r" not in line:
        return line
    cells: list[str] = []
    for part in line.split("\r"):
        cells[:len(part)] = list(part)
    return "".join(cells)


def output_text(data: bytes) -> str:
    """What a command printed, as plain text: no ANSI sequence, ``\\r`` applied, trimmed."""
    text = _ANSI.sub(b"", data).decode("utf-8", "replace")
    lines = [_CONTROL.sub("", _overwrite(line)).rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


class CommandTracker:
    """Follows the marks of one shell and reports each command, started and finished.

    Args:
        on_started: called with the command line when its output starts (``C``).
        on_finished: called with the :class:`FinishedCommand` at ``D``.
        clock: seconds, monotonic (tests may give their own).
    """

    def __init__(self, on_started: Callable[[str], object],
                 on_finished: Callable[[FinishedCommand], object],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._on_started = on_started
        self._on_finished = on_finished
        self._clock = clock
        self.seen_marks = False
        self.command: str | None = None  # the line running now (None at the prompt)
        self._line = ""
        self._started = 0.0
        self._head = b""
        self._tail = b""
        self._dropped = False

    def feed(self, items: list[bytes | Mark]) -> None:
        """Take what :meth:`MarkFilter.feed` returned."""
        for item in items:
            if isinstance(item, Mark):
                self.mark(item)
            elif self.command is not None:
                self.output(item)

    def output(self, chunk: bytes) -> None:
        """Keep the beginning and the end of a running command's output."""
        room = HEAD_BYTES - len(self._head)
        if room > 0:
            self._head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            tail = self._tail + chunk
            self._dropped = self._dropped or len(tail) > TAIL_BYTES
            self._tail = tail[-TAIL_BYTES:]

    def mark(self, mark: Mark) -> None:
        """Follow one mark."""
        self.seen_marks = True
        if mark.code == "E":
            self._line = mark.value
        elif mark.code == "C":
            self.command = self._line.strip()
            self._line = ""
            self._head = self._tail = b""
            self._dropped = False
            self._started = self._clock()
            self._on_started(self.command)
        elif mark.code == "D" and self.command is not None:
            command, self.command = self.command, None
            status = int(mark.value) if mark.value.lstrip("-").isdigit() else None
            if self._dropped:
                output = f"{output_text(self._head)}\n…\n{output_text(self._tail)}"
            else:
                output = output_text(self._head + self._tail)
            self._on_finished(FinishedCommand(command, status, output,
                                              self._clock() - self._started))
        elif mark.code == "A":
            self._line = ""
