"""Nokia against Ciena and Cisco: one currency, one base year, fiscal years side by side.

Each chart is computed first, as a figure table (:mod:`helpers.figdata`), and drawn second.
Every company's fiscal year is plotted at x = its fiscal year number and labelled 'FY2007';
the fiscal years end on different days (Nokia 31 December, Ciena near 1 November, Cisco
late July), and the legends say so, computed from the ``period_end`` of the plotted rows.

Which fact stands for a fiscal year is decided by :func:`helpers.series.choose` only.
Currency conversions go through :mod:`helpers.fx` (the ECB's daily reference rates averaged
over the exact days of each fiscal period); a value whose period the rates do not cover is
left out, and the chart says which.
"""

from helpers.competitors.amounts import in_currency, net_sales, rates_of
from helpers.competitors.common import (
    COMPANIES,
    QUARTER_RATE_WORDS,
    RATE_WORDS,
    latest,
    span_words,
    window,
    year_end_labels,
    year_end_words,
    years_text,
)
from helpers.competitors.drawing import (
    draw_growth,
    draw_indexed,
    draw_optical,
    draw_revenue,
    figure_height,
    legend_under,
    series_handles,
)
from helpers.competitors.growth import describe_growth, growth, like_for_like_growth
from helpers.competitors.indexed import describe_indexed, describe_optical, index_table, indexed
from helpers.competitors.optical import OPTICAL, optical
from helpers.competitors.revenue import (
    common_year,
    describe_revenue,
    perimeter_changes,
    perimeter_words,
    revenue,
    show,
    wide,
)
from helpers.competitors.year_ends import year_ends

__all__ = [
    "COMPANIES", "OPTICAL", "QUARTER_RATE_WORDS", "RATE_WORDS", "common_year",
    "describe_growth", "describe_indexed", "describe_optical", "describe_revenue",
    "draw_growth", "draw_indexed", "draw_optical", "draw_revenue", "figure_height",
    "growth", "in_currency", "index_table", "indexed", "latest", "legend_under",
    "like_for_like_growth", "net_sales", "optical", "perimeter_changes", "perimeter_words",
    "rates_of", "revenue", "series_handles", "show", "span_words", "wide", "window",
    "year_end_labels", "year_end_words", "year_ends", "years_text",
]
