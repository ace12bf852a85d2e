"""The README's reference of the check kinds is the registry's (regenerate it if this fails:
``python -m docker_lab.checks.doc README.md``)."""

from __future__ import annotations

from pathlib import Path

from docker_lab.checks import doc
from docker_lab.checks.registry import kinds

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_reference_matches_the_registry() -> None:
    text = README.read_text(encoding="utf-8")
    assert doc.replace_block(text) == text, (
        "README.md est en retard sur le registre : python -m docker_lab.checks.doc README.md")


def test_reference_names_every_kind_and_parameter() -> None:
    reference = doc.reference()
    for name, kind in kinds().items():
        assert f"**`{name}`**" in reference
        for field in kind.fields:
            assert f"`{field.name}`" in reference and field.doc in reference


def test_main_rewrites_a_stale_block_and_names_missing_markers(tmp_path: Path) -> None:
    stale = tmp_path / "R.md"
    stale.write_text(f"avant\n{doc.BEGIN}\nvieux\n{doc.END}\naprès\n", encoding="utf-8")
    assert doc.main([str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == f"avant\n{doc.block()}\naprès\n"
    bare = tmp_path / "nu.md"
    bare.write_text("rien\n", encoding="utf-8")
    assert doc.main([str(bare)]) == 1
