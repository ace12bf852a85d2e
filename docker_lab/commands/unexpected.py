"""What a command says when something it did not foresee happens (never a traceback)."""

from __future__ import annotations

import os
import sys

from docker_lab.spec.textfile import os_reason_fr


def report_unexpected(command: str, exc: Exception) -> int:
    """Print one French line about ``exc`` on standard error and return exit status 2.

    A file error names the file and the reason in French; anything else is a bug,
    said as such, without the exception's name. With ``DOCKER_LAB_DEBUG`` set,
    ``exc`` is raised again (the traceback is then wanted).
    """
    if os.environ.get("DOCKER_LAB_DEBUG"):
        raise exc
    if isinstance(exc, OSError):
        where = f"« {exc.filename} »" if exc.filename else "un fichier"
        print(f"docker-lab {command} : impossible d'accéder à {where} : {os_reason_fr(exc)}.",
              file=sys.stderr)
    else:
        print(f"docker-lab {command} : erreur inattendue ({exc}).\n"
              "Relancez avec DOCKER_LAB_DEBUG=1 pour voir le détail, et signalez-la.",
              file=sys.stderr)
    return 2
