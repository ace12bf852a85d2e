"""``docker-lab map [EXERCICE] [--json] [--width N]``: the network map and the access matrix.

Without an exercise, the engine's networks and containers as they are. With one, laid
over what the exercise expects (✓ conforme, ✗ manquant, + en trop, ≠ différent), and
the matrix of its running containers (DNS, ping, port). Read-only. Exit status: 0 the
map was printed, 2 it cannot be (Docker unreachable, unknown exercise). The JSON shape
is documented in :mod:`docker_lab.lab.mapjson`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from typing import Any

from docker_lab.commands.exercise_cli import find_exercise, load_course, open_gateway, run_guarded
from docker_lab.lab.maptext import Line

#: ANSI codes of the map's styles (none when colour is off).
ANSI = {"ok": "32", "missing": "31", "extra": "33", "differs": "35", "title": "1", "dim": "2"}


def register(sub: Any) -> None:
    """Register the sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "map", help="carte des réseaux et matrice d'accès (attendu / réel)",
        description="Dessine les réseaux et les containers du moteur Docker ; avec un "
                    "exercice, les compare à ce qu'il attend (✓ conforme, ✗ manquant, "
                    "+ en trop, ≠ différent, · sans attente) et teste qui joint qui "
                    "entre ses containers (DNS, ping, port). Ne modifie rien.\n"
                    "Code de sortie : 0 carte affichée, 2 impossible (Docker injoignable, "
                    "exercice inconnu).")
    parser.add_argument("exercise", metavar="EXERCICE", nargs="?", default=None,
                        help="identifiant de l'exercice (ex. multi-tiers) ; absent : l'état "
                             "du moteur sans comparaison")
    parser.add_argument("--json", action="store_true", help="résultat en JSON")
    parser.add_argument("--width", type=int, metavar="N",
                        help="largeur du dessin (par défaut : celle du terminal)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``map`` (printed outside the guard: a closed pipe is the reader's choice)."""
    out: list[str] = []
    code = run_guarded(lambda a: _map(a, out), args)
    if out:
        print(out[0])
    return code


def colour_wanted() -> bool:
    """Colours only on a terminal, and never with ``NO_COLOR`` or a monochrome ``TERM``."""
    term = os.environ.get("TERM", "")
    return (sys.stdout.isatty() and "NO_COLOR" not in os.environ
            and term not in ("dumb", "") and not term.endswith("-mono"))


def styled(lines: Sequence[Line], colour: bool) -> str:
    """The lines as text, with ANSI colours when *colour*."""
    out: list[str] = []
    for line in lines:
        parts = [f"\x1b[{ANSI[style]}m{text}\x1b[0m" if colour and style in ANSI else text
                 for text, style in line]
        out.append("".join(parts).rstrip())
    return "\n".join(out)


def _map(args: argparse.Namespace, out: list[str]) -> int:
    from docker_lab.lab.mapjson import map_json
    from docker_lab.lab.maptext import map_lines, matrix_lines
    from docker_lab.lab.matrix import fill_matrix
    from docker_lab.lab.netmap import read_map

    exercise = None
    workdir = None
    if args.exercise is not None:
        exercise = find_exercise(load_course(args), args.exercise)
        from docker_lab.paths import workdir_for

        workdir = workdir_for(exercise.id)
    gateway = open_gateway()
    try:
        view = read_map(gateway, exercise, workdir)
        matrix = fill_matrix(gateway, view.snapshot, view.expected) if exercise else None
    finally:
        gateway.close()
    if args.json:
        out.append(json.dumps(map_json(view.exercise_id, view.topology, matrix),
                              ensure_ascii=False, indent=2))
        return 0
    width = args.width or shutil.get_terminal_size((100, 30)).columns
    title: Line = [(f"Exercice « {exercise.id} » — {exercise.title}" if exercise else
                    "Réseaux du moteur Docker", "title")]
    lines = [title, *map_lines(view.topology, max(50, width))]
    if matrix is not None:
        lines += [[], *matrix_lines(matrix)]
    out.append(styled(lines, colour_wanted()))
    return 0
