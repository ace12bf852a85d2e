"""The check kinds; importing this package registers them all."""

from __future__ import annotations

from docker_lab.checks.kinds import (  # noqa: F401  (imported to register the kinds)
    answer,
    attached,
    connectivity,
    container,
    network,
    published,
    ran,
    tls,
)
