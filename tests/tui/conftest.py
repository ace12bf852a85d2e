"""Fixtures of the app's tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def deterministic_shell(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Run the app's console on a bash whose HOME holds a tiny ``.bashrc``.

    The machine's ``.bashrc`` (pyenv init, cargo...) is slow and can block on a
    stale ``pyenv rehash`` lock left by a shell killed mid-start; the app uses
    ``$SHELL``, so the tests point it at a wrapper named ``bash`` (the console
    then adds its shell integration, as for a student). The prompt keeps the usual
    ``user@host:dir#`` shape (tests look for the working directory in it); Docker's
    configuration (its CLI plugins) stays the real one.
    """
    wrapper = tmp_path_factory.mktemp("shell") / "bash"
    home = tmp_path_factory.mktemp("home")
    # PS1 is set by the rc file: tmux does not pass PS1 on to the programs it starts.
    (home / ".bashrc").write_text(
        "PS1='\\u@\\h:\\w\\$ ' HISTFILE=/dev/null PROMPT_COMMAND=\n", encoding="utf-8")
    docker_config = os.environ.get("DOCKER_CONFIG") or str(Path.home() / ".docker")
    wrapper.write_text(
        f"#!/bin/sh\nexport HOME='{home}' DOCKER_CONFIG='{docker_config}'\n"
        'exec /usr/bin/env bash "$@"\n',
        encoding="utf-8",
    )
    env = {"SHELL": str(wrapper)}
    wrapper.chmod(0o755)
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    yield wrapper
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh DOCKER_LAB_HOME."""
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    return tmp_path
