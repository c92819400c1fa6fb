"""Nokia against Ciena and Cisco, the story of notebook 30: revenue in one currency, indexed
to a base year, growth with fiscal years side by side, optical head to head.

Each company's fiscal year is plotted at x = its fiscal year number and labelled 'FY2007';
fiscal years end on different days, and the charts say on which, computed from the
``period_end`` of the plotted rows. Conversions go through :mod:`helpers.fx` (the ECB's
daily reference rates averaged over the exact days of each fiscal period); changes are
measured in each company's own currency first (:mod:`helpers.chain`).
"""

from helpers.competitors.amounts import converted_or_noted, in_currency, net_sales, rates_of
from helpers.competitors.chained import revenue_chain
from helpers.competitors.common import (
    COMPANIES,
    QUARTER_RATE_WORDS,
    RATE_WORDS,
    latest,
    window,
    year_end_words,
)
from helpers.competitors.growth import draw_growth, growth
from helpers.competitors.indexed import draw_indexed, index_table, indexed
from helpers.competitors.optical import OPTICAL, draw_optical, optical
from helpers.competitors.revenue import draw_revenue, revenue, year_ends_words
from helpers.competitors.year_ends import year_ends

__all__ = [
    "COMPANIES", "OPTICAL", "QUARTER_RATE_WORDS", "RATE_WORDS", "converted_or_noted",
    "draw_growth", "draw_indexed",
    "draw_optical", "draw_revenue", "growth", "in_currency", "index_table", "indexed", "latest",
    "net_sales", "optical", "rates_of", "revenue", "revenue_chain", "window",
    "year_end_words", "year_ends", "year_ends_words",
]
