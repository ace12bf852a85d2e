"""``docker-lab import DECK.md [-o DOSSIER] [--plan FICHIER] [--force]``.

Converts a Markdown slide deck into lesson YAML files. What had to be guessed
(restored emoji, slides without a title …) is listed on standard error; the
files written are listed on standard output. Exit status: 0 written, 2 bad
input or nothing could be written (then nothing was written at all).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from docker_lab.commands.unexpected import report_unexpected
from docker_lab.spec.problems import shorten_quotes, shown

DESCRIPTION = """\
Convertit un deck de diapositives Markdown en leçons YAML (format_version 1).

- Les diapositives sont séparées par des lignes « --- » (hors blocs de code) ;
  un bloc d'en-tête « --- clé: valeur --- » au début est lu puis ignoré,
  les ancres HTML <a name=… id=…></a> sont retirées.
- Le titre d'une diapositive est son premier titre « # » ; le reste est le corps,
  en Markdown, blocs de code et diagrammes Mermaid recopiés tels quels.
  Hors blocs de code, les espaces en fin de ligne sont retirés ; dans le code,
  seules les lignes faites uniquement d'espaces sont vidées.
- Un texte doublement encodé (UTF-8 relu en cp1252/cp1254, « RÃ©seaux ») est réparé ;
  les emoji tronqués sont restaurés quand un candidat s'impose : chaque restauration
  est signalée sur la sortie d'erreur comme une supposition, à relire.
- Regroupement en leçons : selon --plan, sinon selon le plan connu du deck
  « Les réseaux Docker », sinon par sujet (préfixe du titre avant « - »,
  5 à 12 diapositives par leçon).

Les fichiers s'appellent NN-id.yaml. Un fichier existant n'est jamais remplacé
sans --force ; en cas d'erreur, rien n'est écrit.
Code de sortie : 0 leçons écrites, 2 entrée invalide ou écriture impossible."""


def register(sub: Any) -> None:
    """Register the ``import`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "import", help="convertit un deck Markdown en leçons YAML", description=DESCRIPTION,
    )
    parser.add_argument("deck", metavar="DECK.md", help="le deck Markdown à convertir")
    parser.add_argument(
        "-o", "--output", metavar="DOSSIER", default="lessons",
        help="dossier où écrire les leçons (par défaut : ./lessons, créé au besoin)",
    )
    parser.add_argument(
        "--plan", metavar="FICHIER",
        help="plan YAML : liste de sections {id, title, first_slide, exercises} ; "
        "chaque section commence à la diapositive titrée first_slide",
    )
    parser.add_argument(
        "--force", action="store_true", help="remplace les fichiers de leçon déjà présents",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import the deck; return the exit status."""
    # Imported here: ftfy and the importer are only needed by this command.
    from docker_lab.course.importer import DeckError, import_deck, load_plan

    try:
        plan = load_plan(Path(args.plan)) if args.plan else None
        result = import_deck(Path(args.deck), Path(args.output), force=args.force, plan=plan)
    except DeckError as exc:
        print(f"docker-lab import : erreur : {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback for the user
        return report_unexpected("import", exc)
    for line in _grouped(result.notes):
        print(f"docker-lab import : {shorten_quotes(line)}", file=sys.stderr)
    total = sum(len(lesson.slides) for lesson in result.lessons)
    how = f" (plan {result.plan})" if result.plan else " (regroupement par sujet)"
    print(f"{len(result.lessons)} leçons, {total} diapositives écrites dans "
          f"{args.output}{how} :")
    for lesson, path in zip(result.lessons, result.files, strict=True):
        print(f"  {path.name}  {shown(lesson.title)} ({len(lesson.slides)} diapositives)")
    if result.notes:
        print("Relisez les suppositions signalées ci-dessus (sortie d'erreur).")
    return 0


#: Line numbers listed in one merged remark; the others are counted.
MAX_LINES_LISTED = 12


def _grouped(notes: tuple[str, ...]) -> list[str]:
    """Merge notes that differ only by their line number: « lignes 3, 9 : … »."""
    lines: dict[str, list[str]] = defaultdict(list)
    for note in notes:
        head, sep, rest = note.partition(" : ")
        if sep and head.startswith("ligne "):
            lines[rest].append(head.removeprefix("ligne "))
        else:
            lines[note].append("")
    out = []
    for rest, numbers in lines.items():
        numbers = [n for n in numbers if n]
        if not numbers:
            out.append(rest)
        else:
            label = "ligne" if len(numbers) == 1 else "lignes"
            shown = ", ".join(numbers[:MAX_LINES_LISTED])
            if len(numbers) > MAX_LINES_LISTED:
                shown += f"… ({len(numbers)} lignes en tout)"
            out.append(f"{label} {shown} : {rest}")
    return out
