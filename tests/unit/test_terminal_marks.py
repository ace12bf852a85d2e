"""The semantic prompt marks: parsed out of a byte stream split anywhere, and the commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from docker_lab.tui.widgets.terminal_marks import (
    CommandTracker,
    FinishedCommand,
    Mark,
    MarkFilter,
    output_text,
    parse_mark,
    unescape,
)
from docker_lab.tui.widgets.terminal_shellrc import BASH_RC, ZSH_FILES, prepare, write_scripts

SESSION = (b"\x1b]133;A\x07user$ \x1b]133;B\x07docker ps\r\n"
           b"\x1b]633;E;docker network inspect x\\x3b echo \\\\fin\x07\x1b]133;C\x07"
           b"\x1b]0;titre\x07Error: No such network: x\r\n\x1b[31mrouge\x1b[0m\r\n"
           b"\x1b]133;D;1\x07\x1b]133;A\x07user$ \x1b]133;B\x07")


def _split_everywhere(data: bytes) -> list[list[bytes | Mark]]:
    """The filter's output for *data* cut in two at every position, merged per cut."""
    results = []
    for cut in range(len(data) + 1):
        flt = MarkFilter()
        items = flt.feed(data[:cut]) + flt.feed(data[cut:])
        merged: list[bytes | Mark] = []
        for item in items:
            if isinstance(item, bytes) and merged and isinstance(merged[-1], bytes):
                merged[-1] += item
            else:
                merged.append(item)
        results.append(merged)
    return results


def test_marks_are_taken_out_wherever_the_reads_split() -> None:
    expected = [Mark("A"), b"user$ ", Mark("B"), b"docker ps\r\n",
                Mark("E", "docker network inspect x; echo \\fin"), Mark("C"),
                b"\x1b]0;titre\x07Error: No such network: x\r\n\x1b[31mrouge\x1b[0m\r\n",
                Mark("D", "1"), Mark("A"), b"user$ ", Mark("B")]
    for number, items in enumerate(_split_everywhere(SESSION)):
        assert items == expected, number


def test_other_sequences_and_a_lone_escape_pass_through() -> None:
    flt = MarkFilter()
    assert flt.feed(b"abc\x1b") == [b"abc"]
    assert flt.feed(b"[1mX") == [b"\x1b[1mX"]
    link = b"\x1b]8;;http://x\x1b\\lien"
    assert b"".join(i for i in flt.feed(link) if isinstance(i, bytes)) == link
    assert flt.feed(b"\x1b]133;D;0\x1b\\") == [Mark("D", "0")]


def test_an_unterminated_osc_is_given_back_when_too_long() -> None:
    flt = MarkFilter()
    assert flt.feed(b"\x1b]133;A") == []
    flood = b"x" * 20000
    assert flt.feed(flood) == [b"\x1b]133;A" + flood]


@pytest.mark.parametrize(("body", "mark"), [
    (b"133;A", Mark("A")), (b"133;A;k=s", Mark("A")), (b"133;D", Mark("D")),
    (b"133;D;127", Mark("D", "127")), (b"633;E;ls\\x3b pwd;nonce", Mark("E", "ls; pwd")),
    (b"133;Z", None), (b"7;file://h/x", None),
])
def test_parse_mark(body: bytes, mark: Mark | None) -> None:
    assert parse_mark(body) == mark


def test_unescape() -> None:
    assert unescape(r"a\\b\x3bc\x0a") == "a\\b;c\n"


def test_output_text_removes_ansi_and_applies_carriage_returns() -> None:
    raw = b"\x1b[1mgras\x1b[0m\r\n10%\r50%\r100%\r\n\x1b(Bfin \x1b]0;t\x07\r\n"
    assert output_text(raw) == "gras\n100%\nfin"


