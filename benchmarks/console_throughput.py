"""Throughput of the live console: how fast `seq 1 100000` is read, emulated and drawn.

Run: /work/venv/bin/python benchmarks/console_throughput.py [--lines N] [--runs R]

Prints:
- the emulator alone (bytes fed to pyte's Screen, HistoryScreen, our TerminalScreen);
- end to end in a headless Textual app (real bash on a PTY, 100x30): time from the
  command to the last number on screen, bytes/s, frames drawn, and the event loop's
  worst and 95th-percentile stall while the output floods in (the UI stays responsive
  when this stays small).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import time

import pyte
from textual.app import App, ComposeResult

from docker_lab.tui.widgets.console import Console
from docker_lab.tui.widgets.terminal_screen import TerminalScreen
from docker_lab.tui.widgets.terminal_testing import (
    TEST_PROMPT,
    shell_env_for_tests,
    shell_for_tests,
    wait_for,
    wait_for_prompt,
)


def emulator_only(data: bytes) -> dict[str, float]:
    """MB/s of each screen class fed 32 KiB chunks."""
    results = {}
    for cls in (pyte.Screen, pyte.HistoryScreen, TerminalScreen):
        screen = cls(100, 30)
        stream = pyte.ByteStream(screen)
        start = time.perf_counter()
        for i in range(0, len(data), 32768):
            stream.feed(data[i : i + 32768])
        results[cls.__name__] = len(data) / (time.perf_counter() - start) / 1e6
    return results


class CountingConsole(Console):
    """Counts the frames the console asks Textual to paint."""

    frames = 0

    def _paint(self) -> None:
        self.frames += 1
        super()._paint()


class BenchApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CountingConsole(shell_for_tests(), env=shell_env_for_tests())


async def end_to_end(lines: int) -> dict[str, float]:
    """Time `seq 1 N` in a real console, with the event loop's stalls measured meanwhile."""
    app = BenchApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(CountingConsole)
        console.focus()
        await wait_for_prompt(pilot, console)
        console.frames = 0
        stalls: list[float] = []
        done = False

        async def probe() -> None:
            while not done:
                before = time.perf_counter()
                await asyncio.sleep(0.005)
                stalls.append(time.perf_counter() - before - 0.005)

        task = asyncio.create_task(probe())
        start = time.perf_counter()
        console.send_text(f"seq 1 {lines}")
        last = str(lines)

        def finished() -> bool:
            shown = console.display_lines()
            return last in shown and shown[shown.index(last) + 1] == TEST_PROMPT.rstrip()

        await wait_for(pilot, finished, timeout=300)
        elapsed = time.perf_counter() - start
        done = True
        await task
        frames = console.frames
    size = len(subprocess.run(["seq", "1", str(lines)], capture_output=True).stdout) + lines
    stalls.sort()
    return {
        "seconds": elapsed,
        "bytes": size,
        "MB/s": size / elapsed / 1e6,
        "frames": frames,
        "fps": frames / elapsed,
        "stall_max_ms": stalls[-1] * 1000,
        "stall_p95_ms": stalls[int(len(stalls) * 0.95)] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = subprocess.run(["seq", "1", str(args.lines)], capture_output=True).stdout
    data = data.replace(b"\n", b"\r\n")
    print(f"emulator only, {len(data)} bytes (MB/s):")
    for name, rate in emulator_only(data).items():
        print(f"  {name:<14} {rate:6.2f}")
    runs = [asyncio.run(end_to_end(args.lines)) for _ in range(args.runs)]
    print(f"end to end, `seq 1 {args.lines}` in a 100x30 console, {args.runs} runs (median):")
    for key in runs[0]:
        print(f"  {key:<13} {statistics.median(r[key] for r in runs):10.2f}")


if __name__ == "__main__":
    main()
