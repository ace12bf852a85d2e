"""French wording of PyYAML syntax errors, refused tags and unreadable values.

Used by :mod:`docker_lab.spec.yamlpos`.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import Node

#: (pattern matched against the error's problem, then its context; French text).
_RULES: tuple[tuple[str, str], ...] = (
    (r"mapping values are not allowed here",
     "« : » inattendu (une valeur de texte contenant « : » doit être entre guillemets)"),
    (r"could not find expected ':'", "« : » attendu après la clé"),
    (r"found character '\\t' that cannot start any token",
     "tabulation interdite (indentez avec des espaces)"),
    (r"found character '(.+)' that cannot start any token",
     r"caractère « \1 » interdit en début de valeur (mettez la valeur entre guillemets)"),
    (r"expected <block end>, but found '-'", "élément de liste « - » mal indenté"),
    (r"expected <block end>, but found",
     "indentation incohérente : cet élément n'est pas aligné avec ses voisins"),
    (r"did not find expected key", "clé attendue (indentation incohérente ?)"),
    (r"did not find expected '-' indicator", "« - » attendu (indentation incohérente ?)"),
    (r"expected the node content", "valeur attendue (élément vide ou mal indenté ?)"),
    (r"found undefined alias", "alias inconnu"),
    (r"found duplicate anchor", "ancre « & » en double"),
    (r"found unexpected end of stream", "fin de fichier inattendue (guillemet non fermé ?)"),
    (r"found unknown escape character",
     "séquence d'échappement inconnue entre guillemets doubles (doublez la barre « \\\\ » "
     "ou utilisez des guillemets simples)"),
    (r"expected a single document in the stream",
     "un seul document YAML attendu (retirez les « --- » supplémentaires)"),
    (r"expected ',' or '\]'", "« ] » ou « , » attendu (crochet non fermé ?)"),
    (r"expected ',' or '\}'", "« } » ou « , » attendu (accolade non fermée ?)"),
    (r"sequence entries are not allowed here",
     "« - » inattendu ici (un élément de liste commence sa propre ligne ; sinon mettez la "
     "valeur entre guillemets)"),
    (r"mapping keys are not allowed here", "clé « ? » inattendue ici"),
    (r"expected alphabetic or numeric character",
     "nom attendu après « & » ou « * » (une valeur qui commence par « * » ou « & » doit être "
     "entre guillemets)"),
    (r"expected a comment or a line break",
     "fin de ligne attendue : du texte suit la valeur (mettez toute la valeur entre guillemets)"),
    (r"expected chomping or indentation indicators|expected indentation indicator",
     "après « | » ou « > », seuls « - », « + » ou un chiffre de 1 à 9 sont permis sur la ligne"),
    (r"expected escape sequence of",
     "séquence d'échappement \\x, \\u ou \\U incomplète entre guillemets doubles"),
    (r"found unexpected document separator",
     "« --- » ou « ... » en début de ligne dans une valeur entre guillemets (indentez la ligne)"),
    (r"invalid indentation or unclosed", "indentation invalide, ou « [ » ou « { » non fermé"),
    (r"expected '<document start>'",
     "contenu inattendu après la fin du document (indentation incohérente ou « ... » ?)"),
    (r"found incompatible YAML document", "version de YAML non prise en charge (1.x attendue)"),
    (r"expected ' '|expected '!'|expected '>'|expected URI|expected a digit|expected non-empty"
     r"|tag handle|duplicate YAML directive|non-specific tag|while (?:scanning|parsing) a "
     r"(?:directive|tag)",
     "directive « % » ou étiquette « ! » mal formée (seul le YAML simple est accepté ; une "
     "valeur qui commence par « % » ou « ! » doit être entre guillemets)"),
)

#: Said when PyYAML's text is not one of the above (never shown in English).
UNKNOWN = "structure YAML invalide à cet endroit"


def french_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    """Return the French explanation of a YAML syntax error (a general one if unknown)."""
    raw = exc.problem or exc.context or "erreur"
    if "<stream end>" in raw and "flow" in (exc.context or ""):
        return "fin du fichier atteinte : un « [ » ou un « { » n'a pas été refermé"
    for pattern, french in _RULES:
        for text in (raw, exc.context or ""):
            found = re.match(pattern, text)
            if found:
                return found.expand(french) if found.re.groups else french
    return UNKNOWN


#: What the standard tags read, in French (for « valeur illisible comme … »).
_TAG_WORDS = {"int": "entier", "float": "nombre", "bool": "booléen (true ou false)",
              "null": "valeur vide (null)", "binary": "données binaires (base64)",
              "timestamp": "date"}


def _shown_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def value_message(node: Node) -> str:
    """Why a value cannot be read with its tag (« !!int abc », « 2024-13-45 »), in French."""
    shown = str(node.value)
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    if node.tag == "tag:yaml.org,2002:timestamp":
        return f"date invalide « {shown} » : mettez-la entre guillemets si c'est un texte"
    name = node.tag.replace("tag:yaml.org,2002:", "")
    what = _TAG_WORDS.get(name, name)
    return (f"valeur « {shown} » illisible comme {what} (étiquette {_shown_tag(node.tag)}) : "
            "corrigez la valeur ou retirez l'étiquette")


def tag_message(tag: str, read_as: str) -> str:
    """Why a tag is refused; the value is then read as ``read_as`` (« un texte » …)."""
    shown = _shown_tag(tag)
    standard = tag.startswith("tag:yaml.org,2002:") and not tag.startswith(
        "tag:yaml.org,2002:python/")
    if standard and tag[len("tag:yaml.org,2002:"):] in (
            "str", "int", "float", "bool", "null", "binary", "timestamp", "map", "seq"):
        return (f"étiquette YAML {shown} impossible sur {read_as} : retirez-la (la valeur est "
                f"lue comme {read_as})")
    return (f"étiquette YAML non permise : {shown} (seul le YAML simple est accepté ; "
            f"retirez-la, la valeur est lue comme {read_as})")
