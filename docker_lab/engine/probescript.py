"""The shell side of probes: tool detection, one batch script per source, parsing.

Pure functions (no engine here), unit-testable. The script runs under any POSIX
``sh`` (busybox ash, dash, bash); each probe is a background job printing one
block ``@@BEGIN <i> <rc>`` … ``@@END <i>``.
"""

from __future__ import annotations

import ipaddress
import math
import re
import shlex
from collections.abc import Sequence

from docker_lab.engine.models import ProbeKind, ProbeRequest, ProbeResult

#: Prints ``tool:<name>`` for each probe tool the container has.
DETECT_SCRIPT = (
    'for t in nslookup getent nc ping timeout bash cat; do '
    'command -v "$t" >/dev/null 2>&1 && echo "tool:$t"; done; '
    'if command -v nc >/dev/null 2>&1; then h=$(nc -h 2>&1 </dev/null); '
    'case "$h" in *-z*) echo "tool:nc-z";; esac; fi; exit 0'
)

#: Which detected tools can run each kind (``bash-tcp`` = bash /dev/tcp + timeout).
TOOL_KINDS: dict[ProbeKind, frozenset[str]] = {
    ProbeKind.RESOLVE: frozenset({"nslookup", "getent"}),
    ProbeKind.TCP: frozenset({"nc", "bash-tcp"}),
    ProbeKind.PING: frozenset({"ping"}),
    ProbeKind.MTU: frozenset({"cat"}),
}

#: The lab image's busybox (side-cars): nslookup, nc without -z, ping, timeout, cat.
BUSYBOX_TOOLS = frozenset({"nslookup", "nc", "ping", "timeout", "cat"})

TIMEOUT_CODES = (124, 137, 143)  # GNU timeout, SIGKILL, busybox timeout (SIGTERM)

_PREAMBLE = (
    "p() { i=$1; shift; OUT=$(\"$@\" 2>&1 </dev/null); RC=$?; "
    "printf '@@BEGIN %s %s\\n%s\\n@@END %s\\n' \"$i\" \"$RC\" \"$OUT\" \"$i\"; }"
)
_BLOCK = re.compile(r"^@@BEGIN (\d+) (\d+)\n(.*?)\n?@@END \1$", re.S | re.M)


def seconds(timeout: float) -> int:
    """A probe timeout as whole seconds for ``-w``/``-W`` (at least 1)."""
    return max(1, math.ceil(timeout))


def parse_tools(output: str) -> frozenset[str]:
    """The tool set from :data:`DETECT_SCRIPT` output."""
    tools = {ln[5:].strip() for ln in output.splitlines() if ln.startswith("tool:")}
    if {"bash", "timeout"} <= tools:
        tools.add("bash-tcp")
    return frozenset(tools)


def probe_command(req: ProbeRequest, tools: frozenset[str]) -> list[str]:
    """The argv running *req* with *tools* (the caller checked one tool fits)."""
    w = seconds(req.timeout)
    target = req.target
    guard = ["timeout", str(w + 1)] if "timeout" in tools else []
    if req.kind is ProbeKind.RESOLVE:
        if "nslookup" in tools:
            return [*guard, "nslookup", target]
        return [*guard, "getent", "ahosts", target]
    if req.kind is ProbeKind.PING:
        return [*guard, "ping", "-c1", f"-W{w}", target]
    if req.kind is ProbeKind.MTU:
        return ["cat", f"/sys/class/net/{target}/mtu"]
    port = str(req.port)
    if "nc-z" in tools:
        # No ``timeout`` guard here: busybox's ``timeout`` would run its own ``nc``
        # applet (no ``-z``) instead of the image's netcat; ``-w`` bounds it already.
        # ``-v``: without it a refused port fails silently (« code 1 », not « refusée »).
        return ["nc", "-zv", f"-w{w}", target, port]
    if "nc" in tools:
        return [*guard, "nc", f"-w{w}", target, port]
    return ["timeout", str(w), "bash", "-c", "</dev/tcp/$1/$2", "_", target, port]


