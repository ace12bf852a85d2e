"""Matrix fill time: 10 containers on 4 networks, DNS + ping + port between every pair.

Run: ``python benchmarks/matrix_fill.py [--runs 5]``. Creates labelled networks and
containers (``dlt-bench-map-*``, label ``docker-lab.test=true``) on the real engine and
removes them at the end. Each container serves HTTP on 8080 (busybox httpd); container
``i`` is on network ``i % 4``, and every third one also on the next network. The first
fill includes the one-time detection of each container's probe tools; the target is
≤ 2 s for every fill.
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from typing import Any

from docker_lab.engine.gateway import DockerGateway
from docker_lab.engine.labimage import ensure_lab_image
from docker_lab.lab.expected import Expected, ExpectedPair
from docker_lab.lab.matrix import fill_matrix

LABELS = {"docker-lab.managed": "true", "docker-lab.test": "true"}
CONTAINERS, NETWORKS, PORT = 10, 4, 8080


def layout(tag: str) -> dict[str, list[str]]:
    """Container name -> its networks."""
    nets = [f"dlt-bench-map-{tag}-n{i}" for i in range(NETWORKS)]
    return {f"dlt-bench-map-{tag}-c{i}": [nets[i % NETWORKS]] + (
        [nets[(i + 1) % NETWORKS]] if i % 3 == 0 else []) for i in range(CONTAINERS)}


def expectation(places: dict[str, list[str]]) -> Expected:
    """Every pair checked: reachable on the port when they share a network, else isolated."""
    exp = Expected()
    for name in places:
        exp.container(name)
    for a, nets_a in places.items():
        for b, nets_b in places.items():
            if a != b:
                kind = "reaches" if set(nets_a) & set(nets_b) else "isolated"
                exp.pairs.append(ExpectedPair(kind, a, b, PORT))
    return exp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    gw = DockerGateway()
    client = gw.client
    image = ensure_lab_image(client)
    tag = uuid.uuid4().hex[:6]
    places = layout(tag)
    nets: list[Any] = []
    made: list[Any] = []
    try:
        for name in sorted({n for ns in places.values() for n in ns}):
            nets.append(client.networks.create(name, labels=LABELS))
        for name, on in places.items():
            c = client.containers.create(image, ["httpd", "-f", "-p", str(PORT)], name=name,
                                         network=on[0], labels=LABELS)
            for extra in on[1:]:
                client.networks.get(extra).connect(c)
            c.start()
            made.append(c)
        expected = expectation(places)
        times: list[float] = []
        for run in range(args.runs + 1):
            snapshot = gw.snapshot()
            start = time.monotonic()
            matrix = fill_matrix(gw, snapshot, expected)
            times.append(time.monotonic() - start)
            wrong = [c for c in matrix.cells.values() if c.as_expected is not True]
            if run == 0:
                checked = sum(1 for c in matrix.cells.values() if c.expected)
                print(f"{len(matrix.containers)} containers on {NETWORKS} networks, "
                      f"{len(matrix.cells)} cells, {checked} pairs checked, "
                      f"{len(wrong)} not as expected")
                for cell in wrong[:5]:
                    print(f"  {cell.source} → {cell.target}: {cell.reason or cell}")
        print(f"first fill (tool detection included): {times[0]:.2f} s")
        print(f"next fills: median {statistics.median(times[1:]):.2f} s, "
              f"max {max(times[1:]):.2f} s (target ≤ 2 s)")
    finally:
        for c in made:
            c.remove(force=True)
        for n in nets:
            n.remove()
        gw.close()


if __name__ == "__main__":
    main()
