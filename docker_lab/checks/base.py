"""Helpers shared by the check kinds: verdicts and the French sentences they reuse.

Every failing verdict says what was expected, what was found and what to try
(a real command), e.g. « Le réseau « app-network » n'existe pas. Essayez :
docker network create app-network ».
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Iterable

from docker_lab.checks.model import FIX_LEAD, CheckResult, Status
from docker_lab.checks.start_failure import start_failure, start_failure_fix
from docker_lab.engine.models import ContainerInfo, Snapshot

#: Networks every engine has; never created nor removed by an exercise.
PREDEFINED_NETWORKS = frozenset({"bridge", "host", "none"})

LOG_LINES = 5

#: What common exit codes usually mean, for a stopped container's message.
EXIT_MEANINGS = {
    0: " Sa commande s'est terminée sans erreur : soit on l'a arrêté (docker stop), soit elle "
       "s'est finie d'elle-même — un container ne vit que le temps de sa commande (donnez-lui "
       "une commande qui dure, par ex. sleep 3600).",
    126: " La commande n'a pas pu être exécutée (permission ?).",
    127: " La commande est introuvable dans l'image.",
    137: " Il a été tué (docker stop, docker kill ou manque de mémoire).",
    143: " Il a été arrêté (docker stop).",
}


def passed(kind: str, message: str, expected: str = "", actual: str = "") -> CheckResult:
    """A passing verdict."""
    return CheckResult(kind, Status.PASS, message, expected, actual)


def failed(
    kind: str, message: str, fix: str = "", expected: str = "", actual: str = ""
) -> CheckResult:
    """A failing verdict; ``fix`` (a command or a sentence) is appended as « Essayez : … ».

    The result also keeps ``fix`` apart (``CheckResult.diagnosis`` is the message
    without it), so that the app can hold the suggestion back until an attempt.
    """
    separator = "\n" if "\n" in message else " "
    if fix and message and message.rstrip()[-1] not in ".!?:…":
        message = message.rstrip() + "."  # a sentence ends before « Essayez »
    text = f"{message}{separator}{FIX_LEAD}{fix}" if fix else message
    return CheckResult(kind, Status.FAIL, text, expected, actual, fix=fix)


def errored(kind: str, message: str, expected: str = "") -> CheckResult:
    """The check could not be made (a probe could not run)."""
    return CheckResult(kind, Status.ERROR, message, expected, "")


def quoted(names: Iterable[str]) -> str:
    """« a », « b » et « c » (or « aucun »)."""
    items = [f"« {n} »" for n in names]
    if not items:
        return "aucun"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " et " + items[-1]


def similar(name: str, candidates: Iterable[str]) -> str:
    """`` (« bakend » existe : faute de frappe ?)`` when a close name exists, else ``""``."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.75)
    return f" (« {close[0]} » existe : faute de frappe ?)" if close else ""


def _missing(kind: str, what: str, name: str, existing: Iterable[str], fix: str) -> CheckResult:
    names = list(existing)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    if close and what == "le container":
        fix = f"docker rename {close[0]} {name} (si c'est lui), sinon {fix}"
    return failed(kind, f"{what.capitalize()} « {name} » n'existe pas{similar(name, names)}.",
                  fix, expected=f"{what[3:]} « {name} »",
                  actual=f"absent ({close[0]} existe)" if close else "absent")


def missing_container(kind: str, name: str, snapshot: Snapshot, fix: str = "") -> CheckResult:
    """Verdict for a container that does not exist."""
    return _missing(kind, "le container", name, snapshot.containers,
                    fix or f"docker run -d --name {name} …")


def missing_network(kind: str, name: str, snapshot: Snapshot, fix: str = "") -> CheckResult:
    """Verdict for a network that does not exist."""
    return _missing(kind, "le réseau", name, snapshot.networks,
                    fix or f"docker network create {name}")


#: How close a variable set must be to one asked for to be called a typo of it: 0.7 called
#: POSTGRES_USER (0.73), set on purpose, a typo of POSTGRES_PASSWORD.
ENV_TYPO_CUTOFF = 0.8


def stopped_description(c: ContainerInfo) -> str:
    """« Le container « database » est arrêté (code de sortie 1). Dernières lignes … »."""
    if c.status == "created" and c.exit_code:
        return (f"Le container « {c.name} » a été créé mais n'a pas pu démarrer (code "
                f"{c.exit_code}).{EXIT_MEANINGS.get(c.exit_code, '')}"
                + start_failure(c))
    if c.status == "created":
        return f"Le container « {c.name} » est créé mais n'a jamais démarré.{start_failure(c)}"
    if c.status == "paused":
        return f"Le container « {c.name} » est en pause."
    if c.status == "restarting":
        text = (f"Le container « {c.name} » redémarre en boucle "
                f"(dernier code de sortie {c.exit_code}).")
    else:
        text = f"Le container « {c.name} » est arrêté (code de sortie {c.exit_code})."
        text += EXIT_MEANINGS.get(c.exit_code, "") + start_failure(c)
    lines = log_excerpt(c.log_tail)
    if lines:
        text += " Dernières lignes de son journal :\n" + "\n".join(f"    {ln}" for ln in lines)
    else:
        text += " Son journal est vide."
    for var in missing_variables(c):
        close = difflib.get_close_matches(var, list(c.env), n=1, cutoff=ENV_TYPO_CUTOFF)
        text += (f"\nLe journal réclame la variable {var}"
                 + (f" : vous avez défini « {close[0]} » (faute de frappe ?)." if close else
                    f", absente du container (-e {var}=…)."))
    return text


