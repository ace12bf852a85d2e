"""Translate Textual key names into the bytes an xterm sends to a program.

Pure logic (no Textual import): the console widget passes ``event.key`` and
``event.character`` and writes the returned bytes to the PTY.
"""

from __future__ import annotations

ESC = "\x1b"
CSI = ESC + "["
SS3 = ESC + "O"

# Keys whose unmodified form is ``CSI <letter>`` (or ``SS3 <letter>`` in
# application cursor mode, DECCKM).
_CURSOR_KEYS = {"up": "A", "down": "B", "right": "C", "left": "D", "home": "H", "end": "F"}
# F1-F4 use ``SS3 <letter>`` unmodified and ``CSI 1;<mod> <letter>`` modified.
_SS3_FKEYS = {"f1": "P", "f2": "Q", "f3": "R", "f4": "S"}
# Keys sent as ``CSI <n> ~`` (``CSI <n>;<mod> ~`` when modified).
_TILDE_KEYS = {
    "insert": 2, "delete": 3, "pageup": 5, "pagedown": 6,
    "f5": 15, "f6": 17, "f7": 18, "f8": 19, "f9": 20, "f10": 21, "f11": 23, "f12": 24,
    "f13": 25, "f14": 26, "f15": 28, "f16": 29, "f17": 31, "f18": 32, "f19": 33, "f20": 34,
}
# Keys that are a plain character when unmodified.
_SIMPLE = {
    "enter": "\r", "return": "\r", "tab": "\t", "backspace": "\x7f",
    "escape": ESC, "space": " ",
}
# Control characters that are not ``ctrl+<letter>``.
_CTRL_SYMBOLS = {
    "@": "\x00", "at": "\x00", "space": "\x00", "2": "\x00",
    "left_square_bracket": ESC, "[": ESC, "3": ESC,
    "backslash": "\x1c", "\\": "\x1c", "4": "\x1c",
    "right_square_bracket": "\x1d", "]": "\x1d", "5": "\x1d",
    "circumflex_accent": "\x1e", "^": "\x1e", "6": "\x1e",
    "underscore": "\x1f", "_": "\x1f", "minus": "\x1f", "7": "\x1f",
    "slash": "\x1f", "/": "\x1f",
    "backspace": "\x08", "h": "\x08",
    "enter": "\r", "tab": "\t",
}
_MODIFIERS = {"shift": 1, "alt": 2, "meta": 2, "option": 2, "ctrl": 4, "control": 4}


def split_key(key: str) -> tuple[frozenset[str], str]:
    """Split a Textual key name into its modifiers and its base key.

    Args:
        key: A Textual key name such as ``"ctrl+shift+up"`` or ``"a"``.

    Returns:
        The set of modifiers and the base key name.
    """
    if key == "+" or key.endswith("++"):
        head = key[:-2] if key.endswith("++") else ""
        return frozenset(p for p in head.split("+") if p), "+"
    *mods, base = key.split("+")
    return frozenset(mods), base


def _modifier_param(mods: frozenset[str]) -> int:
    return 1 + sum({_MODIFIERS[m] for m in mods if m in _MODIFIERS})


def _special(base: str, mods: frozenset[str], app_cursor: bool) -> str | None:
    """Cursor, editing and function keys, with xterm modifier encoding."""
    param = _modifier_param(mods)
    if base in _CURSOR_KEYS:
        letter = _CURSOR_KEYS[base]
        if param > 1:
            return f"{CSI}1;{param}{letter}"
        return (SS3 if app_cursor else CSI) + letter
    if base in _SS3_FKEYS:
        letter = _SS3_FKEYS[base]
        return f"{CSI}1;{param}{letter}" if param > 1 else SS3 + letter
    if base in _TILDE_KEYS:
        number = _TILDE_KEYS[base]
        return f"{CSI}{number};{param}~" if param > 1 else f"{CSI}{number}~"
    return None


def _control(base: str, character: str | None) -> str | None:
    """The control character for ``ctrl+<base>``, if there is one."""
    if len(base) == 1 and base.isascii() and base.isalpha():
        return chr(ord(base.lower()) - 96)
    if base in _CTRL_SYMBOLS:
        return _CTRL_SYMBOLS[base]
    if character and len(character) == 1 and ord(character) < 32:
        return character
    return None


def key_to_text(key: str, character: str | None, *, app_cursor: bool = False) -> str | None:
    """Return the characters a terminal sends for a key press.

    Args:
        key: The Textual key name (``event.key``).
        character: The printable character Textual attached, if any (``event.character``).
        app_cursor: True when the program enabled application cursor keys (DECCKM).

    Returns:
        The text to write to the PTY, or None when the key has no terminal encoding.
    """
    mods, base = split_key(key)
    alt = bool(mods & {"alt", "meta", "option"})
    special = _special(base, mods, app_cursor)
    if special is not None:
        return special
    if base == "tab" and "shift" in mods:
        return CSI + "Z"
    prefix = ESC if alt else ""
    if "ctrl" in mods or "control" in mods:
        control = _control(base, character)
        return None if control is None else prefix + control
    if base in _SIMPLE:
        return prefix + _SIMPLE[base]
    if character:
        return prefix + character
    if len(base) == 1:
        return prefix + (base.upper() if "shift" in mods else base)
    return None


def key_to_bytes(key: str, character: str | None, *, app_cursor: bool = False) -> bytes | None:
    """Like :func:`key_to_text`, encoded as UTF-8 bytes for the PTY.

    Args:
        key: The Textual key name.
        character: The character Textual attached, if any.
        app_cursor: True in application cursor keys mode.

    Returns:
        The bytes to write, or None when the key has no terminal encoding.
    """
    text = key_to_text(key, character, app_cursor=app_cursor)
    return None if text is None else text.encode("utf-8", "surrogateescape")


def typed_text(text: str, execute: bool = True) -> str:
    """What typing a block of commands sends: lines joined by Enter.

    Continuation lines (ending in ``\\``) are typed one by one like separate
    commands; tabs become spaces so they do not trigger completion; trailing
    spaces and surrounding blank lines are dropped.

    Args:
        text: The command(s), e.g. a code block from a slide.
        execute: Press Enter after the last line too.

    Returns:
        The characters to write to the PTY.
    """
    lines = text.replace("\r\n", "\n").expandtabs(4).strip("\n").split("\n")
    return "\r".join(line.rstrip() for line in lines) + ("\r" if execute else "")


def pasted_text(text: str, bracketed: bool) -> str:
    """What a terminal sends for a paste (newlines as Enter, wrapped in bracketed mode).

    Args:
        text: The pasted text.
        bracketed: The program enabled bracketed paste (mode 2004).

    Returns:
        The characters to write to the PTY.
    """
    text = text.replace("\r\n", "\r").replace("\n", "\r")
    return f"{ESC}[200~{text}{ESC}[201~" if bracketed else text
