"""What the last console command means, in French: pure functions, text in, text out.

>>> found = explain_failure('docker run -d --name web nginx', 125,
...     'docker: Error response from daemon: Conflict. The container name "/web" is '
...     'already in use by container "3f2a". You have to remove (or rename) that container.')
>>> found.headline[:80]
'Votre commande `docker run -d --name web nginx` a échoué (code 125) : Conflict. '
>>> found.fix
'Supprimez l’ancien (`docker rm -f web`) ou choisissez un autre nom.'

The table covers the docker CLI's common errors; an error it does not know still gets
its headline (the command, its code and its error line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docker_lab.checks.cmdline import simple_commands
from docker_lab.checks.model import Status, StepResult
from docker_lab.lab.regressions import REGRESSION_PREFIX

if TYPE_CHECKING:
    from docker_lab.engine.models import Snapshot
    from docker_lab.lab.misconceptions import LastCommand

#: Longest command and error line quoted.
QUOTE_CHARS = 160
_DAEMON_PREFIX = re.compile(r"^(?:docker: )?(?:Error response from daemon: |Error: )", re.I)
#: A full object id (64 hex digits): quoted by its short form, as ``docker ps`` shows it.
_LONG_ID = re.compile(r"\b([0-9a-f]{12})[0-9a-f]{52}\b")


@dataclass(frozen=True)
class Explanation:
    """A failed command explained: what happened, what it means, what to do."""

    headline: str
    meaning: str = ""
    fix: str = ""
    error_id: str = ""

    def text(self) -> str:
        """The headline, then what it means and what to do on the next line."""
        advice = " ".join(p for p in (self.meaning, self.fix) if p)
        return f"{self.headline}\n{advice}" if advice else self.headline


@dataclass(frozen=True)
class KnownError:
    """One docker CLI error: a pattern of its output, its meaning and its fix (French).

    ``meaning`` and ``fix`` may use the pattern's named groups (``{name}``).
    """

    id: str
    pattern: re.Pattern[str]
    meaning: str
    fix: str


def _known(error_id: str, pattern: str, meaning: str, fix: str) -> KnownError:
    return KnownError(error_id, re.compile(pattern, re.I), meaning, fix)


KNOWN_ERRORS: tuple[KnownError, ...] = (
    _known("nom-pris", r'container name "/(?P<name>[^"]+)" is already in use',
           "Un container porte déjà ce nom, même arrêté (`docker ps -a` le montre).",
           "Supprimez l’ancien (`docker rm -f {name}`) ou choisissez un autre nom."),
    _known("reseau-existe", r"network with name (?P<name>\S+) already exists",
           "Ce réseau existe déjà : rien à recréer.",
           "`docker network ls` le montre ; pour le recréer autrement, "
           "`docker network rm {name}` d’abord."),
    _known("reseau-absent",
           r"No such network:?\s*(?P<name>[^\s,]+)|network (?P<name2>[^\s,]+) not found",
           "Le réseau « {name} » n’existe pas (nom mal écrit, ou pas encore créé).",
           "`docker network ls` liste les réseaux ; créez-le avec "
           "`docker network create {name}` ou corrigez le nom."),
    _known("container-absent", r"No such container:?\s*(?P<name>[^\s,]+)",
           "Aucun container ne s’appelle « {name} » (ou il a été supprimé).",
           "`docker ps -a` liste les containers et leurs noms."),
    _known("container-arrete", r"Container (?P<name>\S+) is not running",
           "Le container est arrêté : `docker exec` ne marche que dans un container en marche.",
           "`docker start` pour le relancer, ou `docker logs` pour savoir pourquoi il s’est "
           "arrêté."),
    _known("image-introuvable", r"pull access denied for (?P<image>[^,\s]+)|manifest for "
           r"(?P<image2>\S+) not found|(?:repository|image) (?P<image3>\S+) not found",
           "L’image n’est pas sur cette machine et n’a pas pu être téléchargée "
           "(nom mal écrit, ou pas d’accès au registre).",
           "`docker images` liste les images présentes ; `docker-lab setup` prépare celles du "
           "cours."),
    _known("port-pris", r"(?:Bind for \S*?:(?P<port>\d+) failed: port is already allocated"
           r"|listen tcp4? \S*?:(?P<port2>\d+): bind: address already in use)",
           "Ce port de l’hôte est déjà publié par un autre container (ou pris par un programme).",
           "`docker ps` montre qui le publie ; choisissez un autre port hôte (`-p 8081:80`). "
           "Arrêter l’autre n’est une solution que s’il est à vous."),
    _known("reference-invalide", r"invalid reference format",
           "Docker n’a pas compris le nom de l’image : majuscules, espace, ou une option "
           "placée là où il attend l’image.",
           "La forme est `docker run [OPTIONS] IMAGE [COMMANDE]` : les options avant l’image, "
           "l’image en minuscules."),
    _known("reseau-occupe", r"network (?P<name>\S+)(?: id \S+)? has active endpoints",
           "Des containers sont encore connectés à ce réseau : Docker refuse de le supprimer.",
           "`docker network inspect {name}` les liste ; déconnectez-les "
           "(`docker network disconnect {name} CONTAINER`) ou supprimez-les d’abord."),
    _known("sous-reseau-chevauche", r"Pool overlaps with other one on this address space|"
           r"networks have overlapping IPv[46]",
           "Ce sous-réseau chevauche celui d’un réseau qui existe déjà : deux réseaux ne "
           "peuvent pas se partager des adresses.",
           "`docker network inspect -f '{{{{.Name}}}} {{{{range .IPAM.Config}}}}{{{{.Subnet}}}}"
           "{{{{end}}}}' $(docker network ls -q)` montre qui l’occupe. Si l’étape demande ce "
           "sous-réseau, libérez-le (supprimez ce réseau-là, s’il est à vous) ; sinon, "
           "choisissez-en un libre."),
    _known("demon-injoignable", r"Cannot connect to the Docker daemon",
           "Le démon Docker ne répond pas : aucune commande docker ne peut marcher.",
           "Démarrez Docker (`sudo systemctl start docker`, ou Docker Desktop), puis "
           "`docker info`."),
    _known("permission-socket", r"permission denied while trying to connect to the Docker "
           r"daemon socket",
           "Votre utilisateur n’a pas le droit de parler à Docker.",
           "`sudo usermod -aG docker $USER` puis reconnectez-vous (ou préfixez par sudo)."),
    _known("deja-connecte", r"endpoint with name (?P<name>\S+) already exists in network "
           r"(?P<net>\S+)",
           "« {name} » est déjà connecté au réseau « {net} » : rien à refaire.",
           "`docker inspect {name}` montre ses réseaux."),
    _known("pas-connecte", r"container (?P<name>\S+) is not connected to (?:the )?network "
           r"(?P<net>\S+)",
           "Ce container n’est pas connecté à ce réseau : rien à déconnecter.",
           "`docker inspect {name}` montre ses réseaux."),
    _known("ip-sans-subnet", r"user specified IP address is supported only when connecting "
           r"to networks with user configured subnets",
           "`--ip` ne marche que sur un réseau créé avec son propre `--subnet`.",
           "Recréez le réseau avec `--subnet`, ou laissez Docker choisir l’adresse."),
    _known("alias-bridge", r"network-scoped alias is supported only for containers in user "
           r"defined networks",
           "Un alias (`--network-alias`) n’existe que sur un réseau personnalisé, pas sur le "
           "bridge par défaut.",
           "Ajoutez `--network MON-RESEAU` (créé avec `docker network create`)."),
    _known("ip-prise", r"Address already in use",
           "Cette adresse IP est déjà prise sur ce réseau.",
           "Choisissez une autre adresse dans le sous-réseau, ou laissez Docker choisir."),
    _known("sous-reseau-invalide", r"invalid (?:subnet|CIDR address)|no matching subnet",
           "Sous-réseau ou passerelle mal écrits : un sous-réseau s’écrit avec son préfixe "
           "(172.30.0.0/16) et la passerelle doit être dedans.",
           "Par exemple : `--subnet 172.30.0.0/16 --gateway 172.30.0.1`."),
    _known("option-inconnue", r"unknown (?:shorthand )?flag:? '?(?P<flag>[^'\s]+)",
           "Cette option n’existe pas pour cette commande (faute de frappe ?).",
           "Ajoutez `--help` à la commande pour voir ses options."),
    _known("argument-manquant", r"requires (?:at least|exactly|at most) \d+ arguments?",
           "Il manque (ou il y a trop) d’arguments.",
           "La ligne « Usage: » sous l’erreur donne la forme attendue."),
    _known("option-apres-image", r'exec: "(?P<option>-[^"]*)": executable file not found',
           "« {option} » a été pris pour la commande du container : c’est une option de "
           "docker, écrite après l’image.",
           "Les options vont avant l’image : `docker run [OPTIONS] IMAGE [COMMANDE]`. "
           "Supprimez le container créé (`docker rm NOM`) avant de relancer."),
    _known("programme-absent", r"executable file not found in \$PATH|exec: \"?(?P<prog>[^\s\"]+)"
           r"\"?: not found",
           "Ce programme n’existe pas dans l’image du container (les images sont minimales).",
           "Essayez un autre outil présent (`wget`, `nc`, `ping`…) ou une image qui l’a."),
    _known("nom-non-resolu", r"bad address|can't resolve|Name or service not known|"
           r"server can't find|Could not resolve host|unknown host|Temporary failure in name",
           "Le nom ne se résout pas d’où la commande est lancée : le DNS de Docker ne sert que "
           "les containers d’un même réseau personnalisé (pas le bridge par défaut, pas l’hôte).",
           "`docker network inspect RÉSEAU` : les deux containers y sont-ils ?"),
    _known("connexion-refusee", r"Connection refused",
           "La machine répond mais rien n’écoute sur ce port (le service démarre encore, ou "
           "écoute sur un autre port).",
           "`docker logs` du service ; vérifiez le port écouté."),
    _known("commande-introuvable", r"command not found: (?P<program>[\w.+-]+)|"
           r"(?P<program2>[\w.+-]+): command not found(?!:)|\d+: (?P<program3>[\w.+-]+): not found",
           "« {program} » n’existe pas sur cette machine : faute de frappe (`docker`, pas "
           "`dokcer`), ou outil pas installé sur l’hôte.",
           "Un outil absent de l’hôte existe souvent dans un container : "
           "`docker exec CONTAINER {program} …`."),
)


def _shorten(text: str) -> str:
    text = _LONG_ID.sub(r"\1", " ".join(text.split()))
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + "…"


def error_line(output: str) -> str:
    """The line of *output* that says what went wrong (daemon prefix removed)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        if re.search(r"error|denied|not found|no such|cannot|can't|refused|invalid|unknown|"
                     r"bad address|conflict|requires", line, re.I) and not line.startswith(
                         ("Usage:", "See '", "Run '")):
            return _DAEMON_PREFIX.sub("", line)
    return _DAEMON_PREFIX.sub("", lines[-1]) if lines else ""


