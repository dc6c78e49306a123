"""Maatschappelijke kosten en baten: a social cost-benefit account of a scenario against the
baseline for the whole city (so spill-overs to other wijken count), over the scenario horizon,
discounted at the real discount rate (Werkgroep Discontovoet 2020: 2.25%).

Flows in year t (1..horizon) are discounted by (1 + r)^-t (price level of year 0). Everything is
computed per replication, paired with the baseline (common random numbers); the net present value
(NPV) and the benefit/cost ratio (B/C) are given with the 90% interval across replications, and
the NPV also with every unit value at the low and at the high end of its range.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..compare import interval
from .schema import Mkba

# item -> who pays (negative) or gains (positive)
PARTIES = {"interventions": "gemeente", "care": "gemeente", "bijstand": "gemeente", "taxes": "rijk",
           "evictions": "corporatie"}


@dataclass
class Account:
    items: pd.DataFrame        # item, party, unit value, source, present value mean and 90% interval
    npv: tuple[float, float, float]
    bc: tuple[float, float, float]       # NaN when nothing was spent
    npv_low: float             # every unit value at the low end of its range
    npv_high: float
    pv_cost: float
    pv_benefit: float
    discount_rate: float


def _city(ind: pd.DataFrame) -> pd.DataFrame:
    part = ind[(ind["unit"] == "city") & (ind["year"] > 0)]
    return part.set_index(["replication", "year"]).sort_index()


def flows(base: pd.DataFrame, scen: pd.DataFrame) -> pd.DataFrame:
    """Per replication and year, scenario minus baseline in the city: intervention cost (EUR),
    care and escalation cost avoided (EUR), household-years off benefit, and evictions avoided.
    Off benefit counts households on benefit plus those in a basisbaan: a basisbaan's cost is
    booked net of the bijstand its participants no longer get, so they are not counted again.
    (Households in work would mix in who lives in the city: a package that draws pensioners in
    lowers it without anyone losing a job.)"""
    b, s = _city(base), _city(scen)
    s = s.reindex(b.index)
    on_benefit = lambda d: d["benefit_share"] * d["households"] + d["households_in_basisbaan"]  # noqa: E731
    evictions = lambda d: d["evictions_per_1000"] * d["households"] / 1000  # noqa: E731
    return pd.DataFrame({
        "interventions": s["intervention_cost_eur"],
        "care": b["cost_eur"] - s["cost_eur"],
        "off_benefit": on_benefit(b) - on_benefit(s),
        "evictions": evictions(b) - evictions(s),
    })


def _present_value(values: pd.Series, rate: float) -> pd.Series:
    year = values.index.get_level_values("year").to_numpy()
    return (values * (1 + rate) ** -year.astype(float)).groupby("replication").sum()


def account(base: pd.DataFrame, scen: pd.DataFrame, m: Mkba) -> Account:
    """The scenario's account: items, NPV and B/C with intervals."""
    f = flows(base, scen)
    r = m.discount_rate
    pv = {k: _present_value(f[k], r) for k in f.columns}
    units = {"bijstand": m.benefit_per_household_year, "taxes": m.taxes_per_household_year_off_benefit,
             "evictions": m.eviction_cost}
    quantity = {"bijstand": pv["off_benefit"], "taxes": pv["off_benefit"], "evictions": pv["evictions"]}

    def benefits(which: str) -> dict[str, pd.Series]:
        value = (lambda u: u.value) if which == "value" else (lambda u: u.range[0 if which == "low" else 1])
        return {"care": pv["care"], **{k: quantity[k] * value(units[k]) for k in units}}

    cost = pv["interventions"]
    gains = benefits("value")
    total = sum(gains.values())
    npv = total - cost
    bc = total / cost if (cost > 0).all() else pd.Series(np.nan, index=cost.index)
    rows = [{"item": "interventions", "party": PARTIES["interventions"], "unit_value": np.nan, "source": "",
             "sign": -1, **_stats(-cost)}]
    rows.append({"item": "care", "party": PARTIES["care"], "unit_value": np.nan,
                 "source": "model: escalation_cost and care_cost_per_month (docs/model.md)", "sign": 1, **_stats(gains["care"])})
    for k, u in units.items():
        rows.append({"item": k, "party": PARTIES[k], "unit_value": u.value, "range": u.range, "source": u.source,
                     "sign": 1, **_stats(gains[k])})
    low, high = (sum(benefits(w).values()) - cost for w in ("low", "high"))
    return Account(pd.DataFrame(rows), interval(npv.to_numpy()), interval(bc.to_numpy()), float(low.mean()),
                   float(high.mean()), float(cost.mean()), float(total.mean()), r)


def _stats(values: pd.Series) -> dict[str, float]:
    mean, lo, hi = interval(values.to_numpy())
    return {"pv": mean, "pv_lo": lo, "pv_hi": hi}
