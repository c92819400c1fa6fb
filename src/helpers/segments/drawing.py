"""Drawing pieces the notebook-20 figures share."""

from __future__ import annotations


def room_for_panel_titles(fig, points: float = 20) -> None:
    """Lower the axes under ``finish``'s title block so that panel titles clear it."""
    height = fig.get_size_inches()[1]
    fig.subplots_adjust(top=fig.subplotpars.top - points / (72 * height))


def with_notes(subtitle: str, notes: list[str], limit: int = 3) -> str:
    if not notes:
        return subtitle
    shown = notes[:limit]
    more = f" (+{len(notes) - limit} more in the notebook)" if len(notes) > limit else ""
    return f"{subtitle}. Note: " + "; ".join(shown) + more
