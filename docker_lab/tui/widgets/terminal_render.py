"""Turn pyte screen lines into Rich segments (colours, attributes, wide characters)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from pyte.screens import Char
from rich.cells import cell_len
from rich.color import Color
from rich.segment import Segment
from rich.style import Style

# pyte's colour names for SGR 30-37 / 90-97 (it calls yellow "brown" and has a typo
# for bright magenta backgrounds) mapped to the 16 standard ANSI colour numbers.
_NAMED = {
    "black": 0, "red": 1, "green": 2, "brown": 3, "yellow": 3, "blue": 4,
    "magenta": 5, "cyan": 6, "white": 7,
}
_NAMED.update({f"bright{name}": number + 8 for name, number in list(_NAMED.items())})
_NAMED["bfightmagenta"] = 13

# Characters that make a terminal merge cells into one glyph of unpredictable
# width (emoji presentation selector, zero-width joiner): the cell shows the
# base character alone so every line keeps exactly the screen's width.
_STRIP = str.maketrans("", "", "\ufe0f\u200d")

# A cell's attributes after its text: fg, bg, bold, italics, underscore,
# strikethrough, reverse, blink (pyte's Char without ``data``).
CellKey = tuple[str, str, bool, bool, bool, bool, bool, bool]
_BLANK_KEY: CellKey = ("default", "default", False, False, False, False, False, False)


@lru_cache(maxsize=1024)
def pyte_color(name: str) -> Color | None:
    """Convert a pyte colour (name or 6-digit hex) to a Rich colour.

    Args:
        name: pyte's colour value, e.g. ``"red"``, ``"brightblue"``, ``"ff8700"``.

    Returns:
        The Rich colour, or None for the terminal's default colour.
    """
    if name == "default" or not name:
        return None
    number = _NAMED.get(name)
    if number is not None:
        return Color.from_ansi(number)
    if len(name) == 6:
        try:
            return Color.from_rgb(int(name[0:2], 16), int(name[2:4], 16), int(name[4:6], 16))
        except ValueError:
            return None
    return None


@lru_cache(maxsize=4096)
def char_style(
    fg: str,
    bg: str,
    bold: bool,
    italics: bool,
    underscore: bool,
    strikethrough: bool,
    reverse: bool,
    blink: bool,
) -> Style:
    """The Rich style for a pyte cell's attributes (cached)."""
    return Style(
        color=pyte_color(fg),
        bgcolor=pyte_color(bg),
        bold=bold or None,
        italic=italics or None,
        underline=underscore or None,
        strike=strikethrough or None,
        reverse=reverse or None,
        blink=blink or None,
    )


def cell_text(data: str, width: int) -> str:
    """Text for one cell that occupies exactly ``width`` cells for Rich.

    Args:
        data: The cell's characters (a base character plus combining marks).
        width: The cells pyte gave it (1, or 2 for a wide character).

    Returns:
        Text whose Rich cell length is ``width``.
    """
    text = data.translate(_STRIP) or " "
    length = cell_len(text)
    if length == width:
        return text
    if length < width:
        return text + " " * (width - length) if length else " " * width
    return "?" * width


def render_cells(
    line: Mapping[int, Char],
    columns: int,
    cursor_x: int | None = None,
) -> list[Segment]:
    """Render one screen line to segments exactly ``columns`` cells wide.

    Args:
        line: pyte's line (column -> Char; missing columns are blank).
        columns: Screen width.
        cursor_x: Column of the cursor to draw (reverse video), or None.

    Returns:
        Segments, consecutive cells with the same attributes merged.
    """
    segments: list[Segment] = []
    run: list[str] = []
    run_key: CellKey = _BLANK_KEY
    get = line.get
    x = 0
    while x < columns:
        char = get(x)
        if char is None:
            data, key = " ", _BLANK_KEY
        else:
            data, key = char.data, char[1:]
        width = 1
        if x + 1 < columns:
            following = get(x + 1)
            if following is not None and following.data == "" and data != "":
                width = 2
        if data == "":  # orphan second half of a wide character
            data = " "
        elif not (len(data) == 1 and data < "\u0300"):
            data = cell_text(data, width)
        if x == cursor_x:
            key = (key[0], key[1], key[2], key[3], key[4], key[5], not key[6], key[7])
        if key != run_key:
            if run:
                segments.append(Segment("".join(run), char_style(*run_key)))
            run, run_key = [data], key
        else:
            run.append(data)
        x += width
    if run:
        segments.append(Segment("".join(run), char_style(*run_key)))
    return segments
