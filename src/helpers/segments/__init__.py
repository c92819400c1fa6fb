"""Today's Nokia (notebook 20): segment sales, growth by basis, mix, Optical Networks.

Each chart is computed first and drawn second. A *story* function turns the facts into a
:class:`helpers.figdata.Chart` (the plotted table, a title built from that table, notes on
gaps and perimeter changes, and the numbers a finding quotes); a *draw* function turns the
chart into a figure and adds no number of its own; a *describe* function writes the finding
from the chart's numbers.

Nothing about the company is typed here. Which value stands for a period is
``series.choose``; what a value covers is its ``perimeter`` (``data/perimeters.csv``);
which event a chart marks comes from ``data/annotations.csv`` (the notebook passes the
events in). Two rules shape every chart:

- Annual segment sales are chosen per segment *and perimeter*. Where data/ give one fiscal
  year in two perimeters (as first published in one structure, recast into another), both
  values are kept and each perimeter is drawn as its own line, so a recast never replaces
  or joins the figure it recasts.
- Nokia prints growth on three bases (reported; constant currency; constant currency and
  portfolio, which leaves acquisitions out). Each basis is its own metric in data/ and its
  own series here; no chart mixes them in one line or one colour scale without saying which.
"""

from helpers.segments.common import (
    BASIS_COLORS,
    BASIS_MARKERS,
    BUSINESS_UNITS,
    EXTRA,
    GROWTH_BASES,
    GROWTH_UNIT,
    NUMBER_WORDS,
    PERIMETER_MARKERS,
    SALES_UNIT,
    SEGMENTS,
    SHARE_UNIT,
    date_words,
    fy,
    line_label,
    listing,
    pct,
    quarter_name,
    sentence,
    span,
)
from helpers.segments.group_growth import describe_group_growth, draw_group_growth, group_growth
from helpers.segments.heatmap import describe_segment_growth, draw_segment_growth, segment_growth
from helpers.segments.mix import describe_segment_mix, draw_segment_mix, mix_shares, segment_mix
from helpers.segments.net_sales import (
    cagr_frame,
    describe_segment_net_sales,
    draw_segment_net_sales,
    segment_net_sales,
)
from helpers.segments.optical import (
    BASIS_FILL,
    describe_optical_infinera,
    draw_optical_infinera,
    optical_infinera,
)

__all__ = [
    "BASIS_COLORS", "BASIS_FILL", "BASIS_MARKERS", "BUSINESS_UNITS", "EXTRA",
    "GROWTH_BASES", "GROWTH_UNIT", "NUMBER_WORDS", "PERIMETER_MARKERS", "SALES_UNIT",
    "SEGMENTS", "SHARE_UNIT", "cagr_frame", "date_words", "describe_group_growth",
    "describe_optical_infinera", "describe_segment_growth", "describe_segment_mix",
    "describe_segment_net_sales", "draw_group_growth", "draw_optical_infinera",
    "draw_segment_growth", "draw_segment_mix", "draw_segment_net_sales", "fy",
    "group_growth", "line_label", "listing", "mix_shares", "optical_infinera", "pct",
    "quarter_name", "segment_growth", "segment_mix", "segment_net_sales", "sentence", "span",
]
