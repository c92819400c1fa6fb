"""The handset-era story of notebook 10: group sales, phones against networks, market share.

Each chart is computed first and drawn second. A *story* function turns the facts into a
:class:`helpers.figdata.Chart` (the plotted table, a title and a finding built from that
table); a *draw* function turns the chart into a figure and adds no number of its own; a
*describe* function writes the finding from the chart's numbers.

Nothing about the company is typed here: which value stands for a period is
``series.choose`` (through ``first_reported``, ``recasts`` and ``pick``); what a group total
covers comes from ``data/perimeters.csv``; which segments made up the phone and the network
business in which years comes from ``data/businesses.csv``; which events a chart marks comes
from ``data/annotations.csv`` (the notebook passes them in).
"""

from helpers.collapse.businesses import (
    business_eras,
    business_overview,
    business_story,
    describe_businesses,
    draw_businesses,
    phone_years,
)
from helpers.collapse.common import (
    BUSINESS_NAMES,
    FIRST,
    OWN_DOCUMENTS,
    SAME,
    UNIT,
    billions,
    fy,
    millions,
    perimeter_steps,
    window_words,
)
from helpers.collapse.fall import describe_fall, peak_to_trough_table
from helpers.collapse.group import describe_group, draw_group, group_overview, group_story
from helpers.collapse.perimeters import describe_perimeter_changes, perimeter_changes
from helpers.collapse.pivot import describe_pivot
from helpers.collapse.share import describe_share, draw_share, share_overview, share_story

__all__ = [
    "BUSINESS_NAMES", "FIRST", "OWN_DOCUMENTS", "SAME", "UNIT", "billions", "business_eras",
    "business_overview", "business_story", "describe_businesses", "describe_fall",
    "describe_group", "describe_perimeter_changes", "describe_pivot", "describe_share",
    "draw_businesses", "draw_group", "draw_share", "fy", "group_overview", "group_story",
    "millions", "peak_to_trough_table", "perimeter_changes", "perimeter_steps",
    "phone_years", "share_overview", "share_story", "window_words",
]