def known_error(output: str) -> tuple[KnownError, dict[str, str]] | None:
    """The first known error whose pattern is in *output*, with its named groups."""
    for known in KNOWN_ERRORS:
        found = known.pattern.search(output)
        if found:
            groups = {k: v for k, v in found.groupdict().items() if v}
            for key in list(groups):  # port2 → port …
                groups.setdefault(key.rstrip("0123456789"), groups[key])
            return known, groups
    return None


def _fill(template: str, groups: dict[str, str]) -> str:
    try:
        return template.format(**groups)
    except (KeyError, IndexError):
        return re.sub(r" ?[«(]?\{[a-z0-9]+\}[»)]?", "", template)


def explain_failure(command: str, status: int | None, output: str) -> Explanation | None:
    """« Votre commande `…` a échoué (code N) : <error> » with its meaning; None on success."""
    if status is None or status == 0 or status >= 128:  # 130: interrupted (Ctrl+C)
        return None
    line = error_line(output)
    headline = f"Votre commande `{_shorten(command)}` a échoué (code {status})"
    headline += f" : {_shorten(line)}" if line else "."
    found = known_error(output)
    if found is None:
        return Explanation(headline)
    known, groups = found
    return Explanation(headline, _fill(known.meaning, groups), _fill(known.fix, groups),
                       known.id)


