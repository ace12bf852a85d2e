"""Engine latency: snapshot (cold and warm) and probes (exec vs side-car), medians.

Run: ``python benchmarks/engine_latency.py [--containers 10] [--runs 20]``.
Creates a labelled network and containers (``dlt-bench-*``, label
``docker-lab.test=true``) on the real engine and removes them at the end.
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

from docker_lab.engine.gateway import DockerGateway
from docker_lab.engine.labimage import build_context, build_image, ensure_lab_image, find_busybox
from docker_lab.engine.models import ProbeKind, ProbeRequest

LABELS = {"docker-lab.managed": "true", "docker-lab.test": "true"}


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of *fn* in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--containers", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    gw = DockerGateway()
    client = gw.client
    image = ensure_lab_image(client)
    tag = uuid.uuid4().hex[:6]
    bare = f"dlt-bench-bare:{tag}"
    build_image(client, bare, build_context(
        find_busybox(), 'FROM scratch\nCOPY busybox /sleep\nCMD ["/sleep", "600"]\n'), LABELS)
    net = client.networks.create(f"dlt-bench-{tag}", labels=LABELS)
    made: list[Any] = []
    try:
        for i in range(args.containers):
            made.append(client.containers.run(image, ["sleep", "600"], name=f"dlt-bench-{tag}-{i}",
                                              network=net.name, labels=LABELS, detach=True))
        tools_src, target = made[0].name, made[1].name
        made.append(client.containers.run(bare, name=f"dlt-bench-{tag}-bare", network=net.name,
                                          labels=LABELS, detach=True))
        bare_src = made[-1].name
        total = len(client.api.containers(all=True))

        cold = median_ms(lambda: DockerGateway(client).snapshot(), max(5, args.runs // 4))
        warm = median_ms(gw.snapshot, args.runs)
        print(f"snapshot ({total} containers on the engine): "
              f"cold {cold:.1f} ms, warm (inspect cache) {warm:.1f} ms")

        def probes(src: str, n: int) -> list[ProbeRequest]:
            kinds = [ProbeRequest(ProbeKind.PING, src, target),
                     ProbeRequest(ProbeKind.RESOLVE, src, target),
                     ProbeRequest(ProbeKind.TCP, src, target, 8080),
                     ProbeRequest(ProbeKind.PING, src, made[2].name)]
            return kinds[:n]

        gw.run_probes(probes(tools_src, 1))  # tool detection, cached afterwards
        gw.run_probes(probes(bare_src, 1))
        for label, src in (("exec", tools_src), ("side-car", bare_src)):
            one = median_ms(lambda s=src: gw.run_probes(probes(s, 1)), args.runs)  # type: ignore[misc]
            four = median_ms(lambda s=src: gw.run_probes(probes(s, 4)), args.runs)  # type: ignore[misc]
            print(f"probes via {label:8}: 1 probe {one:.0f} ms, 4 probes (one batch) {four:.0f} ms")
        sources = [m.name for m in made[:4]]
        spread = [ProbeRequest(ProbeKind.PING, s, target) for s in sources]
        print(f"4 probes from 4 sources (exec, 4 threads): "
              f"{median_ms(lambda: gw.run_probes(spread), args.runs):.0f} ms")
    finally:
        for ctr in made:
            ctr.remove(force=True)
        net.remove()
        client.api.remove_image(bare, force=True)
        gw.close()


if __name__ == "__main__":
    main()
