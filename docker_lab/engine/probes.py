"""Probes from inside a container's network namespace: resolve, TCP connect, ping.

Probes are grouped by source container; each group runs as **one** shell script
whose probes run in parallel (background jobs), each with its timeout inside the
command (``timeout N``, ``nc -w1``, ``ping -c1 -W1``). Groups run in parallel
threads. A group runs with ``exec`` when the source has the tools (detected once
per container id and cached on the gateway); otherwise in a short-lived side-car
of the lab image sharing the source's network (``network_mode=container:<id>``),
labelled and removed even on error. Targets are container names or private
addresses: a public IP literal is refused (nothing leaves the machine).
"""

from __future__ import annotations

import contextlib
import ipaddress
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from docker_lab.engine.connection import engine_errors
from docker_lab.engine.errors import EngineError
from docker_lab.engine.models import ProbeKind, ProbeRequest, ProbeResult
from docker_lab.engine.probescript import (
    DETECT_SCRIPT,
    TOOL_KINDS,
    batch_script,
    parse_batch,
    parse_tools,
    result_from_output,
)

if TYPE_CHECKING:
    from docker_lab.engine.gateway import DockerGateway

PROBE_LABEL = "docker-lab.probe"  # "true" on probe side-cars


def _refused_target(target: str) -> bool:
    try:
        addr = ipaddress.ip_address(target)
    except ValueError:
        return False
    return not (addr.is_private or addr.is_loopback or addr.is_link_local)


def _error(req: ProbeRequest, detail: str, method: str = "") -> ProbeResult:
    return ProbeResult(req, ok=False, detail=detail, error=True, method=method)


def _exec(api: Any, cid: str, script: str) -> tuple[int, str]:
    exec_id = api.exec_create(cid, ["sh", "-c", script], user="0", stdout=True, stderr=True)
    out: bytes = api.exec_start(exec_id)
    code = api.exec_inspect(exec_id).get("ExitCode")
    return (127 if code is None else int(code)), out.decode("utf-8", "replace")


def _tools(gw: DockerGateway, cid: str) -> frozenset[str]:
    import docker.errors

    cached = gw.probe_tools.get(cid)
    if cached is not None:
        return cached
    try:
        code, out = _exec(gw.client.api, cid, DETECT_SCRIPT)
        tools = parse_tools(out) if code == 0 else frozenset()
    except docker.errors.APIError:  # no sh in the image: exec cannot even start
        tools = frozenset()
    gw.probe_tools[cid] = tools
    return tools


#: A side-car still ``created`` (never started) after this many seconds was left by a
#: process killed between create and start: started ones remove themselves (``--rm``).
STALE_SIDECAR = 5.0


def _stale_sidecar(listed: dict[str, Any], older_than: float) -> bool:
    labels = listed.get("Labels") or {}
    return (labels.get(PROBE_LABEL) == "true" and listed.get("State") != "running"
            and time.time() - float(listed.get("Created") or 0) > older_than)


def _remove_sidecar(api: Any, cid: str) -> bool:
    import docker.errors

    try:
        api.remove_container(cid, force=True)
        return True
    except docker.errors.APIError:  # already gone (auto-removed, or another process swept it)
        return False


def sweep_listed_sidecars(api: Any, listed: list[dict[str, Any]],
                          older_than: float = STALE_SIDECAR) -> list[dict[str, Any]]:
    """Remove the stale probe side-cars among *listed*; return the others."""
    kept = []
    for c in listed:
        if _stale_sidecar(c, older_than):
            _remove_sidecar(api, str(c["Id"]))
        else:
            kept.append(c)
    return kept


def sweep_sidecars(api: Any, older_than: float = STALE_SIDECAR) -> int:
    """Remove stopped probe side-cars left by a killed process; return how many."""
    listed = api.containers(all=True, filters={"label": f"{PROBE_LABEL}=true"})
    return len(listed) - len(sweep_listed_sidecars(api, listed, older_than))


