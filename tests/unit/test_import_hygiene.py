"""Domain code never loads Textual (like harlequin's test_import_hygiene).

Each check runs in a fresh interpreter, imports every module of the domain
packages (found by walking them, so new modules are covered) and looks at
``sys.modules``. The pyproject import-linter contract says the same statically.
"""

from __future__ import annotations

import json
import subprocess
import sys

DOMAIN = ("docker_lab.spec", "docker_lab.course", "docker_lab.engine", "docker_lab.checks",
          "docker_lab.lab", "docker_lab.progress")

SCRIPT = """
import importlib, json, pkgutil, sys
imported = []
for name in {packages!r}:
    package = importlib.import_module(name)
    imported.append(name)
    for info in pkgutil.walk_packages(package.__path__, prefix=name + "."):
        importlib.import_module(info.name)
        imported.append(info.name)
{extra}
print(json.dumps({{
    "imported": imported,
    "ui": sorted(m for m in sys.modules if m.split(".")[0] == "textual"),
}}))
"""


def imports(packages: tuple[str, ...], extra: str = "") -> dict[str, list[str]]:
    code = SCRIPT.format(packages=packages, extra=extra)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    found: dict[str, list[str]] = json.loads(result.stdout.splitlines()[-1])
    return found


def test_domain_modules_do_not_load_textual() -> None:
    found = imports(DOMAIN)
    assert set(DOMAIN) <= set(found["imported"])
    assert "docker_lab.spec.yamlpos" in found["imported"]
    assert "docker_lab.progress.store" in found["imported"]
    assert found["ui"] == []


def test_command_line_without_the_app_does_not_load_textual() -> None:
    """``docker-lab validate``/``check`` start fast: building the parser loads no UI."""
    found = imports((), extra="from docker_lab.cli import build_parser\nbuild_parser()")
    assert found["ui"] == [], (
        "a command module imports Textual at import time; import it inside run_app")


def test_the_check_detects_textual() -> None:
    """The probe itself works: importing textual is seen."""
    found = imports(("docker_lab.course",), extra="import textual.app")
    assert "textual.app" in found["ui"]
