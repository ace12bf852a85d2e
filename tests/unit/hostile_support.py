"""Running a command function on a hostile input, bounded in time, and judging what it says.

:func:`run_bounded` calls one of the functions the CLI commands call
(``validate.run``, ``import_deck.run``, ``progress.run``, ``run_app``) in a
forked copy of the test process: no interpreter start-up (a case costs a few
milliseconds), yet a hard bound (a child that overruns is killed) and no state
left behind (working folder, environment). Its standard output and error are
captured, and an exception that escapes the function is recorded by name.

:func:`complaints` lists what a user must never see: a hang, an exception that
escaped, an « erreur inattendue » / « erreur interne », a Python exception name,
English text of PyYAML, SQLite or the OS, a Python value's ``repr``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import select
import signal
import sys
import time
import traceback
import types
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

#: The bound of each case, as for the hidden suite (seconds).
TIMEOUT_S = 20.0

#: Words of an exception name or of an English PyYAML / SQLite / OS message.
ENGLISH = re.compile(
    r"Error\b|Traceback|Exception|\bfound (?:character|unexpected|undefined|duplicate)"
    r"|\bexpected\b|could not|while (?:scanning|parsing)|not allowed|unacceptable"
    r"|special characters|\bdatabase\b|disk image|unable to|no such|is a directory"
    r"|permission denied|not a |unicode string|invalid (?:start|continuation)"
    r"|\bmapping\b|\bsequence\b|\bscalar\b|\bconstructor\b|\bstream\b"
    r"|\bline \d|\bcolumn \d|\bcannot\b|\bmust be\b|\binvalid\b"
    r"|\btoo (?:many|deep|large)\b|\bnot (?:found|supported)\b|\bfailed\b"
    r"|\bignored\b|choose from|\bambiguous\b|\busage:|\barguments? (?:are )?required",
    re.IGNORECASE,
)

#: A Python value shown as Python writes it, not as the course file does.
PYTHONISM = re.compile(
    r"\bNone\b|\bTrue\b|\bFalse\b|<class |object at 0x|datetime\.|\bset\(|\bb'\S*'|\\x[0-9a-f]{2}"
    r"|\bNoneType\b|\bdict\b|\blist\b|(?<!!)\b(?:str|int|float|bytes|tuple)\b")

#: French words that mean a bug reached the user.
BUG_WORDS = re.compile(r"erreur inattendue|erreur interne|DOCKER_LAB_DEBUG")

#: Longest line a user should get (a huge value is shortened in a message).
MAX_LINE = 1000

#: ``path:line:column: `` at the start of a problem line.
POSITION = re.compile(r"^\S[^\n]*?:\d+:\d+: ", re.MULTILINE)


@dataclass(frozen=True)
class Outcome:
    """What a bounded run gave.

    Attributes:
        code: the exit status the function returned (``None`` if it did not return).
        out: standard output then standard error, as text.
        escaped: ``"Name: message"`` of an exception that left the function, or ``""``.
        timed_out: the run was killed at the bound.
        seconds: how long the run took.
    """

    code: int | None
    out: str
    escaped: str = ""
    timed_out: bool = False
    seconds: float = 0.0

    @property
    def problem_lines(self) -> list[str]:
        """The lines that carry a ``path:line:column:`` position."""
        return [line for line in self.out.splitlines() if POSITION.match(line)]


def _child(call: Callable[[], int | None], cwd: Path, env: dict[str, str], write_fd: int
           ) -> None:
    """Run ``call`` in the child; send its outcome through ``write_fd`` as JSON."""
    os.chdir(cwd)
    os.environ.update(env)
    time.tzset()  # a TZ given for the case
    low = os.open(cwd / ".sortie-brute", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(low, 1)  # what C code or a subprocess writes directly on the descriptors
    os.dup2(low, 2)
    out, err = io.StringIO(), io.StringIO()
    code: int | None = None
    escaped = ""
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = call()
    except SystemExit as exc:  # argparse and friends: an exit status, not a crash
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException as exc:
        escaped = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
    raw = Path(cwd / ".sortie-brute").read_text(encoding="utf-8", errors="replace")
    payload = json.dumps({"code": code, "out": out.getvalue() + err.getvalue() + raw,
                          "escaped": escaped}).encode()
    view = memoryview(payload)
    while view:
        view = view[os.write(write_fd, view):]


def run_bounded(call: Callable[[], int | None], cwd: Path, env: dict[str, str] | None = None,
                timeout: float = TIMEOUT_S) -> Outcome:
    """Run ``call()`` in a forked child, in folder ``cwd``, killed after ``timeout`` seconds."""
    read_fd, write_fd = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read_fd)
            _child(call, cwd, env or {}, write_fd)
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = started + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return Outcome(None, b"".join(chunks).decode(errors="replace"), timed_out=True,
                               seconds=time.monotonic() - started)
            ready, _, _ = select.select([read_fd], [], [], left)
            if ready:
                chunk = os.read(read_fd, 65536)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    seconds = time.monotonic() - started
    if not chunks:
        return Outcome(None, f"(le processus fils est mort : état {status})", escaped="mort",
                       seconds=seconds)
    data = json.loads(b"".join(chunks))
    return Outcome(data["code"], data["out"], data["escaped"], seconds=seconds)


def complaints(outcome: Outcome, codes: tuple[int, ...]) -> list[str]:
    """What is wrong with an outcome, whatever the input (empty when all is well)."""
    found = []
    if outcome.timed_out:
        found.append(f"plus de {TIMEOUT_S} s")
    if outcome.escaped:
        found.append(f"exception sortie de la commande : {outcome.escaped}")
    if outcome.code not in codes:
        found.append(f"code de sortie {outcome.code}, attendu : {codes}")
    longest = max((len(line) for line in outcome.out.splitlines()), default=0)
    if longest > MAX_LINE:
        found.append(f"ligne de {longest} caractères (une valeur montrée en entier ?)")
    for regex, what in ((BUG_WORDS, "bogue montré"), (ENGLISH, "anglais"),
                        (PYTHONISM, "valeur Python")):
        match = regex.search(outcome.out)
        if match:
            found.append(f"{what} : « {match.group()} »")
    return found


#: What the stand-in app prints when it is started.
STARTED = "(application démarrée)"


def _stub_tui() -> None:
    """Put a stand-in for the Textual app in place: it says it started, and returns."""
    module = types.ModuleType("docker_lab.tui.app")

    class StartError(Exception):
        pass

    class Started:
        def run(self) -> None:
            print(STARTED)

    def make_app(*args: object, **kwargs: object) -> object:
        return Started()

    module.StartError = StartError  # type: ignore[attr-defined]
    module.make_app = make_app  # type: ignore[attr-defined]
    sys.modules["docker_lab.tui.app"] = module


def validate_call(*paths: Path, course: Path | None = None) -> Callable[[], int]:
    """``docker-lab [--course DIR] validate [PATH ...]``, as the CLI calls it."""
    from docker_lab.commands import validate

    args = argparse.Namespace(paths=[str(p) for p in paths], course=course and str(course))
    return lambda: validate.run(args)


def import_call(deck: Path, output: Path, plan: Path | None = None) -> Callable[[], int]:
    """``docker-lab import DECK -o OUTPUT [--plan PLAN]``."""
    from docker_lab.commands import import_deck

    args = argparse.Namespace(deck=str(deck), output=str(output),
                              plan=plan and str(plan), force=False)
    return lambda: import_deck.run(args)


def progress_call(as_json: bool = False) -> Callable[[], int]:
    """``docker-lab progress [--json]`` (the store is under ``DOCKER_LAB_HOME``)."""
    from docker_lab.commands import progress

    args = argparse.Namespace(json=as_json, course=None)
    return lambda: progress.run(args)


def app_call(course: Path) -> Callable[[], int]:
    """``docker-lab --course DIR`` without a sub-command: the app's start."""
    from docker_lab.commands.app import run_app

    args = argparse.Namespace(course=str(course), lesson=None, exercise=None)

    def call() -> int:
        _stub_tui()
        return run_app(args)

    return call


def warm_up() -> None:
    """Import and prime what the commands load lazily, once, so that each child need not."""
    import docker_lab.commands.app
    import docker_lab.commands.import_deck
    import docker_lab.commands.progress
    import docker_lab.course.importer
    import docker_lab.progress  # noqa: F401
    from docker_lab.course.validate import validate_paths
    from docker_lab.paths import shipped_course_root

    validate_paths([shipped_course_root()])  # Mermaid drawing, check kinds, regexes