#: Log words that start the useful part of a crash message.
_ERROR_START = re.compile(r"\b(error|erreur|fatal|panic|exception|you must|cannot|can't|"
                          r"not found|no such|permission denied)\b", re.IGNORECASE)
#: Environment variables a crash message asks for (« You must specify POSTGRES_PASSWORD »).
_ASKED_VARIABLE = re.compile(r"(?:specify|set|define|-e)\s+\"?([A-Z][A-Z0-9]*_[A-Z0-9_]+)")


def log_excerpt(tail: Iterable[str], keep: int = LOG_LINES) -> list[str]:
    """The log lines worth showing: from the first error line on (at most 8), else the last few."""
    lines = [line for line in tail if line.strip()]
    start = next((i for i, line in enumerate(lines) if _ERROR_START.search(line)), None)
    if start is not None:
        return lines[start:start + 8]
    return lines[-keep:]


def missing_variables(c: ContainerInfo) -> list[str]:
    """Variables the container's last log lines ask for and that it does not have."""
    found: list[str] = []
    for line in c.log_tail:
        for var in _ASKED_VARIABLE.findall(line):
            if var not in c.env and var not in found:
                found.append(var)
    return found


def stopped_fix(c: ContainerInfo) -> str:
    """What to try for a container that is not running."""
    if retry := start_failure_fix(c):
        return retry
    if c.status == "created":
        return f"docker start {c.name}"
    if c.status == "paused":
        return f"docker unpause {c.name}"
    variables = missing_variables(c)
    if variables:
        flags = " ".join(f"-e {v}=VALEUR" for v in variables)
        return (f"docker rm -f {c.name} puis relancez-le avec la même commande docker run, "
                f"en ajoutant {flags} (docker logs {c.name} montre l'erreur entière)")
    if c.exit_code in (137, 143) or (c.exit_code == 0 and c.log_tail):
        return (f"docker start {c.name} (s'il a été arrêté) ; sinon docker logs {c.name}, "
                f"puis docker rm -f {c.name} et relancez-le avec une commande corrigée")
    return (f"docker logs {c.name} pour comprendre, puis corrigez la commande : "
            f"docker rm -f {c.name} et relancez-le avec docker run")


def not_running(kind: str, c: ContainerInfo) -> CheckResult:
    """Verdict for a container that exists but is not running."""
    return failed(kind, stopped_description(c), stopped_fix(c),
                  expected="en cours d'exécution (running)", actual=state_text(c))


def state_text(c: ContainerInfo) -> str:
    """``running``, ``exited (1)`` …"""
    if c.status in ("exited", "dead", "restarting"):
        return f"{c.status} ({c.exit_code})"
    return c.status


def attached_networks(c: ContainerInfo) -> list[str]:
    """The networks a container is attached to (not counting host/none modes' pseudo-networks)."""
    return sorted(n for n in c.endpoints if n not in ("host", "none"))


def network_mode(c: ContainerInfo) -> str:
    """The container's network mode, with ``default`` shown as ``bridge``."""
    mode = c.network_mode or "default"
    return "bridge" if mode == "default" else mode


def networks_text(c: ContainerInfo) -> str:
    """« connecté à « a » et « b » », « en mode réseau « none » », « déconnecté de tout réseau »."""
    nets = attached_networks(c)
    mode = network_mode(c)
    if mode in ("host", "none"):
        return f"en mode réseau « {mode} »"
    if mode.startswith("container:"):
        other = mode.split(":", 1)[1]
        if len(other) < 64:  # a name (resolved by the kind), not a raw id
            return f"partage la pile réseau de « {other} » (--network {mode})"
        return f"partage le réseau d'un autre container ({mode[:22]}…)"
    return f"connecté à {quoted(nets)}" if nets else "déconnecté de tout réseau"


def common_networks(a: ContainerInfo, b: ContainerInfo) -> list[str]:
    """Networks both containers are attached to."""
    return sorted(set(attached_networks(a)) & set(attached_networks(b)))


def same_address(a: str, b: str) -> bool:
    """Compare two IPs or CIDRs, tolerant of spaces and notation."""
    a, b = a.strip(), b.strip()
    try:
        if "/" in a or "/" in b:
            return ipaddress.ip_network(a, strict=False) == ipaddress.ip_network(b, strict=False)
        return ipaddress.ip_address(a) == ipaddress.ip_address(b)
    except ValueError:
        return a == b


def normalize_image(ref: str) -> str:
    """``postgres:13``, ``docker.io/library/postgres:13`` → ``postgres:13``; adds ``:latest``."""
    ref = ref.strip()
    for prefix in ("docker.io/", "index.docker.io/", "registry-1.docker.io/"):
        if ref.startswith(prefix):
            ref = ref[len(prefix):]
    if ref.startswith("library/"):
        ref = ref[len("library/"):]
    if "@" in ref:
        return ref
    last = ref.rsplit("/", 1)[-1]
    return ref if ":" in last else f"{ref}:latest"
