"""Fixtures of the app's tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh DOCKER_LAB_HOME."""
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    return tmp_path
