"""The three words a figure is measured by, one meaning each.

Every title, label and finding uses them, and the report's methods box prints their
definitions from here. Kept apart from :mod:`helpers.words` (which needs pandas) so the
report writer can read them without importing anything heavy.
"""

# The three ways a figure is measured, one meaning each, in every title, label and finding;
# the report's methods box prints these definitions. "Like for like" is kept for the case
# where acquisitions and disposals are both left out, and no chart here draws that.
AS_PRINTED = "as printed"
CHAINED = "same perimeter, chained"
ORGANIC = "organic"
VOCABULARY = {
    AS_PRINTED: "the figure as the company first published it for that period (a later "
                "report's recast only where no first publication is typed).",
    CHAINED: "each year-on-year change measured on one perimeter, both years printed by "
             "one document or both first publications of one perimeter, and the changes "
             "chained. Businesses sold are restated out by the company; businesses bought "
             "come in from the day they are consolidated, and that step is marked on the "
             "line (Alcatel-Lucent in 2016, Infinera in 2025). It is not like for like.",
    ORGANIC: "growth at constant currency and portfolio as the company prints it, or "
             "computed here without the years in which a business was bought or sold. "
             "Like for like, in the strict sense: acquisitions and disposals both out.",
}
