"""Command line entry point: ``docker-lab [options] [commande]``.

Without a sub-command the learning app opens. Each sub-command lives in its
own module under :mod:`docker_lab.commands` and exposes ``register(subparsers)``;
the module sets ``func`` (``Callable[[argparse.Namespace], int]``) on its parser.
Exit codes: 0 success, 1 a check or validation failed, 2 cannot run (bad
usage, Docker unreachable, unknown id).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from docker_lab import __version__

#: Sub-command modules, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "check",
    "map",
    "solve",
    "reset",
    "setup",
    "doctor",
    "progress",
    "validate",
    "import_deck",
)


class FrenchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help formatter whose fixed words are French."""

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(
            usage, actions, groups, prefix if prefix is not None else "utilisation : "
        )


class FrenchArgumentParser(argparse.ArgumentParser):
    """Argument parser with French section titles and error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS,
            help="affiche cette aide et quitte",
        )

    def error(self, message: str) -> NoReturn:
        """Print a French usage error and exit with status 2."""
        translated = message
        for english, french in _ARGPARSE_FRENCH:
            translated = re.sub(english, french, translated)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {translated}\n")


#: argparse's English messages (Python 3.11 to 3.13), in French.
_ARGPARSE_FRENCH: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required", "arguments obligatoires manquants"),
    (r"unrecognized arguments", "arguments inconnus"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"choix invalide : \1 (choix possibles : \2)"),
    (r"invalid choice", "choix invalide"),
    (r"expected one argument", "une valeur est attendue"),
    (r"expected at most one argument", "une valeur au plus est attendue"),
    (r"expected at least one argument", "au moins une valeur est attendue"),
    (r"expected (\d+) arguments?", r"\1 valeurs sont attendues"),
    (r"ignored explicit argument (.*)", r"cette option ne prend pas de valeur (\1 donné)"),
    (r"ambiguous option: (\S+) could match (.*)", r"option ambiguë : \1 peut désigner \2"),
    (r"not allowed with argument", "n'est pas permis avec l'argument"),
    (r"one of the arguments (.*) is required", r"un des arguments \1 est obligatoire"),
    (r"invalid (\S+) value: (.*)", r"valeur invalide : \2"),
)


def build_parser() -> argparse.ArgumentParser:
    """Build the full argument parser, sub-commands included."""
    parser = FrenchArgumentParser(
        prog="docker-lab",
        description=(
            "Apprendre les réseaux Docker dans le terminal : le cours « Les réseaux Docker »,\n"
            "une console réelle et des exercices vérifiés sur le vrai moteur Docker.\n\n"
            "Sans commande, l'application d'apprentissage s'ouvre."
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"docker-lab {__version__}",
        help="affiche la version et quitte",
    )
    parser.add_argument(
        "--course", metavar="DOSSIER",
        help="dossier de cours à utiliser à la place du cours fourni "
        "(contient lessons/ et exercises/ ; variable DOCKER_LAB_COURSE)",
    )
    parser.add_argument("--lesson", metavar="ID", help="ouvre directement cette leçon")
    parser.add_argument(
        "--exercise", metavar="ID", help="ouvre directement cet exercice (la console a le focus)"
    )
    sub = parser.add_subparsers(
        title="commandes", dest="command", metavar="COMMANDE", parser_class=FrenchArgumentParser
    )
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"docker_lab.commands.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run docker-lab and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    try:
        if func is None:
            from docker_lab.commands.app import run_app

            return run_app(args)
        result: int = func(args)
        return result
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # ``docker-lab progress --json | head``: the reader left
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the flush at exit stays quiet
        return 141
    except OSError as exc:  # a file or folder the user can fix: name it, in French
        if os.environ.get("DOCKER_LAB_DEBUG"):
            raise
        from docker_lab.paths import os_reason

        where = f" « {exc.filename} »" if exc.filename else ""
        print(f"docker-lab : impossible d'accéder à{where or ' un fichier'} : {os_reason(exc)}.",
              file=sys.stderr)
        return 1
    except Exception as exc:  # last resort: a French message, never a bare traceback
        if os.environ.get("DOCKER_LAB_DEBUG"):
            raise
        print(
            f"docker-lab : erreur inattendue ({exc}).\n"
            "Relancez avec DOCKER_LAB_DEBUG=1 pour voir le détail, et signalez-la.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
