"""``docker-lab setup``: make every image the course uses runnable (or remove them).

Exit status: 0 every image is ready (or removed), 1 some image could not be
made (a Debian package is missing, a build failed) or removed (a container
still uses it), 2 Docker cannot be used or an unknown image was named.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from docker_lab.engine.errors import EngineError
from docker_lab.engine.images import CATALOGUE, Finished, Line, Started

_OK = ("built", "uptodate", "pulled", "kept")


def _seconds(s: float) -> str:
    return f"{s:.1f} s".replace(".", ",")


def _size(n: int | None) -> str:
    return f"{n / 1e6:.0f} Mo" if n else ""


class Printer:
    """Turns setup events into French lines: one line per image, with its timing.

    On a terminal the « en cours » line is rewritten in place; in a log every
    line stays.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()
        self.width = max(len(s.name) for s in CATALOGUE)
        self._pending = False

    def __call__(self, event: object) -> None:
        if isinstance(event, Started):
            self._line(f"  … {event.name:<{self.width}}  {event.action} en cours…", pending=True)
        elif isinstance(event, Line):
            prefix = f"      {event.name} : " if event.name else "  "
            self._line(prefix + event.text, replace=False)
        elif isinstance(event, Finished):
            mark = "✓" if event.status in _OK else "✗"
            timing = ", ".join(x for x in (_size(event.size), _seconds(event.seconds)) if x)
            tail = f"  [{timing}]"
            self._line(f"  {mark} {event.name:<{self.width}}  {event.detail}{tail}")

    def _line(self, text: str, pending: bool = False, replace: bool = True) -> None:
        """Write *text*; on a terminal, the pending « en cours » line is replaced
        by the image's result but kept above progress lines (layers of a pull)."""
        if self._pending and self.tty and replace:
            self.out.write("\r\x1b[K")
        elif self._pending:
            self.out.write("\n")
        self.out.write(text)
        self._pending = pending
        if not pending:
            self.out.write("\n")
        self.out.flush()


def _setup(client: Any, args: argparse.Namespace, out: TextIO) -> int:
    from docker_lab.engine.images import run_setup

    if args.offline:
        print("Mode hors ligne : les images officielles sont remplacées par des images "
              "construites localement (étiquette docker-lab.standin=true).", file=out)
    results = run_setup(client, offline=args.offline, only=args.only, report=Printer(out))
    bad = [r for r in results if not r.ok]
    total = sum(r.seconds for r in results)
    print(f"\n{len(results) - len(bad)} image(s) prête(s) sur {len(results)} en "
          f"{_seconds(total)}.", file=out)
    missing = sorted({p for r in bad for p in r.missing})
    if missing:
        print("Paquets Debian manquants (docker-lab n'installe rien lui-même) : "
              f"{' '.join(missing)}\n  → sudo apt-get install {' '.join(missing)}\n"
              "  puis relancez : docker-lab setup --offline", file=out)
    if any(r.status == "built" and r.name != CATALOGUE[0].name for r in results):
        print("Pour retirer ces images : docker-lab setup --remove", file=out)
    return 1 if bad else 0


def _remove(client: Any, args: argparse.Namespace, out: TextIO) -> int:
    from docker_lab.engine.imageremove import remove_setup_images

    results = remove_setup_images(client, only=args.only, force=args.force)
    if not results:
        print("Aucune image créée par docker-lab setup : rien à supprimer.", file=out)
        return 0
    for r in results:
        mark = "✓" if r.status == "removed" else "✗"
        print(f"  {mark} {r.label} : {r.detail}", file=out)
    refused = [r for r in results if r.status == "refused"]
    if refused:
        names = " ".join(sorted({c for r in refused for c in r.containers}))
        print("\nImages conservées car encore utilisées. Supprimez d'abord ces containers "
              f"(docker rm -f {names})\nou relancez avec --force pour les supprimer aussi.",
              file=out)
    return 1 if any(r.status != "removed" for r in results) else 0


def run(args: argparse.Namespace) -> int:
    """Run ``docker-lab setup``; return the exit status."""
    from docker_lab.engine.connection import connect, engine_errors

    out = sys.stdout
    if args.force and not args.remove:
        print("Erreur : --force ne s'utilise qu'avec --remove.", file=sys.stderr)
        return 2
    try:
        client = connect(timeout=600)
        try:
            with engine_errors():
                if args.remove:
                    return _remove(client, args, out)
                return _setup(client, args, out)
        finally:
            client.close()
    except EngineError as exc:
        out.flush()
        print(f"Erreur : {exc.french()}", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback for the user
        out.flush()
        print(f"Erreur inattendue pendant docker-lab setup : {exc.__class__.__name__}: {exc}",
              file=sys.stderr)
        return 2


def register(sub: Any) -> None:
    """Register the ``setup`` sub-command."""
    names = ", ".join(s.name for s in CATALOGUE)
    parser: argparse.ArgumentParser = sub.add_parser(
        "setup",
        help="prépare les images du cours (construction locale, téléchargement ou remplaçants)",
        description=(
            "Rend exécutables toutes les images du cours :\n"
            "  - les images du lab (mon-api sur le port 8080, mon-webapp sur 80 et 3000,\n"
            "    mon-worker, docker-lab/outils) sont toujours construites localement ;\n"
            "  - les images officielles (nginx:alpine, postgres:13, redis:alpine,\n"
            "    prom/prometheus, alpine) sont téléchargées, avec leur progression, si un\n"
            "    registre répond ; sinon (ou avec --offline) des remplaçants sont construits\n"
            "    sous le même nom à partir des paquets Debian de la machine ;\n"
            "  - l'image de diagnostic réseau docker-lab/diagnostic (tcpdump, nmap, iperf3,\n"
            "    dig, curl, nc -z, ip, ss, openssl) est nicolaka/netshoot sous ce nom si un\n"
            "    registre répond ; sinon un remplaçant construit de la même façon.\n"
            "Une image du même nom que docker-lab n'a pas créée n'est jamais remplacée.\n"
            "--remove supprime les images portant l'étiquette docker-lab.setup=true (images\n"
            "du lab et remplaçants) ; les images officielles téléchargées restent. Une image\n"
            "encore utilisée par un container est conservée (le container est nommé), sauf\n"
            "avec --force qui supprime aussi ces containers.\n"
            "Relancer la commande ne reconstruit que ce qui a changé.\n\n"
            f"Images : {names}\n\n"
            "Code de sortie : 0 tout est prêt, 1 une image manque (paquet Debian absent,\n"
            "construction en échec, image encore utilisée), 2 Docker injoignable."
        ),
    )
    parser.add_argument("--offline", action="store_true",
                        help="ne contacte aucun registre : construit les remplaçants localement")
    parser.add_argument("--remove", action="store_true",
                        help="supprime les images créées par docker-lab setup, et rien d'autre")
    parser.add_argument("--force", action="store_true",
                        help="avec --remove : supprime aussi les containers qui utilisent "
                        "ces images")
    parser.add_argument("--only", nargs="+", metavar="IMAGE",
                        help="limite l'opération à ces images (ex. : --only postgres:13 mon-api)")
    parser.set_defaults(func=run)
