"""An unexpected exception in a command ends in one French line, not a traceback."""

from __future__ import annotations

import argparse

import pytest

from docker_lab import cli


def _boom(args: argparse.Namespace) -> int:
    raise RuntimeError("panne imprévue")


def test_unexpected_error_is_one_french_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = cli.build_parser

    def parser_with_a_broken_command() -> argparse.ArgumentParser:
        parser = real()
        parser.set_defaults(func=_boom)
        return parser

    monkeypatch.setattr(cli, "build_parser", parser_with_a_broken_command)
    monkeypatch.delenv("DOCKER_LAB_DEBUG", raising=False)
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert "erreur inattendue (panne imprévue)" in err and "RuntimeError" not in err
    assert "Traceback" not in err and "DOCKER_LAB_DEBUG=1" in err

    monkeypatch.setenv("DOCKER_LAB_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main([])


def _denied(args: argparse.Namespace) -> int:
    raise PermissionError(13, "Permission denied", "/srv/cours/lessons")


def test_a_file_error_names_the_path_in_french(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = cli.build_parser

    def parser_with_a_denied_command() -> argparse.ArgumentParser:
        parser = real()
        parser.set_defaults(func=_denied)
        return parser

    monkeypatch.setattr(cli, "build_parser", parser_with_a_denied_command)
    monkeypatch.delenv("DOCKER_LAB_DEBUG", raising=False)
    assert cli.main([]) == 1
    err = capsys.readouterr().err
    assert "« /srv/cours/lessons » : permission refusée" in err, err
    assert "PermissionError" not in err and "denied" not in err
