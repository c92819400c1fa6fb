"""The segment story of notebook 20: which of Nokia's businesses grow now.

Each chart is a story function (facts -> :class:`helpers.figdata.Chart`, whose ``title``
and ``finding`` come from one sentence builder) and a draw call into :mod:`helpers.draw`.
"""

from helpers.segments.common import (
    GROWTH_BASES,
    newest_structure,
    structure_segments,
)
from helpers.segments.group_growth import draw_group_growth, group_growth
from helpers.segments.growth import draw_segment_growth, segment_growth
from helpers.segments.mix import draw_segment_mix, mix_shares, segment_mix
from helpers.segments.net_sales import draw_segment_net_sales, growth_table, segment_net_sales
from helpers.segments.optical import draw_optical_infinera, optical_infinera

__all__ = [
    "GROWTH_BASES", "draw_group_growth", "draw_optical_infinera", "draw_segment_growth",
    "draw_segment_mix", "draw_segment_net_sales", "group_growth", "growth_table",
    "mix_shares", "newest_structure", "optical_infinera", "segment_growth",
    "segment_mix", "segment_net_sales", "structure_segments",
]
