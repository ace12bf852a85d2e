"""Cancelling ``run_setup`` (the app's « Annuler »): no course name on a half-made image.

Real builds on the real engine, of test images of their own (labelled, removed
after): a cancel between two images, and one in the middle of a build.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from docker_lab.engine.cancel import TEMPORARY_REPO, CancelToken
from docker_lab.engine.imageevents import Line, Started
from docker_lab.engine.images import run_setup
from tests.engine.firstrun_support import scratch_images, tags_of

pytestmark = pytest.mark.engine


def _runs(client: Any, name: str) -> str:
    out = client.containers.run(name, ["cat", "/marque"], remove=True)
    return str(out.decode().strip())


def _temporary_names(client: Any) -> list[str]:
    return [t for image in client.api.images(name=TEMPORARY_REPO)
            for t in image.get("RepoTags") or []]


def test_a_cancel_between_images_keeps_the_finished_ones_and_names_nothing_else(
        docker_client: Any, lab_image: str) -> None:
    with scratch_images(docker_client, "dlt-fr-between-", 3) as images:
        token = CancelToken()
        events: list[object] = []

        def report(event: object) -> None:
            events.append(event)
            if isinstance(event, Started) and event.name == images.names[1]:
                token.cancel()  # while the second one is being built

        results = run_setup(docker_client, report=report, catalogue=images.specs, cancel=token)
        assert [r.name for r in results] == images.names[:1]
        assert tags_of(docker_client, images.run) == {images.names[0]}
        assert _runs(docker_client, images.names[0]) == f"{images.run}-0"
        assert any(isinstance(e, Line) and "annulée" in e.text for e in events)
        assert not [t for t in _temporary_names(docker_client) if images.run in t]


def test_a_cancel_during_a_build_leaves_its_name_unset_and_no_temporary_name(
        docker_client: Any, lab_image: str) -> None:
    with scratch_images(docker_client, "dlt-fr-during-", 2, slow=2) as images:
        token = CancelToken()
        before = set(_temporary_names(docker_client))

        def report(event: object) -> None:
            if isinstance(event, Started) and event.name == images.names[1]:
                threading.Timer(0.5, token.cancel).start()  # inside its « RUN sleep »

        results = run_setup(docker_client, report=report, catalogue=images.specs, cancel=token)
        assert [r.name for r in results] == images.names[:1]
        assert tags_of(docker_client, images.run) == {images.names[0]}
        assert set(_temporary_names(docker_client)) <= before


def test_a_full_run_names_each_image_once_and_keeps_no_temporary_name(
        docker_client: Any, lab_image: str) -> None:
    with scratch_images(docker_client, "dlt-fr-full-", 2) as images:
        results = run_setup(docker_client, catalogue=images.specs, cancel=CancelToken())
        assert [r.status for r in results] == ["built", "built"]
        assert tags_of(docker_client, images.run) == set(images.names)
        assert _runs(docker_client, images.names[1]) == f"{images.run}-1"
        again = run_setup(docker_client, catalogue=images.specs)
        assert [r.status for r in again] == ["uptodate", "uptodate"]
        assert not [t for t in _temporary_names(docker_client) if images.run in t]
