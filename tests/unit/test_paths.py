"""An unusable DOCKER_LAB_HOME gives one French message, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docker_lab import paths
from docker_lab.progress import ProgressStore


@pytest.fixture
def home_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "fichier"
    home.write_text("pas un dossier\n")
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    return home


def test_data_dir_names_the_folder_and_the_variable(home_is_a_file: Path) -> None:
    with pytest.raises(paths.DataDirError) as info:
        paths.workdir_for("dns-interne")
    message = str(info.value)
    assert message.startswith(f"Impossible de créer le dossier « {home_is_a_file} » : "
                              "un fichier (pas un dossier) porte déjà ce nom.")
    assert "DOCKER_LAB_HOME" in message


def test_a_file_inside_the_path_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         home_is_a_file: Path) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(home_is_a_file / "sous-dossier"))
    with pytest.raises(paths.DataDirError, match="un élément du chemin est un fichier"):
        paths.data_dir()


def test_the_progress_store_warns_in_french(home_is_a_file: Path) -> None:
    store = ProgressStore.open()
    try:
        assert store.warning is not None
        assert "un fichier (pas un dossier) porte déjà ce nom" in store.warning
        assert "Errno" not in store.warning
    finally:
        store.close()


def test_the_app_refuses_to_start_with_a_french_message(home_is_a_file: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "docker_lab"], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(
        f"docker-lab : Impossible de créer le dossier « {home_is_a_file} »")


def test_os_reasons_are_french(tmp_path: Path) -> None:
    try:
        (tmp_path / "absent" / "x").read_text()
    except OSError as exc:
        assert paths.os_reason(exc) == "chemin introuvable"
    try:
        tmp_path.read_text()
    except OSError as exc:
        assert paths.os_reason(exc) == "c'est un dossier"
    assert paths.os_reason(OSError(9999, "Texte du système")) == "Texte du système"


def test_import_names_an_unwritable_output_in_french(tmp_path: Path) -> None:
    deck = tmp_path / "deck.md"
    deck.write_text("# Titre\n\nTexte.\n", encoding="utf-8")
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    done = subprocess.run([sys.executable, "-m", "docker_lab", "import", str(deck),
                           "--out", str(blocker / "lecons")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "un élément du chemin est un fichier, pas un dossier" in done.stderr
    assert "Not a directory" not in done.stderr
