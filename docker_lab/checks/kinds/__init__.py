"""The check kinds; importing this package registers them all."""

from __future__ import annotations

from docker_lab.checks.kinds import (  # noqa: F401  (imported to register the kinds)
    answer,
    attached,
    compose,
    connectivity,
    container,
    file,
    healthy,
    network,
    no_way_out,
    published,
    ran,
    tls,
)
