"""Evaluate a step: one snapshot, every probe of its checks in parallel, pure verdicts.

>>> result = evaluate_step(step, gateway, answer="172.17.0.0/16")
>>> result.status, [c.message for c in result.checks]

Container probes go through the gateway (``exec`` or a side-car sharing the
source's network); host probes (source :data:`~docker_lab.checks.registry.HOST_SOURCE`:
TCP or TLS to ``127.0.0.1``, files of the working directory, see
:mod:`docker_lab.lab.hostprobes`) are made here, at the same time.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from docker_lab.checks.model import CheckResult, Status, StepResult
from docker_lab.checks.registry import HOST_SOURCE, ProbeResults
from docker_lab.course.models import CheckSpec, Step
from docker_lab.engine.models import ProbeRequest, ProbeResult, Snapshot
from docker_lab.lab.compose import scope
from docker_lab.lab.hostprobes import CommandSource, host_probe
from docker_lab.lab.steps import takes_answer

#: Worst first: a step's status is the worst of its checks' statuses.
SEVERITY = (Status.FAIL, Status.ERROR, Status.PENDING, Status.PASS)


class Gateway(Protocol):
    """What the runner needs from :class:`docker_lab.engine.gateway.DockerGateway`."""

    def snapshot(self) -> Snapshot: ...

    def run_probes(self, requests: Sequence[ProbeRequest], parallel: int = 4
                   ) -> list[ProbeResult]: ...


def step_status(checks: Sequence[CheckResult]) -> Status:
    """The worst status among the checks (``pass`` for none)."""
    present = {c.status for c in checks}
    return next((s for s in SEVERITY if s in present), Status.PASS)


def needed_probes(step: Step, snapshot: Snapshot) -> list[ProbeRequest]:
    """Every probe the step's checks need in this state, without duplicates, in order."""
    seen: dict[ProbeRequest, None] = {}
    for spec in step.checks:
        try:
            for request in spec.check.probes(snapshot):
                seen.setdefault(request, None)
        except Exception:  # a broken kind must not hide the other checks
            continue
    return list(seen)


def run_all_probes(gateway: Gateway, requests: Sequence[ProbeRequest],
                   workdir: Path | None = None, commands: CommandSource | None = None
                   ) -> ProbeResults:
    """Run container probes through the gateway and host probes here, concurrently.

    *workdir* is the exercise's working directory (for FILE probes); *commands* gives
    the commands run in the console since the step became current (COMMANDS probes).
    """
    host = [r for r in requests if r.source == HOST_SOURCE]
    inside = [r for r in requests if r.source != HOST_SOURCE]
    results: dict[ProbeRequest, ProbeResult] = {}
    if not host and not inside:
        return results
    with ThreadPoolExecutor(max_workers=max(1, len(host))) as pool:
        futures = [pool.submit(host_probe, r, workdir, commands) for r in host]
        if inside:
            for result in gateway.run_probes(inside):
                results[result.request] = result
        for future in futures:
            result = future.result()
            results[result.request] = result
    return results


def evaluate_check(spec: CheckSpec, snapshot: Snapshot, probes: ProbeResults,
                   answer: str | None = None) -> CheckResult:
    """Evaluate one check (pure); an unexpected exception becomes an ``error`` verdict."""
    try:
        return spec.check.evaluate(snapshot, probes, answer)
    except Exception as exc:  # a bug in a kind must never reach the student as a traceback
        return CheckResult(spec.kind, Status.ERROR,
                           f"Erreur interne de la vérification {spec.kind} : {exc!r}")


def evaluate_checks(step: Step, snapshot: Snapshot, probes: ProbeResults,
                    answer: str | None = None) -> StepResult:
    """Evaluate every check of a step against a snapshot and probe results (pure)."""
    checks = tuple(evaluate_check(spec, snapshot, probes, answer) for spec in step.checks)
    return StepResult(step.id, step.title, step_status(checks), checks)


def evaluate_step(step: Step, gateway: Gateway, answer: str | None = None,
                  snapshot: Snapshot | None = None, workdir: Path | None = None,
                  commands: CommandSource | None = None) -> StepResult:
    """Take one snapshot (unless given), run the step's probes in parallel, evaluate.

    Args:
        step: the step to check.
        gateway: the engine gateway (raises ``EngineError`` when the daemon is gone).
        answer: the student's value for ``answer`` checks (``None``: pending).
        snapshot: a snapshot already taken (several steps checked at one instant).
        workdir: the exercise's working directory: its Compose project's services may be
            named like containers, and FILE probes read there.
        commands: the commands run since the step became current (``ran`` checks).
    """
    snap = scope(snapshot if snapshot is not None else gateway.snapshot(), workdir)
    probes = run_all_probes(gateway, needed_probes(step, snap), workdir, commands)
    return evaluate_checks(step, snap, probes, answer)


def wait_for_step(step: Step, gateway: Gateway, answer: str | None = None,
                  timeout: float = 30.0, interval: float = 0.5,
                  workdir: Path | None = None, commands: CommandSource | None = None
                  ) -> StepResult:
    """Re-evaluate until the step passes or ``timeout`` seconds pass; return the last verdict.

    For ``solve``: a server just started (postgres) needs a few seconds to listen.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = evaluate_step(step, gateway, answer, workdir=workdir, commands=commands)
        if result.status is Status.PASS or time.monotonic() >= deadline:
            return result
        if result.status is Status.PENDING and answer is None and takes_answer(step):
            return result  # waiting for the student's value: time will not change it
        time.sleep(interval)  # polling the engine, with a deadline
