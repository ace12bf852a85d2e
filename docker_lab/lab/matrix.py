"""The reachability and DNS matrix between the exercise's running containers.

>>> plan = plan_matrix(snapshot, expected)          # pure: which probes, what is derived
>>> matrix = read_matrix(plan, gateway.run_probes(plan.requests, parallel=len(plan.sources)))

Rows are sources, columns targets. For each pair: does the target's name resolve
(only asked when both share a user-defined network: a name Docker's DNS does not know
would go to an outside resolver, so elsewhere the answer is derived from the state),
does a ping to the target's addresses answer, does the expected port answer (the port a
``reaches``/``isolated`` check names for that target). Probes go to container names and
private addresses of this engine only, from inside the source's namespace (the gateway
batches one script per source, and runs the sources in parallel).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Protocol

from docker_lab.checks.base import common_networks, quoted
from docker_lab.engine.models import ContainerInfo, ProbeKind, ProbeRequest, ProbeResult, Snapshot
from docker_lab.engine.probes import PROBE_LABEL
from docker_lab.lab.expected import Expected, ExpectedPair
from docker_lab.lab.topology import state_fr

#: At most this many containers in the matrix (the rest is left out, and said so).
MAX_CONTAINERS = 12
#: Seconds each probe may take (ping -W1, nc -w1).
PROBE_TIMEOUT = 1.0


class Outcome(StrEnum):
    """One probe's answer in a cell."""

    OK = "ok"
    FAIL = "fail"
    REFUSED = "refused"  # TCP: a route, but nothing listens
    SKIP = "skip"  # not tested (no port to try, no address)
    PENDING = "pending"
    ERROR = "error"  # the probe could not run


#: The sign of each outcome in the text matrix.
OUTCOME_SIGNS = {Outcome.OK: "✓", Outcome.FAIL: "✗", Outcome.REFUSED: "✗", Outcome.SKIP: "·",
                 Outcome.PENDING: "…", Outcome.ERROR: "!"}


@dataclass(frozen=True)
class Cell:
    """One pair ``source → target``."""

    source: str
    target: str
    resolve: Outcome = Outcome.PENDING
    ping: Outcome = Outcome.PENDING
    tcp: Outcome = Outcome.SKIP
    port: int | None = None
    expected: tuple[str, ...] = ()  # reaches, isolated, resolves
    as_expected: bool | None = None  # None: nothing expected, or not known yet
    reason: str = ""  # why it differs from the expectation, one line
    shared: tuple[str, ...] = ()  # the networks both are on

    @property
    def reached(self) -> bool:
        """A ping or the port answered (a refused connection proves a route too)."""
        return Outcome.OK in (self.ping, self.tcp) or self.tcp is Outcome.REFUSED


@dataclass(frozen=True)
class Matrix:
    """The matrix: containers in order, cells by ``(source, target)``."""

    containers: tuple[str, ...] = ()
    cells: Mapping[tuple[str, str], Cell] = field(default_factory=dict)
    has_port: bool = False
    filled: bool = False
    elapsed: float = 0.0
    note: str = ""
    #: Checked pairs left out of the matrix, with why (« redis-cache » ne tourne pas).
    unplaced: tuple[tuple[ExpectedPair, str], ...] = ()

    def cell(self, source: str, target: str) -> Cell | None:
        """The cell ``source → target``, or ``None``."""
        return self.cells.get((source, target))


@dataclass(frozen=True)
class MatrixPlan:
    """The probes to run, and the matrix as known before they answer."""

    matrix: Matrix
    requests: tuple[ProbeRequest, ...] = ()
    #: ``(source, target)`` -> what each request tests: resolve, ping or tcp.
    uses: Mapping[tuple[str, str], tuple[tuple[str, ProbeRequest], ...]] = field(
        default_factory=dict)
    snapshot: Snapshot | None = None
    pairs: tuple[ExpectedPair, ...] = ()

    @property
    def sources(self) -> list[str]:
        """The containers probes run from."""
        return sorted({r.source for r in self.requests})


class Prober(Protocol):
    """What the matrix needs from the gateway."""

    def run_probes(self, requests: Sequence[ProbeRequest], parallel: int = 4
                   ) -> list[ProbeResult]: ...


def matrix_containers(snapshot: Snapshot, expected: Expected) -> tuple[list[str], str]:
    """The exercise's running containers in the exercise's order, and a note if cut."""
    names: list[str] = []
    wanted = list(expected.containers) + sorted(snapshot.services)
    for name in wanted:
        c = snapshot.container(name)
        if c is not None and c.running and c.name not in names and (
                c.labels.get(PROBE_LABEL) != "true"):
            names.append(c.name)
    if len(names) > MAX_CONTAINERS:
        return names[:MAX_CONTAINERS], (f"{len(names) - MAX_CONTAINERS} containers de plus "
                                        "ne sont pas dans la matrice.")
    return names, ""


