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

#: The network diagnosis image of lesson 8 and the final project (tcpdump, nmap,
#: iperf3, dig, curl, nc -z, ip, ss, openssl...), run beside a container with
#: ``--network container:NAME``. With a registry it is :data:`DIAGNOSTIC_UPSTREAM`
#: under this name; offline, a stand-in built from Debian packages of the host.
DIAGNOSTIC_IMAGE = "docker-lab/diagnostic:latest"
DIAGNOSTIC_UPSTREAM = "nicolaka/netshoot:latest"


def managed_labels(exercise_id: str | None = None) -> dict[str, str]:
    """Return the labels for a resource docker-lab creates."""
    labels = {MANAGED: "true"}
    if exercise_id:
        labels[EXERCISE] = exercise_id
    return labels
