"""Did the pivot to networks work? The network business before the phones were sold,
against the whole company after it."""

from __future__ import annotations

from helpers import figdata, series
from helpers.collapse.common import FIRST


def describe_pivot(group: figdata.Chart, businesses: figdata.Chart) -> str:
    """Did the pivot to networks work? The network business before the phones were sold
    against the whole company afterwards, when it sold networks only, from the two tables.

    Both numbers are first-published figures where the tables have them; the sentence says
    which perimeter each covers, so a reader does not compare a segment with a group blind.
    """
    nets = businesses.table[(businesses.table["label"] == "Network business")
                            & (businesses.table["mark"] == "line")]
    first = group.table[group.table["label"] == FIRST]
    after = first[~first["perimeter"].isin(["group_with_devices"])]
    if nets.empty or after.empty:
        return ("The tables do not hold both the network business before the phones were "
                "sold and the company after it, so the pivot cannot be measured here.")
    n = nets.sort_values("x").iloc[-1]
    a0, a1 = after.sort_values("x").iloc[0], after.sort_values("x").iloc[-1]
    change = (a1["y"] / n["y"] - 1) * 100
    text = (f"Before the phones were sold, the network business made EUR {n['y']:,.0f} million "
            f"in {n['x_label']} ({n['perimeter_label'] or 'as then reported'}, "
            f"{series.BASIS_WORDS.get(n['basis'], n['basis'])}). As a network company Nokia "
            f"first published EUR {a0['y']:,.0f} million for {a0['x_label']} and "
            f"EUR {a1['y']:,.0f} million for {a1['x_label']} ({a1['perimeter_label']}): "
            f"{abs(change):.0f}% {'more' if change >= 0 else 'less'} than the network business "
            f"of {n['x_label']}")
    changes = list(dict.fromkeys(after.sort_values("x")["perimeter_label"]))[1:]
    if changes:
        text += ("; in between, what the total covers changed: "
                 + "; ".join(changes))
    phones = businesses.table[businesses.table["label"] == "Phone business"]
    if not phones.empty:
        peak = phones.loc[phones["y"].idxmax()]
        ratio = peak["y"] / a1["y"]
        text += (f". The phone business alone had made EUR {peak['y']:,.0f} million at its "
                 f"peak ({peak['x_label']}), {ratio:.1f} times Nokia's {a1['x_label']} total")
    return text + "."
