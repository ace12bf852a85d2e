"""Check kinds: pure evaluation of a snapshot plus probe results (no Textual)."""