def batch_script(reqs: Sequence[ProbeRequest], tools: frozenset[str] | None) -> str:
    """One ``sh`` script running all *reqs* in parallel (``None`` = lab image busybox)."""
    toolset = BUSYBOX_TOOLS if tools is None else tools
    lines = [_PREAMBLE]
    for i, req in enumerate(reqs):
        argv = probe_command(req, toolset)
        lines.append(f"p {i} {shlex.join(argv)} &")
    lines.append("wait")
    return "\n".join(lines)


def parse_batch(output: str) -> dict[int, tuple[int, str]]:
    """``{index: (exit code, output)}`` from a batch script's output."""
    return {int(m.group(1)): (int(m.group(2)), m.group(3)) for m in _BLOCK.finditer(output)}


def parse_addresses(output: str) -> tuple[str, ...]:
    """Addresses from ``nslookup`` (busybox or bind) or ``getent ahosts`` output."""
    lines = output.splitlines()
    if any(ln.startswith("Server:") for ln in lines):  # nslookup: skip the server part
        names = [i for i, ln in enumerate(lines) if ln.lower().startswith("name:")]
        lines = lines[names[0] + 1:] if names else []
    found: list[str] = []
    for ln in lines:
        if ln.startswith("**") or ";;" in ln:
            continue
        for token in ln.replace("Address:", " ").split():
            try:
                addr = str(ipaddress.ip_address(token))
            except ValueError:
                continue
            if addr not in found:
                found.append(addr)
    return tuple(found)


def _reason(rc: int, out: str) -> str:
    low = out.lower()
    if (rc in TIMEOUT_CODES or "timed out" in low or "timeout" in low
            or "100% packet loss" in low):
        return "délai dépassé"
    if "refused" in low:
        return "connexion refusée"
    if any(k in low for k in ("bad address", "unknown host", "not known", "can't find",
                              "nxdomain", "could not resolve")):
        return "nom inconnu"
    if "unreachable" in low:
        return "destination injoignable"
    last = [ln for ln in out.splitlines() if ln.strip()]
    return f"code {rc}" + (f" : {last[-1].strip()}" if last else "")


def result_from_output(
    req: ProbeRequest, block: tuple[int, str] | None, method: str
) -> ProbeResult:
    """Turn one parsed block into a :class:`ProbeResult`.

    ``detail`` is short French meant to be embedded in a sentence: on failure the
    reason (« connexion refusée », « délai dépassé », « nom inconnu »...), on
    success what was seen (« résolu en 172.20.0.3 », « connexion acceptée »).
    """
    if block is None:
        return ProbeResult(req, ok=False, error=True, method=method,
                           detail="la sonde n'a rien renvoyé (container arrêté pendant le test ?)")
    rc, out = block
    if req.kind is ProbeKind.RESOLVE:
        addresses = parse_addresses(out)
        if addresses:
            return ProbeResult(req, ok=True, addresses=addresses, method=method,
                               detail=f"résolu en {', '.join(addresses)}")
        why = _reason(rc, out)
        if why == "délai dépassé":  # Docker's DNS stays silent for names it does not know
            why = "nom inconnu (aucune réponse DNS avant le délai)"
        return ProbeResult(req, ok=False, method=method, detail=why)
    if req.kind is ProbeKind.MTU:
        value = out.strip()
        if rc == 0 and value.isdigit():
            return ProbeResult(req, ok=True, method=method, detail=value)
        return ProbeResult(req, ok=False, method=method,
                           detail=f"pas d'interface « {req.target} » dans ce container")
    if rc == 0:
        what = "connexion acceptée" if req.kind is ProbeKind.TCP else "réponse reçue"
        return ProbeResult(req, ok=True, method=method, detail=what)
    return ProbeResult(req, ok=False, method=method, detail=_reason(rc, out))
