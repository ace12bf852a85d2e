"""Latency of the learning app, measured as a student sees it (in tmux, 120×40).

1. launch → first slide painted: from spawning ``docker-lab`` until the slide's
   title is on the captured pane;
2. ``docker network create`` → step shown green: from pressing Enter on the
   command typed in the app's console until « ✓ 1. » is on the pane; also from
   the network's creation time (engine clock) to the pane, which leaves out the
   docker CLI's own start-up.

Uses the test course (``tests/data/tui-course``, network ``dlt-h7-reseau``,
labelled as a test resource and removed after each run) and a fresh
``DOCKER_LAB_HOME`` per run. Prints medians; aims: < 1 s and < 0.5 s.

    python benchmarks/tui_latency.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "tests" / "data" / "tui-course"
DOCKER_LAB = str(Path(sys.executable).with_name("docker-lab"))
NETWORK = "dlt-h7-reseau"
COMMAND = (f"docker network create --label docker-lab.test=true "
           f"--label docker-lab.managed=true {NETWORK}")
SOCKET = f"dlt-h7-bench-{os.getpid()}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", *args], check=True,
                          capture_output=True, text=True).stdout


def poll(predicate: Callable[[], bool], timeout: float) -> float:
    """Return the time at which *predicate* first held (polling every 5 ms)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return time.perf_counter()
        time.sleep(0.005)  # polling interval
    raise TimeoutError("condition not met")


def remove_network() -> None:
    subprocess.run(["docker", "network", "rm", NETWORK], capture_output=True)


def created_at(name: str) -> float:
    out = subprocess.run(["docker", "network", "inspect", "-f", "{{.Created}}", name],
                         check=True, capture_output=True, text=True).stdout.strip()
    # 2026-11-28T01:02:03.123456789Z -> microseconds precision for fromisoformat
    head, _, frac = out.rstrip("Z").partition(".")
    stamp = datetime.fromisoformat(f"{head}.{(frac + '000000')[:6]}+00:00")
    return stamp.timestamp()


def one_run() -> tuple[float, float, float]:
    home = tempfile.mkdtemp(prefix="dlt-h7-bench-")
    remove_network()
    session = "bench"
    script = (f"unset COLUMNS LINES; exec {DOCKER_LAB} --course {COURSE} "
              "--exercise dlt-h7-exercice")
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
         "-e", f"DOCKER_LAB_HOME={home}", "sh", "-c", script)

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    try:
        painted = poll(lambda: "Créer un réseau" in screen(), 20)
        poll(lambda: "✗" in screen() and "#" in screen().split("Console", 1)[-1], 20)
        tmux("send-keys", "-t", session, "-l", COMMAND)
        time.sleep(0.3)  # let the console echo the typed text before timing Enter
        enter = time.perf_counter()
        tmux("send-keys", "-t", session, "Enter")
        green = poll(lambda: "✓ 1" in screen(), 20)
        green_wall = time.time() - (time.perf_counter() - green)
        engine_to_screen = green_wall - created_at(NETWORK)
        return painted - start, green - enter, engine_to_screen
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
        remove_network()
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux est nécessaire", file=sys.stderr)
        return 2
    rows = [one_run() for _ in range(args.runs)]
    launch, enter_green, engine_green = (statistics.median(col) for col in zip(*rows, strict=True))
    print(f"runs: {args.runs} (tmux 120x40, course tests/data/tui-course)")
    print(f"launch -> first slide painted        median {launch * 1000:7.0f} ms   (aim < 1000)")
    print(f"Enter on 'docker network create' -> step green "
          f"median {enter_green * 1000:5.0f} ms   (includes the docker CLI)")
    print(f"network created (engine) -> step green median {engine_green * 1000:5.0f} ms   "
          "(aim < 500)")
    for index, (a, b, c) in enumerate(rows, 1):
        print(f"  run {index}: {a * 1000:6.0f} ms  {b * 1000:6.0f} ms  {c * 1000:6.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
