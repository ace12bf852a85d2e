"""The first-run answer is remembered in a small file (and survives a broken one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docker_lab.progress.firstrun import FILE_NAME, FirstRunMemory


def test_declined_images_stop_the_offer_until_another_one_is_missing(tmp_path: Path) -> None:
    memory = FirstRunMemory(tmp_path / FILE_NAME)
    assert memory.should_offer(["mon-api:latest"])
    assert not memory.should_offer([])
    memory.remember_declined(["mon-api:latest", "postgres:13"])
    again = FirstRunMemory(tmp_path / FILE_NAME)  # a later launch
    assert not again.should_offer(["mon-api:latest"])
    assert again.should_offer(["mon-api:latest", "redis:alpine"])
    again.remember_declined(["redis:alpine"])
    assert again.declined() == {"mon-api:latest", "postgres:13", "redis:alpine"}
    again.forget()
    assert again.should_offer(["mon-api:latest"])


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", '{"declined": "mon-api"}'])
def test_an_unreadable_file_means_the_offer_comes_back(tmp_path: Path, text: str) -> None:
    path = tmp_path / FILE_NAME
    path.write_text(text, encoding="utf-8")
    assert FirstRunMemory(path).should_offer(["mon-api:latest"])


def test_the_default_file_is_in_the_data_folder(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    FirstRunMemory().remember_declined(["alpine:latest"])
    assert '"alpine:latest"' in (tmp_path / FILE_NAME).read_text(encoding="utf-8")
