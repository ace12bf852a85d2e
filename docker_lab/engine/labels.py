"""Labels and names shared by everything the lab creates."""

from __future__ import annotations

MANAGED = "docker-lab.managed"  # "true" on every resource docker-lab creates
EXERCISE = "docker-lab.exercise"  # the exercise id that created the resource
STANDIN = "docker-lab.standin"  # "true" on offline stand-in images
#: On every image ``docker-lab setup`` makes: the course name it was made for
#: (``mon-api:latest``). Image-only: unlike :data:`MANAGED`, a container the student
#: starts from such an image is not the lab's, and an image the student builds
#: ``FROM`` it inherits the label with another name than its own, so it is not ours.
IMAGE = "docker-lab.image"
#: What versions before the image label put on the images they built ("true").
SETUP = "docker-lab.setup"
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


def made_by_setup(labels: dict[str, str], names: tuple[str, ...] | list[str]) -> bool:
    """True when an image with these *labels*, known under *names*, was made by setup.

    Either it carries :data:`IMAGE` with one of its own names, or the
    ``docker-lab.setup=true`` label of older versions.
    """
    return labels.get(IMAGE) in names or labels.get(SETUP) == "true"


def managed_labels(exercise_id: str | None = None) -> dict[str, str]:
    """Return the labels for a resource docker-lab creates."""
    labels = {MANAGED: "true"}
    if exercise_id:
        labels[EXERCISE] = exercise_id
    return labels