#: Docker sub-commands that change the engine's state (a step may wait for their effect).
_CHANGES = frozenset({"run", "create", "start", "restart", "stop", "kill", "rm", "connect",
                      "disconnect", "rename", "up", "down", "prune", "pause", "unpause"})


def changes_state(command: str) -> bool:
    """Whether *command* runs a docker sub-command that changes the engine's state."""
    for words in simple_commands(command):
        program = words[0].rsplit("/", 1)[-1]
        if program in ("docker", "docker-compose") and any(w in _CHANGES for w in words[1:4]):
            return True
    return False


def success_without_progress(command: str, status: int | None, result: StepResult | None
                             ) -> str | None:
    """« Votre commande a réussi, mais l'étape attend encore : … » after a state change.

    What the step waits for is said without its « Essayez » (the check above shows it);
    a check the command broke again is said so.
    """
    if status != 0 or result is None or result.status is Status.PASS or not changes_state(
            command):
        return None
    waiting = [c for c in result.checks if c.status not in (Status.PASS, Status.PENDING)]
    if not waiting:
        return None
    broken = next((c for c in waiting if c.regressed), None)
    if broken is not None:
        return (f"Votre commande `{_shorten(command)}` a réussi, mais elle a défait ce qui "
                f"était déjà en place : "
                f"{_first_line(broken.diagnosis.removeprefix(REGRESSION_PREFIX))}")
    return (f"Votre commande `{_shorten(command)}` a réussi, mais l'étape attend encore : "
            f"{_first_line(waiting[0].diagnosis)}")


def _first_line(text: str) -> str:
    """The first line of a check's message (its log excerpt stays in the check, above)."""
    first, _, rest = text.partition("\n")
    if not rest.strip():
        return first
    head, dot, _ = first.rstrip().rpartition(". ")  # « … Dernières lignes de son journal : »
    return f"{head + '.' if dot else first} Le détail est dans les contrôles, ci-dessus."


def command_feedback(snapshot: Snapshot | None, last: LastCommand) -> str:
    """What to say about the last console command: the misconceptions it shows, then (for
    a failure) its error explained; ``""`` when there is nothing to say."""
    from docker_lab.lab.misconceptions import describe, detect_all

    found = detect_all(snapshot, last)
    failure = explain_failure(last.command, last.status, last.output)
    # A misconception named may say why better than the error's general meaning (« no such
    # network » after a swapped `network connect` is not « create the network »).
    replaced = failure is not None and any(failure.error_id in item.replaces
                                           for item, _ in found)
    parts = [(failure.headline if replaced else failure.text()) if failure else "",
             describe(found)]
    return "\n".join(p for p in parts if p)
