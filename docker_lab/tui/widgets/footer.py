"""The footer of the learning screen: Textual's, without its leak on every key refresh.

Textual's ``Footer`` recomposes itself each time the screen's bindings change, and each
new ``FooterKey`` registers a watcher on the footer's ``compact`` reactive (``data_bind``).
Textual prunes watchers of removed widgets only when that reactive changes — which it
never does here — so every refresh kept the old keys alive (about 6 widgets each time).
"""

from __future__ import annotations

from textual.widgets import Footer


def prune_closed_watchers(node: object) -> int:
    """Drop *node*'s reactive watchers whose widget was removed; return how many."""
    watchers: dict[str, list[tuple[object, object]]] = getattr(node, "__watchers", {})
    dropped = 0
    for name, pairs in watchers.items():
        kept = [(owner, callback) for owner, callback in pairs
                if not (getattr(owner, "_closing", False) or getattr(owner, "_closed", False))]
        dropped += len(pairs) - len(kept)
        watchers[name] = kept
    return dropped


class LabFooter(Footer):
    """Textual's footer, whose recomposition forgets the keys it removed."""

    async def recompose(self) -> None:
        """Recompose, then let the removed keys go."""
        await super().recompose()
        prune_closed_watchers(self)