def _engine_pairs(snapshot: Snapshot, expected: Expected) -> tuple[ExpectedPair, ...]:
    def name(n: str) -> str:
        found = snapshot.container(n)
        return found.name if found is not None else n

    return tuple(replace(p, source=name(p.source), target=name(p.target))
                 for p in expected.pairs)


def _addresses(c: ContainerInfo) -> list[str]:
    return sorted({e.ip for e in c.endpoints.values() if e.ip})


def _user_networks(src: ContainerInfo, dst: ContainerInfo) -> list[str]:
    return [n for n in common_networks(src, dst) if n != "bridge"]


def _plan_pair(src: ContainerInfo, dst: ContainerInfo, port: int | None
               ) -> tuple[Cell, list[tuple[str, ProbeRequest]]]:
    uses: list[tuple[str, ProbeRequest]] = []
    cell = Cell(src.name, dst.name, port=port, shared=tuple(common_networks(src, dst)))
    if _user_networks(src, dst):
        uses.append(("resolve", ProbeRequest(ProbeKind.RESOLVE, src.name, dst.name,
                                             timeout=PROBE_TIMEOUT)))
    else:  # asking the name would go to the host's resolvers: derived from the state
        cell = replace(cell, resolve=Outcome.FAIL)
    ips = _addresses(dst)
    for ip in ips:
        uses.append(("ping", ProbeRequest(ProbeKind.PING, src.name, ip, timeout=PROBE_TIMEOUT)))
        if port:
            uses.append(("tcp", ProbeRequest(ProbeKind.TCP, src.name, ip, port,
                                             timeout=PROBE_TIMEOUT)))
    if not ips:
        cell = replace(cell, ping=Outcome.SKIP)
    elif port:
        cell = replace(cell, tcp=Outcome.PENDING)
    return cell, uses


def _foreseen(cell: Cell, snapshot: Snapshot, pairs: Sequence[ExpectedPair]) -> Cell:
    """*cell* with its verdict foreseen from the state when they share no network.

    Docker isolates networks from each other: a pair without a common network cannot
    reach, so the verdict (and why) shows at once; the probes then confirm it.
    """
    src, dst = snapshot.containers[cell.source], snapshot.containers[cell.target]
    if not pairs or cell.shared or "host" in (src.network_mode, dst.network_mode):
        return cell
    silent = replace(cell, ping=Outcome.FAIL, tcp=Outcome.FAIL if cell.port else Outcome.SKIP)
    verdict = _check(silent, pairs)
    reason = why(silent, src, dst) if verdict is False else ""
    return replace(cell, as_expected=verdict, reason=reason)


def plan_matrix(snapshot: Snapshot, expected: Expected) -> MatrixPlan:
    """Which probes fill the matrix, and its cells as known from the state alone."""
    names, note = matrix_containers(snapshot, expected)
    pairs = _engine_pairs(snapshot, expected)
    ports: dict[str, int] = {}
    for p in pairs:
        if p.port and p.kind != "resolves":
            ports.setdefault(p.target, p.port)
    cells: dict[tuple[str, str], Cell] = {}
    uses: dict[tuple[str, str], tuple[tuple[str, ProbeRequest], ...]] = {}
    requests: dict[ProbeRequest, None] = {}
    for s in names:
        for t in names:
            if s == t:
                continue
            cell, used = _plan_pair(snapshot.containers[s], snapshot.containers[t], ports.get(t))
            kinds = tuple(sorted({p.kind for p in pairs if (p.source, p.target) == (s, t)}))
            cells[(s, t)] = _foreseen(replace(cell, expected=kinds), snapshot,
                                      [p for p in pairs if (p.source, p.target) == (s, t)])
            uses[(s, t)] = tuple(used)
            requests.update((r, None) for _, r in used)
    matrix = Matrix(tuple(names), cells, has_port=bool(set(ports) & set(names)), note=note,
                    unplaced=_unplaced(snapshot, pairs, names))
    return MatrixPlan(matrix, tuple(requests), uses, snapshot, pairs)


def _unplaced(snapshot: Snapshot, pairs: Sequence[ExpectedPair], names: Sequence[str]
              ) -> tuple[tuple[ExpectedPair, str], ...]:
    left: list[tuple[ExpectedPair, str]] = []
    for p in pairs:
        for name in (p.source, p.target):
            if name in names:
                continue
            c = snapshot.containers.get(name)
            left.append((p, f"« {name} » " + ("n'existe pas" if c is None else
                                              f"ne tourne pas (état : {state_fr(c.status)})"
                                              if not c.running else "est hors de la matrice")))
            break
    return tuple(left)


def _outcome(kind: str, results: list[ProbeResult | None]) -> Outcome:
    if not results:
        return Outcome.SKIP
    if any(r is None for r in results):
        return Outcome.PENDING
    done = [r for r in results if r is not None]
    if any(r.ok for r in done):
        return Outcome.OK
    if kind == "tcp" and any("refus" in r.detail for r in done):
        return Outcome.REFUSED
    if all(r.error for r in done):
        return Outcome.ERROR
    return Outcome.FAIL


