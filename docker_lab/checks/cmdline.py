"""Command lines as a student types them: split into simple commands, compared with a model.

>>> simple_commands("docker network ls && docker exec -it api ping -c2 db | head")
[['docker', 'network', 'ls'], ['docker', 'exec', '-it', 'api', 'ping', '-c2', 'db'], ['head']]
>>> matches("docker exec api ping -c db", "sudo docker exec -it api ping -c 3 db")
True

A model is one simple command. Its words that are not options must appear in the
command in the same order (other words may come between: options and their values,
``-it``…), starting with the same program; each of its options must be there too,
anywhere (``-c`` is found in ``-c3`` and ``-c 3``; ``-i`` in ``-it``; ``--format`` in
``--format=…``). Write options without their value when any value will do.

A command that misses the model by one word is a *near miss*, named to the student:

>>> near_miss("docker exec backend nc database 5432", "docker exec backend nc -zv database 5433")
Miss(line='docker exec backend nc -zv database 5433', wanted='5432', found='5433')
"""

from __future__ import annotations

import difflib
import itertools
import re
import shlex
from dataclasses import dataclass

#: What separates simple commands on a line.
SEPARATORS = frozenset({";", "&&", "||", "|", "&", "(", ")", ";;", "|&", "\n"})
#: Words put before a command that do not change what it is (and the shell's keywords).
PREFIXES = frozenset({"sudo", "time", "command", "exec", "nohup", "!", "if", "then", "else",
                      "elif", "while", "until", "do", "{"})
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


def words(line: str) -> list[str]:
    """The words of *line* as the shell would split them (quotes removed; best effort)."""
    lexer = shlex.shlex(line.replace("\n", " ; "), posix=True, punctuation_chars=";&|()")
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:  # an unfinished quote: split on blanks
        return line.split()


def simple_commands(line: str) -> list[list[str]]:
    """The simple commands of *line*, without ``sudo``/``VAR=value`` prefixes."""
    found: list[list[str]] = []
    current: list[str] = []
    for word in [*words(line), ";"]:
        if word in SEPARATORS:
            while current and (current[0] in PREFIXES or _ASSIGNMENT.match(current[0])):
                current.pop(0)
            if current:
                found.append(current)
            current = []
        else:
            current.append(word)
    return found


def _has_option(option: str, command: list[str]) -> bool:
    for word in command:
        if word == option or (option.startswith("--") and word.startswith(option + "=")):
            return True
        if not option.startswith("--") and len(option) == 2 and word.startswith("-") \
                and not word.startswith("--"):
            letters = word[1:]
            if letters.startswith(option[1]) or (letters.isalpha() and option[1] in letters):
                return True
    return False


def matches_simple(model: list[str], command: list[str]) -> bool:
    """Whether one simple command does what the model says (see the module docstring)."""
    if not model or not command or model[0] != command[0]:
        return False
    options = [w for w in model if w.startswith("-")]
    if not all(_has_option(option, command) for option in options):
        return False
    rest = iter(command[1:])
    return all(any(word == other for other in rest) for word in model[1:]
               if not word.startswith("-"))


def matches(model: str, line: str) -> bool:
    """Whether one of the simple commands of *line* does what *model* says."""
    wanted = simple_commands(model)
    if not wanted:
        return False
    return any(matches_simple(wanted[0], command) for command in simple_commands(line))


@dataclass(frozen=True)
class Miss:
    """A command that does what a model says but for one word (or one option).

    ``found`` is the word typed instead of ``wanted`` (``""`` when none is close:
    ``wanted`` is then missing); an option's ``wanted`` starts with ``-``.
    """

    line: str
    wanted: str
    found: str = ""


def _near_simple(model: list[str], command: list[str]) -> tuple[str, str] | None:
    """(wanted, found) when *command* is *model* but for one word or one option."""
    if not model or not command or model[0] != command[0] or matches_simple(model, command):
        return None
    options = [w for w in model if w.startswith("-")]
    absent = [o for o in options if not _has_option(o, command)]
    if absent:
        whole = [w for w in model if w not in absent]
        return (absent[0], "") if len(absent) == 1 and matches_simple(whole, command) else None
    # the program is model[0]: only the words after it may differ
    for index in range(1, len(model)):
        word = model[index]
        if word.startswith("-") or not matches_simple(model[:index] + model[index + 1:], command):
            continue
        strangers = [(w, before) for before, w in itertools.pairwise(command)
                     if not w.startswith("-") and w not in model]
        close = difflib.get_close_matches(word, [w for w, _ in strangers], n=1, cutoff=0.6)
        # else the one word typed in its place, not an option's value (-w 2)
        alone = [w for w, before in strangers if not before.startswith("-")]
        return word, close[0] if close else alone[0] if len(alone) == 1 else ""
    return None


def near_miss(model: str, line: str) -> Miss | None:
    """How *line* misses *model* by one word or option, or ``None`` (it matches, or is
    something else)."""
    wanted = simple_commands(model)
    if not wanted:
        return None
    for command in simple_commands(line):
        found = _near_simple(wanted[0], command)
        if found is not None:
            return Miss(line, *found)
    return None
