"""The progress store: API, durability under kill -9, corrupt files, concurrent use, CLI."""

from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from docker_lab.cli import main
from docker_lab.progress import Position, ProgressStore

WRITER = """
import sys
from docker_lab.progress import ProgressStore
store = ProgressStore.open()
assert store.warning is None, store.warning
name = sys.argv[1]
store.start_exercise(name)
for i in range(int(sys.argv[2])):
    store.complete_step(name, f"etape-{i}")
    store.set_position("lecon", i)
    print(i, flush=True)
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    return tmp_path


def writer(exercise: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, exercise, str(count)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy(),
    )


def read_line(proc: subprocess.Popen[str], deadline: float) -> str:
    """Read one line of the child's output, failing at the deadline (no sleeping)."""
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            return proc.stdout.readline()
    raise AssertionError("the writer stopped answering")


def test_api_round_trip(home: Path) -> None:
    store = ProgressStore.open()
    assert store.path == home / "progress.sqlite3" and store.warning is None
    assert store.position() is None and store.exercise_started_at("e") is None
    first = store.start_exercise("e", {"containers": ["web", "db", "web"], "networks": ["n"]})
    again = store.start_exercise("e", {"containers": ["autre"]})
    assert first == again == store.exercise_started_at("e")
    assert first.tzinfo is not None and abs(datetime.now(UTC) - first) < timedelta(minutes=1)
    assert store.preexisting("e") == {"containers": ["db", "web"], "networks": ["n"],
                                      "volumes": []}
    assert store.preexisting("jamais") == {"containers": [], "networks": [], "volumes": []}
    paris = timezone(timedelta(hours=2))
    store.complete_step("e", "b", at=datetime(2025, 1, 2, 12, 0, tzinfo=paris))
    store.complete_step("e", "a", at=datetime(2025, 1, 2, 11, 0, tzinfo=UTC))
    store.complete_step("e", "a", at=datetime(2030, 1, 1, tzinfo=UTC))  # sticky: first kept
    assert store.completed_steps("e") == {
        "b": datetime(2025, 1, 2, 10, 0, tzinfo=UTC),
        "a": datetime(2025, 1, 2, 11, 0, tzinfo=UTC),
    }
    assert [store.reveal_hint("e", "a") for _ in range(3)] == [1, 2, 3]
    assert (store.hints_revealed("e", "a"), store.hints_revealed("e", "b")) == (3, 0)
    store.set_position("intro", 4)
    store.set_position("types", 2, "e")
    assert store.position() == Position("types", 2, "e")
    assert store.to_json() == {
        "exercises": {"e": {"started_at": first.isoformat(), "steps": {
            "b": "2025-01-02T10:00:00+00:00", "a": "2025-01-02T11:00:00+00:00"}}},
        "position": {"lesson_id": "types", "slide_index": 2, "exercise_id": "e"},
        "hints": {"e": {"a": 3}},
    }
    store.forget_exercise("e")
    assert store.completed_steps("e") == {} and store.exercise_started_at("e") is None
    assert store.hints_revealed("e", "a") == 0 and store.position() == Position("types", 2, "e")
    store.close()
    with ProgressStore.open() as reopened:
        assert reopened.position() == Position("types", 2, "e")
    mode = sqlite3.connect(home / "progress.sqlite3").execute("PRAGMA journal_mode").fetchone()
    assert mode == ("wal",)


def test_kill_9_loses_at_most_the_last_action(home: Path) -> None:
    proc = writer("tue", 100_000)
    deadline = time.monotonic() + 30
    last = -1
    while last < 200:
        last = int(read_line(proc, deadline))
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate(timeout=10)  # lines printed before the kill, still in the pipe
    assert proc.returncode == -signal.SIGKILL
    last = max([last, *(int(line) for line in rest.split())])
    with ProgressStore.open() as store:
        assert store.warning is None
        steps = store.completed_steps("tue")
        # Every printed action is there; at most one more (committed, not yet printed).
        assert {f"etape-{i}" for i in range(last + 1)} <= steps.keys()
        assert len(steps) in (last + 1, last + 2)
        position = store.position()
        assert position is not None and position.slide_index >= last


def test_two_processes_and_this_one_write_at_the_same_time(home: Path) -> None:
    with ProgressStore.open() as mine:
        procs = [writer("un", 150), writer("deux", 150)]
        for i in range(150):
            mine.reveal_hint("ici", f"s{i % 3}")
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
        assert len(mine.completed_steps("un")) == len(mine.completed_steps("deux")) == 150
        assert sum(mine.hints_revealed("ici", f"s{i}") for i in range(3)) == 150


