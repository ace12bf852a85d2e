"""``docker-lab map``: exit 2 in French when it cannot draw; the text's colours (no engine)."""

from __future__ import annotations

import pytest

from docker_lab.cli import main
from docker_lab.commands.map import styled


def test_unknown_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "nope"]) == 2
    err = capsys.readouterr().err
    assert "Exercice inconnu « nope »" in err and "multi-tiers" in err


def test_docker_unreachable(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                            tmp_path: object) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    assert main(["map", "multi-tiers"]) == 2
    assert "Docker injoignable" in capsys.readouterr().err


def test_colour_only_when_asked() -> None:
    lines = [[("✓ ", "ok"), ("web-1", "title"), (" rien", "")]]
    assert styled(lines, colour=False) == "✓ web-1 rien"
    coloured = styled(lines, colour=True)
    assert "\x1b[32m✓ \x1b[0m" in coloured and "\x1b[1mweb-1\x1b[0m" in coloured
