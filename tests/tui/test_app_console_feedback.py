"""The app's panel and the console's commands, with a real shell on a PTY (Docker unreachable)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Static

from docker_lab.tui.focus import CONSOLE_ID
from docker_lab.tui.widgets.console import Console
from tests.tui.app_support import build, console_ready, wait_for

EXERCISE = "dlt-h7-exercice"


def _note(app: object) -> str:
    return str(app.screen.query_one("#ex-console", Static).render())  # type: ignore[attr-defined]


@pytest.mark.skipif(shutil.which("dash") is None, reason="dash absent")
async def test_a_shell_without_integration_is_said_once(home: Path) -> None:
    app, store = build(home, exercise_id=EXERCISE, live=False,
                       console_factory=lambda cwd: Console(["dash"], cwd=cwd, id=CONSOLE_ID))
    async with app.run_test(size=(120, 40)) as pilot:
        await console_ready(pilot)
        await wait_for(pilot, lambda: "indisponible avec dash" in _note(app), what="note")
        assert "Suivi des commandes indisponible avec dash : les vérifications restent " \
               "actives." in " ".join(_note(app).split())
    store.close()


async def test_a_failed_command_is_explained_without_docker(home: Path) -> None:
    app, store = build(home, exercise_id=EXERCISE, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await console_ready(pilot)
        console.send_text("ls /nexiste-pas-dlt")
        await wait_for(pilot, lambda: "Votre dernière commande" in _note(app), what="note")
        text = " ".join(_note(app).split())
        assert "Votre commande ls /nexiste-pas-dlt a échoué (code 2)" in text
        log = app.screen.panel.link.commands.since(None)
        assert [(c.command, c.status, c.exercise_id) for c in log] == [
            ("ls /nexiste-pas-dlt", 2, EXERCISE)]
    store.close()
