"""« A course image is absent » recognised in a failed console command (pure)."""

from __future__ import annotations

from docker_lab.engine.images import CATALOGUE
from docker_lab.lab.imagefailure import absent_course_image

NAMES = [s.name for s in CATALOGUE]

PULL_DENIED = (
    "Unable to find image 'mon-api:latest' locally\n"
    "docker: Error response from daemon: pull access denied for mon-api, repository does "
    "not exist or may require 'docker login': denied: requested access to the resource "
    "is denied.\nSee 'docker run --help'.\n"
)


def test_the_issue_s_docker_run_of_mon_api_is_named_with_its_fix() -> None:
    found = absent_course_image(
        "docker run -d --name backend --network app-network mon-api:latest", 125,
        PULL_DENIED, NAMES)
    assert found is not None
    assert found.image == "mon-api:latest"
    assert "image du cours" in found.message
    assert "touche i" in found.fix and "docker-lab setup --only mon-api:latest" in found.fix
    assert found.line.startswith(found.message)


def test_an_official_image_without_a_registry_and_no_such_image() -> None:
    no_registry = ("Unable to find image 'postgres:13' locally\ndocker: Error response from "
                   "daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup "
                   "registry-1.docker.io: no such host.\n")
    found = absent_course_image("docker run -d postgres:13", 125, no_registry, NAMES)
    assert found is not None and found.image == "postgres:13"
    found = absent_course_image("sudo docker create alpine", 1,
                                "Error response from daemon: No such image: alpine:latest",
                                NAMES)
    assert found is not None and found.image == "alpine:latest"


def test_the_repository_alone_is_found_in_the_command_line() -> None:
    output = "Error: pull access denied for postgres, repository does not exist"
    found = absent_course_image("docker run postgres:13", 125, output, NAMES)
    assert found is not None and found.image == "postgres:13"


def test_nothing_to_say_for_success_other_errors_other_images_or_other_programs() -> None:
    assert absent_course_image("docker run mon-api:latest", 0, PULL_DENIED, NAMES) is None
    assert absent_course_image("docker run mon-api:latest", 125,
                               "docker: Error response from daemon: Conflict. The container "
                               "name \"/backend\" is already in use", NAMES) is None
    assert absent_course_image("docker run mon-image:1", 125,
                               "Unable to find image 'mon-image:1' locally\npull access "
                               "denied for mon-image", NAMES) is None
    assert absent_course_image("echo 'Unable to find image mon-api'", 1, PULL_DENIED,
                               NAMES) is None
    # « mon-api:v2 » is not the course's mon-api:latest
    assert absent_course_image("docker run mon-api:v2", 125,
                               "Unable to find image 'mon-api:v2' locally", NAMES) is None
