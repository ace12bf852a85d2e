"""Labels and names shared by everything the lab creates."""

from __future__ import annotations

MANAGED = "docker-lab.managed"  # "true" on every resource docker-lab creates
EXERCISE = "docker-lab.exercise"  # the exercise id that created the resource
STANDIN = "docker-lab.standin"  # "true" on offline stand-in images
SETUP = "docker-lab.setup"  # "true" on images built by ``docker-lab setup``
TEST = "docker-lab.test"  # "true" on resources created by the test suite

#: The lab's own small image (busybox: ping, nc, nslookup, wget, ip, httpd).
#: Probe side-cars and tests run it; ``docker-lab setup`` builds it locally.
LAB_IMAGE = "docker-lab/outils:latest"


def managed_labels(exercise_id: str | None = None) -> dict[str, str]:
    """Return the labels for a resource docker-lab creates."""
    labels = {MANAGED: "true"}
    if exercise_id:
        labels[EXERCISE] = exercise_id
    return labels
