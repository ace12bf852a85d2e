"""Text put into Textual markup, shown as typed.

Textual's markup reads any ``[WORD]`` as a tag, capitals included, while the escape
functions of Rich and Textual only protect tags in lower case: ``docker run [OPTIONS]
IMAGE`` came out as ``docker run  IMAGE``. :func:`escape` protects every bracket.

>>> escape("docker run [OPTIONS] IMAGE [b]x")
'docker run \\\\[OPTIONS] IMAGE \\\\[b]x'
"""

from __future__ import annotations


def escape(text: str) -> str:
    """*text* with every ``[`` escaped (a backslash before it stays a backslash)."""
    return text.replace("[", "\\[")
