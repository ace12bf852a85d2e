"""Encoding repair: double-encoded UTF-8 and truncated emoji (pure logic)."""

from __future__ import annotations

from docker_lab.course.mojibake import find_mojibake, repair


def double_encode(text: str, code_page: str) -> str:
    """What the deck went through: UTF-8 read as a code page, lost bytes dropped."""
    return text.encode("utf-8").decode(code_page, errors="ignore")


def test_complete_sequences_are_repaired_without_notes() -> None:
    damaged = double_encode("Les réseaux sécurisés 🔒 — « Élément » à l’hôte", "cp1254")
    assert "Ã" in damaged
    result = repair(damaged)
    assert result.text == "Les réseaux sécurisés 🔒 — « Élément » à l’hôte"
    assert result.notes == () and result.changed


def test_truncated_emoji_restored_and_reported_as_a_guess() -> None:
    damaged = double_encode("x\n# Réseau 🌐\n# Débogage 🔍\n", "cp1254")
    assert "ğŸŒ" in damaged  # 0x90 was lost
    result = repair(damaged)
    assert result.text == "x\n# Réseau 🌐\n# Débogage 🔍\n"
    assert [(n.line, n.chosen) for n in result.notes] == [(2, "🌐"), (3, "🔍")]
    assert "deviné" in result.notes[0].message and "ligne 2" in result.notes[0].message
    assert len(result.notes[0].candidates) > 1


def test_truncated_emoji_followed_by_a_space_keeps_the_space() -> None:
    # ftfy alone would read the space as byte 0xA0 and give « 🌠ok »
    assert repair(double_encode("Réseau 🌐 ok 🔍 fin", "cp1254")).text == "Réseau 🌐 ok 🔍 fin"


def test_variation_selector_and_lost_byte_in_the_middle() -> None:
    damaged = double_encode("Architecture 🏗️ et ⚖️\n", "cp1254")  # 0x8F lost twice in 🏗️
    result = repair(damaged)
    assert result.text == "Architecture 🏗\ufe0f et ⚖\ufe0f\n"
    assert {n.chosen for n in result.notes} == {"🏗", "\ufe0f"}


def test_single_candidate_is_restored() -> None:
    damaged = double_encode("Idéogramme 𐃶 ici", "cp1254")
    result = repair(damaged)
    assert result.text == "Idéogramme 𐃶 ici"
    assert result.notes[0].candidates == ("𐃶",)
    assert "seul caractère possible" in result.notes[0].message


def test_ambiguous_sequence_is_removed_and_reported() -> None:
    damaged = double_encode("Trèfle 🍀 fin", "cp1254")  # 🍀 🎀 🏀 🐀 … no usual emoji
    result = repair(damaged)
    assert result.text == "Trèfle  fin"
    note = result.notes[0]
    assert note.chosen == "" and "🍀" in note.candidates and len(note.candidates) > 2
    assert "ambiguë" in note.message and "à corriger à la main" in note.message


def test_a_hint_word_on_the_line_breaks_a_tie() -> None:
    assert repair(double_encode("Test - Ping 🏓", "cp1254")).text == "Test - Ping 🏓"
    assert repair(double_encode("Compose 📝", "cp1254")).text == "Compose 📝"


def test_cp1252_documents_lose_fewer_bytes() -> None:
    damaged = double_encode("Cible 🎯 et ❌", "cp1252")  # 0x8E is Ž in cp1252: kept
    assert "ðŸŽ¯" in damaged
    assert repair(damaged).text == "Cible 🎯 et ❌"


def test_correct_french_and_code_are_left_alone() -> None:
    text = ("Sécurité\xa0: voilà\xa0! « été » naïf, âge, Ärger — “guillemets” ﬁn\n"
            "```bash\necho 'l’été' && printf \"%s\\t\" ‘x’\n```\n")
    result = repair(text)
    assert result.text == text and result.notes == () and not result.changed


def test_find_mojibake_points_at_lines() -> None:
    assert find_mojibake("ok\nRÃ©seaux\nğŸ”’\n\ufffd") == [(2, "Ã©"), (3, "ğŸ"), (4, "\ufffd")]
    assert find_mojibake("Réseaux 🔒 âge naïf") == []