def test_threads_share_one_store(home: Path) -> None:
    with ProgressStore.open() as store:
        def work(n: int) -> None:
            for i in range(50):
                store.complete_step(f"t{n}", f"s{i}")

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert [len(store.completed_steps(f"t{n}")) for n in range(4)] == [50] * 4


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"ceci n'est pas une base\n" * 50, "ce n'est pas une base SQLite"),
        ("sqlite-autre", "ce n'est pas une base de progression de docker-lab"),
        ("version", "version de format inconnue : « 99 »"),
    ],
)
def test_corrupt_store_is_set_aside(home: Path, content: bytes | str, reason: str) -> None:
    path = home / "progress.sqlite3"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content == "sqlite-autre":
        sqlite3.connect(path).execute("CREATE TABLE notes (x)").connection.commit()
    else:
        ProgressStore.open().close()
        conn = sqlite3.connect(path)
        conn.execute("UPDATE meta SET value = '99'")
        conn.commit()
        conn.close()
    before = path.read_bytes()
    store = ProgressStore.open()
    assert store.warning is not None and reason in store.warning
    aside = sorted(home.glob("progress.sqlite3.corrompu-*"))
    assert [p.name for p in aside if not p.name.endswith(("-wal", "-shm"))] == [
        p.name for p in aside if p.name in store.warning]
    assert aside[0].read_bytes() == before
    store.complete_step("e", "s")
    store.close()
    with ProgressStore.open() as fresh:
        assert fresh.warning is None and list(fresh.completed_steps("e")) == ["s"]


def test_unwritable_place_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    store = ProgressStore.open(blocker / "progress.sqlite3")
    assert store.warning is not None and "perdue en quittant" in store.warning
    store.complete_step("e", "s")
    assert list(store.completed_steps("e")) == ["s"]
    store.close()


def test_progress_command(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["progress"]) == 0
    assert "Aucun exercice commencé." in capsys.readouterr().out
    with ProgressStore.open() as store:
        store.start_exercise("dns-interne")
        store.complete_step("dns-interne", "reseau", at=datetime(2025, 3, 1, 9, 30, tzinfo=UTC))
        store.reveal_hint("dns-interne", "backend")
        store.set_position("communication-inter-containers", 0, "dns-interne")
    assert main(["progress", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["exercises"]["dns-interne"]["steps"] == {"reseau": "2025-03-01T09:30:00+00:00"}
    assert data["hints"] == {"dns-interne": {"backend": 1}}
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "Position : leçon « communication-inter-containers »" in out
    assert "diapo 1, exercice « dns-interne »" in out
    assert "✓ reseau" in out and "indices révélés pour « backend » : 1" in out
    (home / "progress.sqlite3").write_bytes(b"\x00" * 4096)
    for suffix in ("-wal", "-shm"):
        (home / f"progress.sqlite3{suffix}").unlink(missing_ok=True)
    assert main(["progress"]) == 0
    captured = capsys.readouterr()
    assert "mis de côté" in captured.err and "Aucun exercice commencé." in captured.out


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("UPDATE steps SET completed_at = 'hier'",
         "valeur « hier » dans la colonne « completed_at » de la table « steps », "
         "attendu : une date"),
        ("UPDATE position SET slide_index = 'trois'",
         "valeur « trois » dans la colonne « slide_index »"),
        ("UPDATE exercises SET preexisting = '[1'", "attendu : une liste de ressources"),
        ("INSERT INTO hints VALUES ('e', 's', -2)", "colonne « revealed »"),
    ],
)
def test_bad_values_in_a_sound_store_set_it_aside(home: Path, sql: str, reason: str) -> None:
    with ProgressStore.open() as store:
        store.start_exercise("e")
        store.complete_step("e", "s")
        store.set_position("l", 0, "e")
    conn = sqlite3.connect(home / "progress.sqlite3")
    conn.execute(sql)
    conn.commit()
    conn.close()
    with ProgressStore.open() as store:
        assert store.warning is not None and reason in store.warning
        assert "mis de côté" in store.warning
        assert store.to_json()["exercises"] == {}


def test_a_folder_in_place_of_the_store_is_named_in_french(home: Path) -> None:
    (home / "progress.sqlite3").mkdir()
    with ProgressStore.open() as store:
        assert store.warning is not None
        assert "c'est un dossier, pas un fichier de progression" in store.warning
        assert "unable" not in store.warning
