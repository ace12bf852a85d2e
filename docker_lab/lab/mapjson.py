"""The map and the matrix as JSON (``docker-lab map --json``), for instructors' scripts.

Shape::

    {
      "exercise": "multi-tiers",            # null without an exercise
      "conforms": false,                    # nothing missing, extra or different,
                                            # every checked pair as expected
      "networks": [
        {"name": "backend-net", "mark": "ok", "driver": "bridge",
         "subnet": "172.21.0.0/16", "gateway": "172.21.0.1", "internal": false,
         "notes": [],
         "containers": [{"name": "api-1", "mark": "missing", "ip": null, "aliases": []}]}
      ],
      "containers": [
        {"name": "nginx-lb", "mark": "ok", "status": "running", "image": "nginx:alpine",
         "mode": "", "service": "", "notes": [],
         "ports": [{"container_port": 80, "protocol": "tcp", "host": "0.0.0.0:80",
                    "mark": "ok"}]}
      ],
      "matrix": {                           # null without an exercise
        "containers": ["nginx-lb", "web-1", "api-1", "postgres-db"],
        "seconds": 1.2,
        "cells": [
          {"from": "api-1", "to": "postgres-db", "resolve": "fail", "ping": "fail",
           "tcp": "fail", "port": 5432, "expected": ["reaches"], "as_expected": false,
           "reason": "aucun réseau commun (api-1 : data-net ; postgres-db : …)",
           "shared": []}                    # the networks both are on
        ],
        "unchecked": [                      # checked pairs that cannot be probed now
          {"from": "api-1", "to": "redis-cache", "expected": ["reaches"], "port": 6379,
           "reason": "« redis-cache » n'existe pas"}
        ]
      }
    }

Marks: ``ok``, ``missing``, ``extra``, ``differs``, ``plain`` (nothing expected of it).
Probe outcomes: ``ok``, ``fail``, ``refused`` (TCP: nothing listens), ``skip`` (not
tested), ``pending``, ``error`` (the probe could not run). The name is resolved only
when both containers share a user-defined network; elsewhere ``resolve`` is ``fail``,
derived from the state (Docker's DNS does not answer there).
"""

from __future__ import annotations

from typing import Any

from docker_lab.lab.matrix import Matrix
from docker_lab.lab.topology import Mark, Topology

BAD_MARKS = (Mark.MISSING, Mark.EXTRA, Mark.DIFFERS)


def topology_json(topo: Topology) -> dict[str, Any]:
    """The networks and containers of the map."""
    return {
        "networks": [
            {"name": n.name, "mark": n.mark.value, "driver": n.driver, "subnet": n.subnet,
             "gateway": n.gateway, "internal": n.internal, "notes": list(n.notes),
             "containers": [{"name": m.name, "mark": m.mark.value, "ip": m.ip,
                             "aliases": list(m.aliases)} for m in n.members]}
            for n in topo.networks],
        "containers": [
            {"name": c.name, "mark": c.mark.value, "status": c.status, "image": c.image,
             "mode": c.mode, "service": c.service, "notes": list(c.notes),
             "ports": [{"container_port": p.container_port, "protocol": p.protocol,
                        "host": p.host, "mark": p.mark.value} for p in c.ports]}
            for c in topo.containers],
    }


def matrix_json(matrix: Matrix) -> dict[str, Any]:
    """The matrix's cells, row by row."""
    cells = [matrix.cell(s, t) for s in matrix.containers for t in matrix.containers if s != t]
    return {
        "containers": list(matrix.containers),
        "seconds": round(matrix.elapsed, 3),
        "cells": [{"from": c.source, "to": c.target, "resolve": c.resolve.value,
                   "ping": c.ping.value, "tcp": c.tcp.value, "port": c.port,
                   "expected": list(c.expected), "as_expected": c.as_expected,
                   "reason": c.reason, "shared": list(c.shared)}
                  for c in cells if c is not None],
        "unchecked": [{"from": p.source, "to": p.target, "expected": [p.kind], "port": p.port,
                       "reason": reason} for p, reason in matrix.unplaced],
    }


def conforms(topo: Topology, matrix: Matrix | None) -> bool:
    """Nothing missing, extra or different of the exercise's, every checked pair as expected.

    The student's own containers and networks (extra, not the exercise's) do not count.
    """
    own = {c.name for c in topo.containers if c.mark is Mark.EXTRA}
    marks = [n.mark for n in topo.networks if n.mark is not Mark.EXTRA or n.notes]
    marks += [m.mark for n in topo.networks for m in n.members if m.name not in own]
    marks += [c.mark for c in topo.containers if c.name not in own]
    marks += [p.mark for c in topo.containers if c.name not in own for p in c.ports]
    pairs = [] if matrix is None else [c for c in matrix.cells.values() if c.expected]
    return (not any(m in BAD_MARKS for m in marks) and all(c.as_expected for c in pairs)
            and not (matrix and matrix.unplaced))


def map_json(exercise_id: str | None, topo: Topology, matrix: Matrix | None) -> dict[str, Any]:
    """The document ``docker-lab map --json`` prints (see the module docstring)."""
    return {"exercise": exercise_id, "conforms": conforms(topo, matrix), **topology_json(topo),
            "matrix": matrix_json(matrix) if matrix is not None else None}
