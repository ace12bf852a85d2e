"""``docker-lab setup``: make every image the course uses runnable (or remove them).

Exit status: 0 every image is ready (or removed), 1 some image could not be
made (a Debian package is missing, a build failed) or removed (a container
still uses it), 2 Docker cannot be used or an unknown image was named.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, TypeVar

from docker_lab.commands.setupview import make_view
from docker_lab.engine.bundlecheck import BundleError
from docker_lab.engine.errors import EngineError
from docker_lab.engine.imageevents import Chosen
from docker_lab.engine.images import CATALOGUE
from docker_lab.lab.setuptext import megabytes, seconds

T = TypeVar("T")


def _setup(client: Any, args: argparse.Namespace, out: TextIO) -> int:
    from docker_lab.engine.imagepath import BLOCKED, BLOCKED_FIX
    from docker_lab.engine.images import run_setup

    chosen: list[Chosen] = []
    view = make_view(out, max(len(s.name) for s in CATALOGUE))

    def report(event: object) -> None:
        if isinstance(event, Chosen):
            chosen.append(event)
        view(event)

    try:
        results = run_setup(client, offline=args.offline, only=args.only, report=report)
    finally:
        if hasattr(view, "close"):
            view.close()
    bad = [r for r in results if not r.ok]
    total = sum(r.seconds for r in results)
    print(f"\n{len(results) - len(bad)} image(s) prête(s) sur {len(results)} en "
          f"{seconds(total)}.", file=out)
    missing = sorted({p for r in bad for p in r.missing})
    if missing:
        print("Paquets Debian manquants (docker-lab n'installe rien lui-même) : "
              f"{' '.join(missing)}\n  → sudo apt-get install {' '.join(missing)}\n"
              "  puis relancez : docker-lab setup --offline", file=out)
    if any(r.status == "unavailable" for r in results) and chosen and \
            chosen[0].path.kind == BLOCKED:
        print(f"Impossible d'obtenir les images ici : {chosen[0].path.reason}.", file=out)
        print("".join(f"  → {ln}\n" for ln in BLOCKED_FIX.splitlines()), end="", file=out)
    return 1 if bad else 0


def _shown(out: TextIO, work: Callable[[Callable[[object], None]], T]) -> T:
    """Run *work* with a progress view on *out* (bars stopped afterwards)."""
    view = make_view(out, 20)
    try:
        return work(view)
    finally:
        if hasattr(view, "close"):
            view.close()


def _export(client: Any, args: argparse.Namespace, out: TextIO) -> int:
    from docker_lab.engine.imagebundle import export_bundle

    bundle = _shown(out, lambda view: export_bundle(client, Path(args.export), view))
    print(f"Archive écrite : {args.export} ({megabytes(bundle.size)}, "
          f"{len(bundle.images)} images, {bundle.architecture}).", file=out)
    print(f"Sur une machine sans registre : docker-lab setup --import {args.export}", file=out)
    return 0


def _import(client: Any, args: argparse.Namespace, out: TextIO) -> int:
    from docker_lab.engine.imagebundle import course_names, import_bundle

    named = _shown(out, lambda view: import_bundle(client, Path(args.import_), view))
    kept = [n for n in course_names() if n not in named]
    print(f"{len(named)} image(s) chargée(s) depuis {args.import_}.", file=out)
    if kept:
        print("Conservées telles quelles (déjà présentes, pas créées par docker-lab) : "
              + ", ".join(kept), file=out)
    print("Vérification : docker-lab setup (rien à télécharger si tout est là).", file=out)
    return 0


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
    modes = [m for m in ("remove", "export", "import_") if getattr(args, m, None)]
    if len(modes) > 1:
        print("Erreur : --remove, --export et --import ne se combinent pas.", file=sys.stderr)
        return 2
    try:
        client = connect(timeout=600)
        try:
            with engine_errors():
                if args.remove:
                    return _remove(client, args, out)
                if args.export:
                    return _export(client, args, out)
                if args.import_:
                    return _import(client, args, out)
                return _setup(client, args, out)
        finally:
            client.close()
    except BundleError as exc:  # nothing was loaded: like an image that could not be made
        out.flush()
        print(f"Erreur : {exc.french()}", file=sys.stderr)
        return 1
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
            "Rend exécutables toutes les images du cours, sans rien prendre sur la machine\n"
            "quand un registre répond :\n"
            "  - les images officielles (alpine, nginx:alpine, postgres:13, redis:alpine,\n"
            "    prom/prometheus, et nicolaka/netshoot sous le nom docker-lab/diagnostic)\n"
            "    sont téléchargées, avec une barre de progression par couche ;\n"
            "  - les images du cours (mon-api et mon-worker sur alpine, mon-webapp sur\n"
            "    nginx:alpine) sont construites par Docker à partir de leur Dockerfile ;\n"
            "  - sans registre : --import FICHIER charge l'archive d'images de votre\n"
            "    formateur ; sur une Debian ou une Ubuntu, des remplaçants (étiquette\n"
            "    docker-lab.standin=true) sont construits à partir des programmes de la\n"
            "    machine (c'est aussi ce que fait --offline).\n"
            "--export FICHIER écrit toutes les images du cours dans une seule archive\n"
            "(docker save + manifeste) pour une salle sans Internet.\n"
            "Une image du même nom que docker-lab n'a pas créée n'est jamais remplacée.\n"
            "--remove supprime les images créées par docker-lab setup (étiquette\n"
            "docker-lab.image) ; les images officielles téléchargées restent. Une image\n"
            "encore utilisée par un container est conservée (le container est nommé), sauf\n"
            "avec --force qui supprime aussi ces containers.\n"
            "Relancer la commande ne reconstruit que ce qui a changé ;\n"
            "docker-lab doctor dit quelle voie setup prendra, et pourquoi.\n\n"
            f"Images : {names}\n\n"
            "Code de sortie : 0 tout est prêt, 1 une image manque (registre et remplaçants\n"
            "impossibles, construction en échec, archive inutilisable, image encore\n"
            "utilisée), 2 Docker injoignable."
        ),
    )
    parser.add_argument("--offline", action="store_true",
                        help="ne contacte aucun registre : construit les remplaçants localement")
    parser.add_argument("--remove", action="store_true",
                        help="supprime les images créées par docker-lab setup, et rien d'autre")
    parser.add_argument("--force", action="store_true",
                        help="avec --remove : supprime aussi les containers qui utilisent "
                        "ces images")
    parser.add_argument("--export", metavar="FICHIER",
                        help="écrit toutes les images du cours dans une archive (classe "
                        "sans Internet)")
    parser.add_argument("--import", dest="import_", metavar="FICHIER",
                        help="charge une archive faite par --export, après l'avoir vérifiée")
    parser.add_argument("--only", nargs="+", metavar="IMAGE",
                        help="limite l'opération à ces images (ex. : --only postgres:13 mon-api)")
    parser.set_defaults(func=run)