def test_tracker_reports_commands_with_status_and_bounded_output() -> None:
    started: list[str] = []
    finished: list[FinishedCommand] = []
    clock = iter([10.0, 12.5, 20.0, 21.0])
    tracker = CommandTracker(started.append, finished.append, clock=lambda: next(clock))
    tracker.feed(MarkFilter().feed(SESSION))
    assert started == ["docker network inspect x; echo \\fin"]
    assert finished == [FinishedCommand("docker network inspect x; echo \\fin", 1,
                                        "Error: No such network: x\nrouge", 2.5)]
    assert tracker.command is None and tracker.seen_marks
    tracker.feed([Mark("E", "yes"), Mark("C"), b"y\r\n" * 50000, b"last\r\n", Mark("D", "130")])
    big = finished[-1]
    assert big.status == 130 and big.output.endswith("y\nlast") and "\n…\n" in big.output
    assert len(big.output) < 9000


def test_enter_on_an_empty_line_reports_nothing() -> None:
    finished: list[FinishedCommand] = []
    tracker = CommandTracker(lambda c: None, finished.append)
    tracker.feed([Mark("A"), b"$ ", Mark("B"), Mark("D", "0"), Mark("A")])
    assert finished == []


def test_scripts_are_written_once_and_kept(tmp_path: Path) -> None:
    write_scripts(tmp_path)
    rc = tmp_path / "bash" / "rc.bash"
    assert rc.read_text(encoding="utf-8") == BASH_RC
    assert {p.name for p in (tmp_path / "zsh").iterdir()} == set(ZSH_FILES)
    mtime = rc.stat().st_mtime_ns
    write_scripts(tmp_path)
    assert rc.stat().st_mtime_ns == mtime


@pytest.mark.parametrize(("argv", "env", "expected_argv", "expected_env"), [
    (["/bin/bash"], {}, ["/bin/bash", "--rcfile", "{rc}"], {}),
    (["bash", "-l"], {}, ["bash", "--rcfile", "{rc}"], {"__DL_BASH_LOGIN": "1"}),
    (["-bash"], {}, ["bash", "--rcfile", "{rc}"], {"__DL_BASH_LOGIN": "1"}),
    (["bash", "--rcfile", "/x/rc"], {}, ["bash", "--rcfile", "{rc}"], {"__DL_BASH_RC": "/x/rc"}),
    (["bash", "--norc"], {"PROMPT_COMMAND": "moi"}, ["bash", "--norc", "--noprofile"],
     {"__DL_BASH_BOOT": "1", "PROMPT_COMMAND": ". {rc}", "__DL_BASH_PC": "moi"}),
    (["zsh"], {}, ["zsh"], {"ZDOTDIR": "{zsh}"}),
    (["zsh", "-l"], {"ZDOTDIR": "/u/z"}, ["zsh", "-l"],
     {"ZDOTDIR": "{zsh}", "__DL_USER_ZDOTDIR": "/u/z", "__DL_HAD_ZDOTDIR": "1"}),
])
def test_prepare_integrated_shells(tmp_path: Path, argv: list[str], env: dict[str, str],
                                   expected_argv: list[str], expected_env: dict[str, str]) -> None:
    names = {"rc": str(tmp_path / "bash" / "rc.bash"), "zsh": str(tmp_path / "zsh")}
    launch = prepare(argv, env, tmp_path)
    assert launch.integrated
    assert launch.argv == [a.format(**names) for a in expected_argv]
    assert launch.env == {k: v.format(**names) for k, v in expected_env.items()}


@pytest.mark.parametrize("argv", [["fish"], ["/bin/sh"], ["dash"], ["bash", "-c", "ls"],
                                  ["bash", "script.sh"], ["zsh", "-f"]])
def test_prepare_leaves_other_shells_as_they_are(tmp_path: Path, argv: list[str]) -> None:
    launch = prepare(argv, {}, tmp_path)
    assert (launch.argv, launch.env, launch.integrated) == (argv, {}, False)


def test_prepare_without_a_writable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("x", encoding="utf-8")
    assert not prepare(["bash"], {}, blocker).integrated
    assert not prepare(["bash"], {}, None).integrated
