"""Output piped into a reader that has gone (``| head``): no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("command", [["progress", "--json"], ["validate"], ["--help"]])
def test_closed_stdout_gives_no_traceback(tmp_path: Path, command: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write to the pipe now fails with EPIPE
    try:
        done = subprocess.run([sys.executable, "-m", "docker_lab", *command], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60,
                              env={**os.environ, "DOCKER_LAB_HOME": str(tmp_path)})
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr
    assert "BrokenPipeError" not in done.stderr
    if command != ["--help"]:  # argparse exits from parse_args, before main's handler
        assert done.returncode == 141