def _sidecar(gw: DockerGateway, cid: str, script: str, wait: float) -> str:
    """Run *script* in a side-car sharing *cid*'s network; return its output.

    The side-car is started with auto-removal (``--rm``): it goes away when its script
    ends even if this process is killed meanwhile. Its output is read by attaching
    before the start, so the removal cannot take it away.
    """
    import docker.errors

    from docker_lab.engine.labels import LAB_IMAGE, managed_labels
    from docker_lab.engine.labimage import ensure_lab_image

    api = gw.client.api
    ensure_lab_image(gw.client)
    if not gw.sidecars_swept:
        gw.sidecars_swept = True
        sweep_sidecars(api)
    created = api.create_container(
        LAB_IMAGE, command=["timeout", str(int(wait)), "sh", "-c", script],
        labels={**managed_labels(), PROBE_LABEL: "true"},
        host_config=api.create_host_config(network_mode=f"container:{cid}", auto_remove=True),
    )
    sidecar = created["Id"]
    try:
        stream = api.attach(sidecar, stdout=True, stderr=True, stream=True, logs=True)
        api.start(sidecar)
        output = b"".join(stream).decode("utf-8", "replace")
        # The engine removes it by itself; wait for that, so nothing is left once we return.
        with contextlib.suppress(docker.errors.NotFound):
            api.wait(sidecar, timeout=wait, condition="removed")
        return output
    finally:
        _remove_sidecar(api, sidecar)


def _run_group(gw: DockerGateway, source: str, reqs: list[ProbeRequest]) -> list[ProbeResult]:
    import docker.errors

    api = gw.client.api
    try:
        info = api.inspect_container(source)
    except docker.errors.NotFound:
        return [_error(r, f"le container « {source} » n'existe pas") for r in reqs]
    state = info.get("State") or {}
    if not state.get("Running") or state.get("Paused"):
        status = state.get("Status") or "arrêté"
        return [
            _error(r, f"le container « {source} » n'est pas démarré (état : {status})")
            for r in reqs
        ]
    cid = str(info["Id"])
    tools = _tools(gw, cid)
    by_exec = [r for r in reqs if TOOL_KINDS[r.kind] & tools]
    by_sidecar = [r for r in reqs if not TOOL_KINDS[r.kind] & tools]
    results: dict[int, ProbeResult] = {}
    wait = max(r.timeout for r in reqs) + 10.0
    for method, group, toolset in (("exec", by_exec, tools), ("sidecar", by_sidecar, None)):
        if not group:
            continue
        script = batch_script(group, toolset)
        try:
            if method == "exec":
                out = _exec(api, cid, script)[1]
            else:
                out = _sidecar(gw, cid, script, wait)
        except docker.errors.APIError as exc:
            for r in group:
                results[id(r)] = _error(r, f"la sonde n'a pas pu s'exécuter : {exc.explanation}",
                                        method)
            continue
        except EngineError as exc:
            for r in group:
                results[id(r)] = _error(r, exc.french(), method)
            continue
        parsed = parse_batch(out)
        for i, r in enumerate(group):
            results[id(r)] = result_from_output(r, parsed.get(i), method)
    return [results[id(r)] for r in reqs]


def run_probes(
    gw: DockerGateway, requests: Sequence[ProbeRequest], parallel: int = 4
) -> list[ProbeResult]:
    """Run *requests* and return one :class:`ProbeResult` each, in the same order.

    A probe whose source is missing or stopped comes back with ``error=True``
    and a French ``detail``; a missing daemon raises :class:`DaemonUnreachable`.
    """
    results: dict[int, ProbeResult] = {}
    groups: dict[str, list[ProbeRequest]] = defaultdict(list)
    for r in requests:
        if _refused_target(r.target):
            results[id(r)] = _error(r, f"cible refusée : {r.target} est hors de cette machine")
        elif r.kind is ProbeKind.TCP and not r.port:
            results[id(r)] = _error(r, "test TCP sans numéro de port")
        elif r.kind not in TOOL_KINDS:
            results[id(r)] = _error(r, f"la sonde « {r.kind} » se fait depuis l'hôte, "
                                       "pas dans un container")
        else:
            groups[r.source].append(r)
    with engine_errors(gw.host):
        if len(groups) == 1:
            done = [_run_group(gw, *next(iter(groups.items())))]
        else:
            with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
                futures = [pool.submit(_run_group, gw, s, g) for s, g in groups.items()]
                done = [f.result() for f in futures]
    for group_results in done:
        for res in group_results:
            results[id(res.request)] = res
    return [results[id(r)] for r in requests]

