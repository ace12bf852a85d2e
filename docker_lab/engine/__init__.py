"""Everything that talks to the Docker engine (no Textual here)."""