def _detail(results: list[ProbeResult | None]) -> str:
    return next((r.detail for r in results if r is not None and not r.ok and r.detail), "")


def _check(cell: Cell, pairs: Sequence[ExpectedPair]) -> bool | None:
    verdicts: list[bool | None] = []
    for p in pairs:
        if p.kind == "resolves":
            answer = cell.resolve
            verdicts.append(None if answer in (Outcome.PENDING, Outcome.ERROR)
                            else answer is Outcome.OK)
            continue
        answer = cell.tcp if p.port else cell.ping
        if answer in (Outcome.PENDING, Outcome.ERROR):
            verdicts.append(None)
        elif p.kind == "reaches":
            verdicts.append(answer is Outcome.OK)
        else:  # isolated: only silence counts, a refused connection proves a route
            verdicts.append(answer not in (Outcome.OK, Outcome.REFUSED))
    if any(v is False for v in verdicts):
        return False
    return None if any(v is None for v in verdicts) or not verdicts else True


def why(cell: Cell, src: ContainerInfo, dst: ContainerInfo, detail: str = "",
        internal: frozenset[str] = frozenset()) -> str:
    """One French line saying why *cell* differs from what the exercise expects.

    *internal* names the internal networks (``--internal``).
    """
    shared = common_networks(src, dst)
    if "isolated" in cell.expected and cell.reached:
        inside = [n for n in shared if n in internal]
        if inside:
            return (f"réseau interne commun {quoted(inside)} : --internal coupe l'extérieur, "
                    "pas les containers entre eux")
        if shared:
            return f"réseau commun {quoted(shared)} : ils ne devraient en partager aucun"
        return "joignable sans réseau commun (mode host ?)"
    if not _addresses(dst):
        return f"« {dst.name} » n'a d'adresse sur aucun réseau (mode {dst.network_mode})"
    if not shared:
        return (f"aucun réseau commun ({src.name} : {', '.join(_nets(src))} ; "
                f"{dst.name} : {', '.join(_nets(dst))})")
    if cell.tcp is Outcome.REFUSED:
        return f"rien n'écoute sur le port {cell.port} de « {dst.name} » (port fermé)"
    if "resolves" in cell.expected and cell.resolve is not Outcome.OK and shared == ["bridge"]:
        return "pas de DNS sur le bridge par défaut : connectez-les à un réseau créé"
    return f"pas de réponse ({detail})" if detail else "pas de réponse"


def _nets(c: ContainerInfo) -> list[str]:
    nets = sorted(n for n in c.endpoints if n not in ("host", "none"))
    if nets:
        return nets
    return [f"mode {c.network_mode}" if c.network_mode in ("host", "none") else "aucun réseau"]


def read_matrix(plan: MatrixPlan, results: Sequence[ProbeResult], elapsed: float = 0.0
                ) -> Matrix:
    """The matrix once the probes answered (a probe not answered stays pending)."""
    by_request = {r.request: r for r in results}
    snapshot = plan.snapshot
    internal = frozenset(
        n.name for n in (snapshot.networks.values() if snapshot else ()) if n.internal)
    cells: dict[tuple[str, str], Cell] = {}
    for key, cell in plan.matrix.cells.items():
        used = plan.uses.get(key, ())
        found = {kind: [by_request.get(r) for k, r in used if k == kind]
                 for kind in ("resolve", "ping", "tcp")}
        if found["resolve"]:
            cell = replace(cell, resolve=_outcome("resolve", found["resolve"]))
        if found["ping"]:
            cell = replace(cell, ping=_outcome("ping", found["ping"]))
        if found["tcp"]:
            cell = replace(cell, tcp=_outcome("tcp", found["tcp"]))
        pairs = [p for p in plan.pairs if (p.source, p.target) == key]
        verdict = _check(cell, pairs)
        cell = replace(cell, as_expected=verdict)
        if verdict is False and snapshot is not None:
            src, dst = snapshot.containers[key[0]], snapshot.containers[key[1]]
            detail = _detail(found["tcp"] or found["ping"])
            cell = replace(cell, reason=why(cell, src, dst, detail, internal))
        cells[key] = cell
    return replace(plan.matrix, cells=cells, filled=True, elapsed=elapsed)


def fill_matrix(gateway: Prober, snapshot: Snapshot, expected: Expected) -> Matrix:
    """Plan the matrix, run its probes in parallel (one batch per source), read it."""
    plan = plan_matrix(snapshot, expected)
    if not plan.requests:
        return read_matrix(plan, [])
    start = time.monotonic()
    results = gateway.run_probes(list(plan.requests), parallel=max(4, len(plan.sources)))
    return read_matrix(plan, results, time.monotonic() - start)
