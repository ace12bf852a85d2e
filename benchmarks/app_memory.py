"""The app's resident size over many live evaluations (the real engine, a real console).

Runs the app headless (Textual's Pilot, 120×40) on the test course with its console
(a real shell in a PTY), then does N rounds of « create the step's network, evaluate,
remove it, evaluate » — each round changes the verdict both ways, as a student does —
and prints the resident size (VmRSS) before, every 100 evaluations, and after.
Aims (issue 10): growth < 5 MB over 1,000 evaluations, and < 150 MB in all.

    python benchmarks/app_memory.py [--evaluations 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NETWORK = "dlt-h7-reseau"
LABELS = {"docker-lab.test": "true", "docker-lab.managed": "true"}


def rss_mb() -> float:
    """This process's resident size, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def run(evaluations: int) -> None:
    import docker

    from docker_lab.engine.gateway import DockerGateway
    from docker_lab.tui.widgets.exercise_panel import ExercisePanel
    from tests.tui.app_support import build, console_ready, wait_for

    client = docker.from_env()
    for net in client.networks.list(names=[NETWORK]):
        net.remove()
    home = Path(tempfile.mkdtemp(prefix="dlt-mem-"))
    os.environ["DOCKER_LAB_HOME"] = str(home)
    app, store = build(home, gateway_factory=DockerGateway, exercise_id="dlt-h7-exercice")
    async with app.run_test(size=(120, 40)) as pilot:
        await console_ready(pilot)
        panel = app.screen.query_one(ExercisePanel)
        await wait_for(pilot, lambda: panel.state.result is not None, timeout=30,
                       what="first evaluation")

        async def evaluate() -> None:
            shown = panel._eval_shown
            panel.check()
            await wait_for(pilot, lambda: panel._eval_shown > shown, timeout=30,
                           what="evaluation")

        async def round_trip(i: int) -> None:
            if i % 2 == 0:
                await asyncio.to_thread(client.networks.create, NETWORK, labels=LABELS)
            else:
                await asyncio.to_thread(lambda: [n.remove() for n in
                                                 client.networks.list(names=[NETWORK])])
            await evaluate()

        for i in range(20):  # warm-up: caches, first renders
            await round_trip(i)
        gc.collect()
        before = rss_mb()
        print(f"avant : {before:.1f} Mo (après 20 évaluations de mise en route)")
        started = time.perf_counter()
        for i in range(evaluations):
            await round_trip(i)
            if (i + 1) % 100 == 0:
                gc.collect()
                print(f"  {i + 1:5d} évaluations : {rss_mb():.1f} Mo", flush=True)
        gc.collect()
        after = rss_mb()
        took = time.perf_counter() - started
        print(f"après : {after:.1f} Mo — croissance {after - before:+.1f} Mo pour {evaluations} "
              f"évaluations ({(after - before) * 1024 / evaluations:+.1f} Ko/évaluation), "
              f"{took / evaluations * 1000:.0f} ms par aller-retour")
    for net in client.networks.list(names=[NETWORK]):
        net.remove()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--evaluations", type=int, default=1000)
    args: Any = parser.parse_args()
    asyncio.run(run(args.evaluations))


if __name__ == "__main__":
    main()
