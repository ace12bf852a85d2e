"""Unit tests of the console's pure parts: key encoding, emulator screen, cell rendering."""

from __future__ import annotations

import shutil

import pyte
import pytest
from rich.cells import cell_len
from rich.color import Color

from docker_lab.tui.widgets.terminal_keys import key_to_bytes, pasted_text, split_key, typed_text
from docker_lab.tui.widgets.terminal_pty import default_shell
from docker_lab.tui.widgets.terminal_render import cell_text, pyte_color, render_cells
from docker_lab.tui.widgets.terminal_runtime import build_env
from docker_lab.tui.widgets.terminal_screen import TerminalScreen


@pytest.mark.parametrize(
    ("key", "character", "expected"),
    [
        ("a", "a", b"a"),
        ("é", "é", "é".encode()),
        ("exclamation_mark", "!", b"!"),
        ("space", " ", b" "),
        ("space", None, b" "),
        ("enter", None, b"\r"),
        ("enter", "\r", b"\r"),
        ("tab", "\t", b"\t"),
        ("shift+tab", None, b"\x1b[Z"),
        ("backspace", "\x7f", b"\x7f"),
        ("escape", "\x1b", b"\x1b"),
        ("ctrl+c", None, b"\x03"),
        ("ctrl+d", "\x04", b"\x04"),
        ("ctrl+z", None, b"\x1a"),
        ("ctrl+backslash", None, b"\x1c"),
        ("ctrl+@", "\x00", b"\x00"),
        ("alt+b", "b", b"\x1bb"),
        ("alt+shift+b", "B", b"\x1bB"),
        ("alt+ctrl+a", None, b"\x1b\x01"),
        ("up", None, b"\x1b[A"),
        ("left", None, b"\x1b[D"),
        ("ctrl+right", None, b"\x1b[1;5C"),
        ("shift+up", None, b"\x1b[1;2A"),
        ("home", None, b"\x1b[H"),
        ("end", None, b"\x1b[F"),
        ("pageup", None, b"\x1b[5~"),
        ("pagedown", None, b"\x1b[6~"),
        ("delete", None, b"\x1b[3~"),
        ("insert", None, b"\x1b[2~"),
        ("f1", None, b"\x1bOP"),
        ("f4", None, b"\x1bOS"),
        ("f5", None, b"\x1b[15~"),
        ("f12", None, b"\x1b[24~"),
        ("ctrl+f5", None, b"\x1b[15;5~"),
        ("shift+f1", None, b"\x1b[1;2P"),
        ("plus", "+", b"+"),
    ],
)
def test_key_encoding(key: str, character: str | None, expected: bytes) -> None:
    assert key_to_bytes(key, character) == expected


def test_application_cursor_mode_uses_ss3() -> None:
    assert key_to_bytes("up", None, app_cursor=True) == b"\x1bOA"
    assert key_to_bytes("home", None, app_cursor=True) == b"\x1bOH"
    assert key_to_bytes("ctrl+up", None, app_cursor=True) == b"\x1b[1;5A"


def test_unknown_keys_have_no_encoding() -> None:
    assert key_to_bytes("ctrl+f99", None) is None
    assert split_key("ctrl+shift+up") == (frozenset({"ctrl", "shift"}), "up")


def _feed(screen: TerminalScreen, text: str) -> None:
    pyte.ByteStream(screen).feed(text.encode())


def test_scrollback_keeps_lines_and_view_shows_them() -> None:
    screen = TerminalScreen(20, 5, history=100)
    _feed(screen, "".join(f"l{n}\r\n" for n in range(1, 11)))
    assert [line[0].data + line[1].data for line in screen.history][:2] == ["l1", "l2"]
    assert len(screen.history) == 6
    assert screen.view_line(0, 6)[1].data == "1"
    assert screen.view_line(0, 0)[1].data == "7"
    _feed(screen, "\x1b[3J")
    assert len(screen.history) == 0


