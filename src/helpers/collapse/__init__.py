"""The handset-era story of notebook 10: group sales as printed and on the same perimeter,
chained; phones against networks, market share, the fall and the pivot.

Each chart is a story function (facts -> :class:`helpers.figdata.Chart`, whose ``title``
and ``finding`` come from one sentence builder) and a draw call into :mod:`helpers.draw`.
Which segments made up the phone and the network business comes from data/businesses.csv,
what a total covers from data/perimeters.csv, which events are marked from
data/annotations.csv.
"""

from helpers.collapse.bridge import bridge_story, draw_bridge, peak_year
from helpers.collapse.businesses import (
    business_eras,
    business_facts,
    business_overview,
    business_story,
    draw_businesses,
)
from helpers.collapse.fall import fall_words, peak_to_trough_table
from helpers.collapse.group import draw_group, group_overview, group_story
from helpers.collapse.perimeters import perimeter_changes, perimeter_words
from helpers.collapse.pivot import pivot_words
from helpers.collapse.share import draw_share, share_overview, share_story

__all__ = [
    "bridge_story", "draw_bridge", "peak_year",
    "business_eras", "business_facts", "business_overview", "business_story", "draw_businesses",
    "draw_group", "draw_share", "fall_words", "group_overview", "group_story",
    "peak_to_trough_table", "perimeter_changes", "perimeter_words", "pivot_words",
    "share_overview", "share_story",
]
