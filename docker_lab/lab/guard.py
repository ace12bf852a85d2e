"""Reference solutions never remove what the student owned before the exercise began.

``solve`` runs each solution command with ``bash -c`` behind a ``docker`` shell function
that refuses ``docker rm``, ``docker container rm``, ``docker network rm`` and
``docker volume rm`` of a protected name (the resources recorded as pre-existing when
the exercise started). A refusal is written to a file, so a command that swallows the
failure (``… || true``) still stops the solution, with what is in the way.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

KIND_WORDS = {"containers": "le container", "networks": "le réseau", "volumes": "le volume"}

#: The ``docker`` function prepended to each solution command (bash).
_SHIM = r'''docker() {
  local kind="" skip=0 a
  case "$1 $2" in
    "network rm"|"network remove") kind=networks; skip=2 ;;
    "volume rm"|"volume remove") kind=volumes; skip=2 ;;
    "container rm"|"container remove") kind=containers; skip=2 ;;
    *) [ "$1" = rm ] && { kind=containers; skip=1; } ;;
  esac
  if [ -n "$kind" ]; then
    for a in "${@:$((skip + 1))}"; do
      case "$a" in -*) continue ;; esac
      case " ${DOCKER_LAB_PROTECTED_ALL} " in *" $kind:$a "*)
        printf '%s %s\n' "$kind" "$a" >> "$DOCKER_LAB_BLOCKED"
        echo "docker-lab : $a existait avant l'exercice, la solution n'y touche pas." >&2
        return 3 ;;
      esac
    done
  fi
  command docker "$@"
}
'''


@dataclass(frozen=True)
class Blocked:
    """A removal the guard refused: the kind (containers, networks, volumes) and the name."""

    kind: str
    name: str

    def sentence(self) -> str:
        """« le réseau « mon-app-network » »."""
        return f"{KIND_WORDS.get(self.kind, self.kind)} « {self.name} »"


def protected_words(preexisting: Mapping[str, Sequence[str]]) -> str:
    """The ``kind:name`` words of the protected resources, space-separated."""
    return " ".join(f"{kind}:{name}" for kind in KIND_WORDS
                    for name in preexisting.get(kind, ()) if " " not in name)


def guarded(command: str) -> str:
    """The bash script running *command* behind the guard."""
    return _SHIM + command


def guard_env(preexisting: Mapping[str, Sequence[str]], blocked_file: Path) -> dict[str, str]:
    """The environment of a guarded command (the current one, plus the guard's variables)."""
    return {**os.environ, "DOCKER_LAB_PROTECTED_ALL": protected_words(preexisting),
            "DOCKER_LAB_BLOCKED": str(blocked_file)}


def read_blocked(blocked_file: Path) -> list[Blocked]:
    """The removals refused so far (none when the file does not exist)."""
    try:
        text = blocked_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    found = [Blocked(*line.split(" ", 1)) for line in text.splitlines() if " " in line]
    return list(dict.fromkeys(found))


def blocked_message(blocked: Sequence[Blocked]) -> str:
    """What is in the way, and what the student may do, in French."""
    names = ", ".join(b.sentence() for b in blocked)
    removals = " ; ".join(
        f"docker {'network ' if b.kind == 'networks' else 'volume ' if b.kind == 'volumes' else ''}"
        f"rm {shlex.quote(b.name)}" for b in blocked)
    return (f"La solution de référence s'arrête : elle supprimerait {names}, qui existait avant "
            "le début de l'exercice. docker-lab ne supprime jamais ce que vous avez créé. Si "
            f"vous n'en avez plus besoin, supprimez-le vous-même ({removals}) puis relancez "
            "docker-lab solve ; sinon, faites l'étape à la main.")


class SolutionBlocked(Exception):
    """A solution stopped because it would remove something the student owned."""

    def __init__(self, blocked: Sequence[Blocked]) -> None:
        super().__init__(blocked_message(blocked))
        self.blocked = tuple(blocked)