def test_alternate_screen_restores_the_main_screen() -> None:
    screen = TerminalScreen(20, 5)
    _feed(screen, "shell$ less f\r\n")
    _feed(screen, "\x1b[?1049h\x1b[Hpage\r\n" + "x\r\n" * 10)
    assert screen.in_alternate_screen
    assert screen.display[0].rstrip() != "shell$ less f"
    assert len(screen.history) == 0  # full-screen output is not scrollback
    _feed(screen, "\x1b[?1049l")
    assert not screen.in_alternate_screen
    assert screen.display[0].rstrip() == "shell$ less f"
    assert (screen.cursor.x, screen.cursor.y) == (0, 1)


def test_full_reset_leaves_the_alternate_screen() -> None:
    screen = TerminalScreen(20, 5)
    _feed(screen, "\x1b[?1049hvim\x1bc")
    assert not screen.in_alternate_screen
    _feed(screen, "après")
    assert screen.display[0].rstrip() == "après"


def test_resize_smaller_keeps_the_cursor_line() -> None:
    screen = TerminalScreen(20, 10)
    _feed(screen, "".join(f"l{n}\r\n" for n in range(1, 9)) + "prompt$ ")
    screen.resize(4, 10)
    assert screen.display[-1].rstrip() == "prompt$"
    assert screen.cursor.y == 3
    assert [line[1].data for line in screen.history][-2:] == ["4", "5"]


def test_draw_keeps_text_after_zero_width_characters() -> None:
    screen = TerminalScreen(30, 2)
    _feed(screen, "a❤️b 👨‍👩 c\u0301d")
    assert screen.display[0].rstrip().endswith("ćd")
    assert screen.buffer[0][1].data == "❤\ufe0f"


def test_wide_character_at_the_edge_wraps() -> None:
    screen = TerminalScreen(5, 3)
    _feed(screen, "abcd中")
    assert screen.display[0] == "abcd "
    assert screen.display[1].startswith("中")


def test_colours() -> None:
    assert pyte_color("default") is None
    assert pyte_color("brown") == Color.from_ansi(3)
    assert pyte_color("brightblue") == Color.from_ansi(12)
    assert pyte_color("bfightmagenta") == Color.from_ansi(13)
    assert pyte_color("ff8700") == Color.from_rgb(255, 135, 0)


@pytest.mark.parametrize(
    ("data", "width"),
    [("a", 1), ("🐳", 2), ("❤\ufe0f", 1), ("👍🏽", 2), ("🏽", 2), ("🇫", 2), ("\u200b", 1)],
)
def test_cell_text_always_has_the_cells_width(data: str, width: int) -> None:
    assert cell_len(cell_text(data, width)) == width


def test_render_cells_width_and_cursor() -> None:
    screen = TerminalScreen(12, 2)
    _feed(screen, "\x1b[32mok\x1b[0m 🐳🇫🇷x")
    segments = render_cells(screen.buffer[0], 12, cursor_x=0)
    assert sum(cell_len(s.text) for s in segments) == 12
    assert segments[0].text == "o" and segments[0].style is not None
    assert segments[0].style.reverse and segments[0].style.color == Color.from_ansi(2)


def test_typed_text_types_each_line_with_enter() -> None:
    block = "\ndocker run -d \\\n\t--name web \\\n  nginx:alpine   \n"
    assert typed_text(block) == "docker run -d \\\r    --name web \\\r  nginx:alpine\r"
    assert typed_text("ls", execute=False) == "ls"


def test_pasted_text_is_bracketed_when_asked() -> None:
    assert pasted_text("a\nb", bracketed=False) == "a\rb"
    assert pasted_text("a\r\nb", bracketed=True) == "\x1b[200~a\rb\x1b[201~"


def test_default_shell_prefers_shell_then_bash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHELL", "/bin/sh")
    assert default_shell() == ["/bin/sh"]
    monkeypatch.setenv("SHELL", "/nulle/part/zsh")
    assert default_shell() == [shutil.which("bash")]
    monkeypatch.setenv("PATH", "/nulle/part")
    assert default_shell() == ["/bin/sh"]


def test_shell_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_DRIVER", "x")
    env = build_env({"PS1": "p$ "}, 90, 20)
    assert env["TERM"] == "xterm-256color" and env["COLUMNS"] == "90" and env["LINES"] == "20"
    assert env["PS1"] == "p$ " and "TEXTUAL_DRIVER" not in env
