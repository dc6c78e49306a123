"""Outcomes of MODEL.md per buurt, wijk and city, recorded once a year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .params import CLASS_KEYS
from .population import equivalence_factor
from .processes.housing import taxable_income
from .state import (BASISBAAN, BY_LOTTERY, BY_URGENCY, CAPITAL_NAMES, DEBT, EMPLOYED, FREE_MARKET, NOT_URGENT, RETIRED,
                    SOCIAL_RENT, UNEMPLOYED, URGENT_DISPLACED, URGENT_STATUSHOUDER)

LOW_CLASSES = (CLASS_KEYS.index("onzekere_werkenden"), CLASS_KEYS.index("precariaat"))

# Indicator name -> one-line meaning (used for tables, plots and docs).
INDICATORS = {
    "households": "number of households",
    **{f"share_{k}": f"share of households in class {k}" for k in CLASS_KEYS},
    **{f"mean_{c}": f"mean {c} capital" for c in CAPITAL_NAMES},
    "draagkracht": "mean draagkracht (capacity to cope)",
    "draaglast": "mean draaglast (burden of open problems)",
    "balance": "mean draagkracht minus draaglast",
    "overburdened_share": "share with draaglast above draagkracht",
    "unresolved_share": "share with at least one open problem",
    "escalated_share": "share with at least one escalated problem",
    "escalations_per_1000": "escalations this year per 1,000 households",
    "employment_rate": "employed (incl. basisbaan) among the labour force",
    "regular_employment_rate": "in a regular job (without basisbanen) among the labour force",
    "benefit_share": "share of households on benefit",
    "households_in_work": "households whose head works (job or basisbaan)",
    "households_in_basisbaan": "households whose head works in a basisbaan",
    "households_in_regular_work": "households whose head has a regular job (not a basisbaan)",
    "bijstand_exit_short": "share of those on benefit under 12 months at the start of the year who left it during the year (stayers in the city, not retired)",
    "bijstand_exit_long": "share of those on benefit 36 months or more at the start of the year who left it during the year (stayers in the city, not retired)",
    "gini": "Gini coefficient of household income",
    "gini_equivalised": "Gini coefficient of standardised household income (income / CBS's equivalence factor)",
    "debt_prevalence": "share of households with an open debt problem",
    "debt_long_share": "share of open debt problems open 36 months or more",
    "debt_known_to_help": "share of households with an open debt problem who got professional help this year",
    "dissimilarity_class": "dissimilarity index between buurten, low classes (onzekere werkenden, precariaat) vs the rest",
    "dissimilarity_income": "dissimilarity index between buurten, low-income (at or below the social-rent limit) vs the rest",
    "isolation_class": "isolation index of the low classes across buurten",
    "bridging_share": "share of ties between different classes",
    "lonely_share": "share of households with little network (summed tie strength below threshold)",
    "trust": "mean trust in institutions",
    "network_help": "mean network help as a share of its cap (support.network_help_weight)",
    "network_help_near_cap": "share of households with network help at 90% of its cap or more",
    "need_share": "share of households in need at some month this year",
    "need_informal_only": "share of households in need this year who got informal (network) help but no professional help",
    "need_no_help": "share of households in need this year who got neither informal nor professional help",
    "wijkteam_wait_months": "mean months waited for the wijkteam by those admitted this year",
    "wijkteam_waiting_share": "share of households waiting for the wijkteam at the end of the year",
    "take_up": "share of households in need this year who got professional help",
    "help_sought": "share of households in need this year who asked for professional help (1 - non-take-up)",
    "attainment": "mean school attainment of children of school age (4 to leaving home)",
    "liveability": "mean buurt liveability",
    "moved_share": "share of households that moved within the city this year",
    "cost_eur": "public cost this year: escalations and wijkteam support (EUR)",
    "cost_per_household": "public cost this year per household (EUR)",
    "intervention_cost_eur": "cost of the interventions this year (EUR), split over target wijken by households",
    "evictions_per_1000": "evictions this year per 1,000 households (city only)",
    "evictions_per_1000_social_rent": "evictions from social-rent dwellings this year per 1,000 social-rent dwellings (city only)",
    "exits_per_1000": "households leaving the city this year (deaths, out-migration, evictions) per 1,000 (city only)",
    "in_movers_per_1000": "households moving into the city from outside this year per 1,000 (city only)",
    "rank_rank_slope": "children's adult income rank on parental income rank (cohort leaving home this year; city only)",
    "social_allocations": "social-rent dwellings allocated by the corporation this year (city and wijk)",
    "social_relet_rate": "social-rent dwellings allocated this year per social-rent dwelling (mutatiegraad; city only)",
    "wait_months": "median months registered (inschrijfduur) of the households allocated social rent this year (city and wijk)",
    "wait_months_regular": "as wait_months, households without urgency",
    "wait_months_urgent": "median months from getting urgentie to allocation, urgent households (city and wijk)",
    "lottery_share": "share of this year's social-rent allocations made by lottery (loting)",
    "urgency_share": "share of this year's social-rent allocations that went to urgent households",
    "statushouder_share": "share of this year's social-rent allocations that went to statushouders",
    "displaced_new": "households displaced by demolition this year (urgentie; city only)",
    "displaced_rehoused": "displaced households rehoused this year (social rent or market; city only)",
    "displaced_departed": "displaced households that left the city this year before being rehoused (city only)",
    "displaced_waiting": "displaced households not yet rehoused at the end of the year (city only)",
    "rehousing_months": "median months from displacement to rehousing, households rehoused this year (city only)",
    **{f"move_rate_{t}": f"households that moved out of a {t.replace('_', ' ')} dwelling this year, per household "
       f"living in one (city only)" for t in ("social_rent", "private_rent", "middle_rent", "owner")},
    **{f"move_rate_age_{g}": f"share of households with a head aged {g.replace('_', '-').replace('plus', '+')} "
       "that moved within the city this year (city only)" for g in ("18_29", "30_44", "45_64", "65plus")},
    **{f"in_care_{k}": f"share of households of class {k} who got professional help this year" for k in CLASS_KEYS},
}
HOUSING_COLUMNS = [k for k in INDICATORS if k in ("social_allocations", "social_relet_rate") or k.startswith(
    ("wait_", "lottery_", "urgency_", "statushouder_", "displaced_", "rehousing_", "move_rate_"))]
AGE_BOUNDS = (30, 45, 65)


def gini(x: np.ndarray) -> float:
    """Gini coefficient of non-negative values."""
    if x.size == 0 or x.sum() <= 0:
        return float("nan")
    x = np.sort(x)
    n = x.size
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def dissimilarity(group: np.ndarray, area: np.ndarray) -> float:
    """Duncan's dissimilarity index of a boolean group across areas (integer codes; NaN with one area)."""
    if np.unique(area).size < 2 or group.all() or not group.any():
        return float("nan")
    inside = np.bincount(area, weights=group.astype(float))
    outside = np.bincount(area, weights=(~group).astype(float))
    return float(0.5 * np.abs(inside / inside.sum() - outside / outside.sum()).sum())


def isolation(group: np.ndarray, area: np.ndarray) -> float:
    """Isolation index: the group's mean share of its own group in its area."""
    if not group.any():
        return float("nan")
    inside = np.bincount(area, weights=group.astype(float))
    total = np.maximum(np.bincount(area), 1)
    return float((inside / inside.sum() * inside / total).sum())


def rank_rank_slope(parent_rank: np.ndarray, child_score: np.ndarray) -> float:
    """OLS slope of the child's rank (within the cohort) on the parent's rank."""
    if parent_rank.size < 10:
        return float("nan")
    child_rank = (np.argsort(np.argsort(child_score, kind="stable"), kind="stable") + 1) / child_score.size
    return float(np.polyfit(parent_rank, child_rank, 1)[0])


def similar_neighbours(m) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per living household (in `s.living()` order): its Schelling group, the share of its
    occupied Moore neighbours in that group (1 with none, as the housing kernel counts it), and
    the number of occupied neighbours."""
    L, s = m.layout, m.s
    group = np.asarray(m.config.model.housing.schelling_groups)
    h, w = L.cell_dw.shape
    grid = np.full((h + 2, w + 2), -1)  # Schelling group per cell, -1 = vacant or no dwelling
    hh = np.where(L.cell_dw >= 0, m.dw_hh[np.maximum(L.cell_dw, 0)], -1)
    grid[1:-1, 1:-1] = np.where(hh >= 0, group[s.cls[np.maximum(hh, 0)]], -1)
    me = grid[1:-1, 1:-1]
    same = np.zeros((h, w))
    occupied = np.zeros((h, w))
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy or dx:
                other = grid[1 + dy:h + 1 + dy, 1 + dx:w + 1 + dx]
                occupied += other >= 0
                same += (other >= 0) & (other == me)
    share = np.where(occupied > 0, same / np.maximum(occupied, 1), 1.0)
    d = s.dwelling[s.living()]
    y, x = L.dw_y[d], L.dw_x[d]
    return me[y, x], share[y, x], occupied[y, x]


def household_table(m) -> dict[str, np.ndarray]:
    """Per living household, what the indicators need (arrays of equal length)."""
    s, L = m.s, m.layout
    p = m.config.model
    i = s.living()
    nb = s.nbr[i]
    has = nb >= 0
    bridging = has & (s.cls[np.maximum(nb, 0)] != s.cls[i][:, None])
    in_force = np.isin(s.labour[i], (EMPLOYED, UNEMPLOYED, BASISBAAN)) & (s.age[i] < p.labour.retirement_age)
    kids = (s.child_age[i] >= 4) & (s.child_age[i] < p.demography.leave_home_age)
    inc = m.income()[i]
    debt_age = s.prob_age[i, DEBT]
    on_benefit = s.yr_benefit_months[i]
    stayer = (on_benefit >= 0) & (s.labour[i] != RETIRED)
    cap = p.support.network_help_weight
    limit = np.where(s.single[i] == 1, p.housing.income_limit_single, p.housing.income_limit_multi)
    return {
        "buurt": m.hh_buurt[i], "wijk": L.buurt_wijk[m.hh_buurt[i]], "cls": s.cls[i],
        **{f"mean_{c}": s.cap[i, k] for k, c in enumerate(CAPITAL_NAMES)},
        "draagkracht": s.dk[i], "draaglast": s.dl[i], "overburdened": s.dl[i] > s.dk[i],
        "unresolved": (s.prob_age[i] > 0).any(axis=1), "escalated": (s.prob_esc[i] > 0).any(axis=1),
        "escalations": s.yr_escalations[i], "in_force": in_force,
        "working": in_force & np.isin(s.labour[i], (EMPLOYED, BASISBAAN)),
        "basisbaan": in_force & (s.labour[i] == BASISBAAN),
        "regular": in_force & (s.labour[i] == EMPLOYED),
        "benefit": s.labour[i] == UNEMPLOYED, "income": inc, "low_income": taxable_income(inc, s.single[i], s.child_age[i], p) <= limit,
        "equivalised": inc / equivalence_factor(s.single[i], s.child_age[i]), "debt": debt_age > 0, "debt_long": debt_age >= 36,
        "debt_helped": (debt_age > 0) & (s.yr_helped[i] == 1),
        "exit_short_n": stayer & (on_benefit < 12), "exit_long_n": stayer & (on_benefit >= 36),
        "exited": stayer & (s.labour[i] != UNEMPLOYED),
        "net_help": s.dk_net[i] / cap if cap > 0 else np.zeros(i.size),
        "informal": (s.yr_need[i] == 1) & (s.yr_informal[i] == 1), "waited": s.yr_waited[i],
        "waiting": s.waiting[i] > 0,
        "ties": has.sum(axis=1), "bridging": bridging.sum(axis=1),
        "lonely": s.w[i].sum(axis=1) < p.network.lonely_below, "trust": s.trust[i],
        "need": s.yr_need[i] == 1, "helped": (s.yr_need[i] == 1) & (s.yr_helped[i] == 1),
        "sought": (s.yr_need[i] == 1) & (s.yr_sought[i] == 1),
        "att_sum": np.where(kids, s.child_att[i], 0).sum(axis=1), "kids": kids.sum(axis=1),
        "liveability": m.liveability[m.hh_buurt[i]], "moved": s.yr_moved[i] == 1, "cost": s.yr_cost[i],
        "tenure": L.dw_tenure[s.dwelling[i]], "age": s.age[i], "moved_from": s.yr_moved_from[i],
    }


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else float("nan")


def _summarise(h: dict[str, np.ndarray], with_segregation: bool) -> dict[str, float]:
    n = h["cls"].size
    # sum / n is what ndarray.mean computes, without its per-call overhead (30 units a year)
    mean = (lambda key: float(h[key].sum() / n) if n else float("nan"))
    low = (h["cls"] == LOW_CLASSES[0]) | (h["cls"] == LOW_CLASSES[1])
    out = {"households": n}
    shares = np.bincount(h["cls"], minlength=len(CLASS_KEYS)) / max(n, 1)
    for k, name in enumerate(CLASS_KEYS):
        out[f"share_{name}"] = float(shares[k]) if n else float("nan")
    for c in CAPITAL_NAMES:
        out[f"mean_{c}"] = mean(f"mean_{c}")
    out["draagkracht"] = mean("draagkracht")
    out["draaglast"] = mean("draaglast")
    out["balance"] = out["draagkracht"] - out["draaglast"]
    out["overburdened_share"] = mean("overburdened")
    out["unresolved_share"] = mean("unresolved")
    out["escalated_share"] = mean("escalated")
    out["escalations_per_1000"] = 1000 * _ratio(h["escalations"].sum(), n)
    out["employment_rate"] = _ratio(h["working"].sum(), h["in_force"].sum())
    out["benefit_share"] = mean("benefit")
    out["regular_employment_rate"] = _ratio(h["regular"].sum(), h["in_force"].sum())
    out["households_in_work"] = int(h["working"].sum())
    out["households_in_basisbaan"] = int(h["basisbaan"].sum())
    out["households_in_regular_work"] = int(h["regular"].sum())
    out["bijstand_exit_short"] = _ratio((h["exited"] & h["exit_short_n"]).sum(), h["exit_short_n"].sum())
    out["bijstand_exit_long"] = _ratio((h["exited"] & h["exit_long_n"]).sum(), h["exit_long_n"].sum())
    out["gini"] = gini(h["income"])
    out["gini_equivalised"] = gini(h["equivalised"])
    out["debt_prevalence"] = mean("debt")
    out["debt_long_share"] = _ratio(h["debt_long"].sum(), h["debt"].sum())
    out["debt_known_to_help"] = _ratio(h["debt_helped"].sum(), h["debt"].sum())
    seg = with_segregation and n > 0
    out["dissimilarity_class"] = dissimilarity(low, h["buurt"]) if seg else np.nan
    out["dissimilarity_income"] = dissimilarity(h["low_income"], h["buurt"]) if seg else np.nan
    out["isolation_class"] = isolation(low, h["buurt"]) if seg else np.nan
    out["bridging_share"] = _ratio(h["bridging"].sum(), h["ties"].sum())
    out["lonely_share"] = mean("lonely")
    out["trust"] = mean("trust")
    out["network_help"] = mean("net_help")
    out["network_help_near_cap"] = _ratio((h["net_help"] >= 0.9).sum(), n)
    out["need_share"] = mean("need")
    out["need_informal_only"] = _ratio((h["informal"] & ~h["helped"]).sum(), h["need"].sum())
    out["need_no_help"] = _ratio((h["need"] & ~h["informal"] & ~h["helped"]).sum(), h["need"].sum())
    out["wijkteam_wait_months"] = _ratio(np.where(h["helped"], h["waited"], 0).sum(), h["helped"].sum())
    out["wijkteam_waiting_share"] = mean("waiting")
    out["take_up"] = _ratio(h["helped"].sum(), h["need"].sum())
    out["help_sought"] = _ratio(h["sought"].sum(), h["need"].sum())
    out["attainment"] = _ratio(h["att_sum"].sum(), h["kids"].sum())
    out["liveability"] = mean("liveability")
    out["moved_share"] = mean("moved")
    out["cost_eur"] = float(h["cost"].sum())
    out["cost_per_household"] = _ratio(out["cost_eur"], n)
    out["intervention_cost_eur"] = np.nan
    out["evictions_per_1000"] = np.nan
    out["exits_per_1000"] = np.nan
    out["in_movers_per_1000"] = np.nan
    out["evictions_per_1000_social_rent"] = np.nan
    out["rank_rank_slope"] = np.nan
    for name in HOUSING_COLUMNS:
        out[name] = np.nan
    for k, name in enumerate(CLASS_KEYS):
        in_class = h["cls"] == k
        out[f"in_care_{name}"] = _ratio((h["helped"] & in_class).sum(), in_class.sum())
    return out


def _median(values: np.ndarray) -> float:
    return float(np.median(values)) if values.size else float("nan")


def allocations(log: np.ndarray) -> dict[str, float]:
    """Waiting times and allocation routes from social-rent allocation log rows (months
    registered, urgency, wijk, route, months urgent); market rehousings of the displaced excluded."""
    social = log[log[:, 3] != FREE_MARKET]
    urgent = social[:, 1] != NOT_URGENT
    n = social.shape[0]
    return {"social_allocations": n, "wait_months": _median(social[:, 0]),
            "wait_months_regular": _median(social[~urgent, 0]), "wait_months_urgent": _median(social[urgent, 4]),
            "lottery_share": _ratio((social[:, 3] == BY_LOTTERY).sum(), n),
            "urgency_share": _ratio((social[:, 3] == BY_URGENCY).sum(), n),
            "statushouder_share": _ratio((social[:, 1] == URGENT_STATUSHOUDER).sum(), n)}


def moves_and_displaced(m, h: dict[str, np.ndarray], log: np.ndarray) -> dict[str, float]:
    """City-level move rates by tenure left and by age of the head, and the displaced households' year."""
    out = {}
    for t, name in enumerate(("social_rent", "private_rent", "middle_rent", "owner")):
        out[f"move_rate_{name}"] = _ratio((h["moved_from"] == t + 1).sum(), (h["tenure"] == t).sum())
    group = np.searchsorted(AGE_BOUNDS, h["age"], side="right")
    for g, name in enumerate(("18_29", "30_44", "45_64", "65plus")):
        out[f"move_rate_age_{name}"] = _ratio(h["moved"][group == g].sum(), (group == g).sum())
    rehoused = log[log[:, 1] == URGENT_DISPLACED]
    out.update({"displaced_new": m.counts["displaced_new"], "displaced_rehoused": rehoused.shape[0],
                "displaced_departed": m.counts["displaced_departed"],
                "displaced_waiting": int((m.s.urgent[m.s.living()] == URGENT_DISPLACED).sum()),
                "rehousing_months": _median(rehoused[:, 4])})
    return out


def _groups(h: dict[str, np.ndarray], key: str, n: int):
    """The household table split by `key` (0..n-1): one sort, then slices, so the cost grows
    with households rather than households x units. Within a group households keep their order."""
    order = np.argsort(h[key], kind="stable")
    bounds = np.searchsorted(h[key][order], np.arange(n + 1))
    ordered = {name: value[order] for name, value in h.items()}
    for g in range(n):
        yield {name: value[bounds[g]:bounds[g + 1]] for name, value in ordered.items()}


def yearly_indicators(m, year: int) -> pd.DataFrame:
    """Indicators for the city, each wijk and each buurt (wide: one row per unit)."""
    L = m.layout
    h = household_table(m)
    city = _summarise(h, with_segregation=True)
    log = np.concatenate([np.zeros((0, 5), dtype=np.int64), *m.alloc_log])
    city.update(allocations(log))
    if year > 0:
        city["evictions_per_1000"] = 1000 * _ratio(m.counts["evictions"], city["households"])
        city["exits_per_1000"] = 1000 * _ratio(m.counts["exits"], city["households"])
        city["in_movers_per_1000"] = 1000 * _ratio(m.counts["in_movers"], city["households"])
        social = int((L.dw_tenure == SOCIAL_RENT).sum())
        city["evictions_per_1000_social_rent"] = 1000 * _ratio(m.counts["evictions_social"], social)
        city["social_relet_rate"] = _ratio(city["social_allocations"], social)
        if m.rank_pairs:
            city["rank_rank_slope"] = rank_rank_slope(*m.rank_pairs[-1])
    city["intervention_cost_eur"] = float(m.intervention_cost.sum())
    city.update(moves_and_displaced(m, h, log))
    rows = [{"level": "city", "unit": "city", "wijk": "", **city}]
    for (w, name), wijk_h in zip(enumerate(L.wijk_names), _groups(h, "wijk", len(L.wijk_names))):
        wijk = _summarise(wijk_h, with_segregation=True)
        wijk.update(allocations(log[log[:, 2] == w]))
        wijk["intervention_cost_eur"] = float(m.intervention_cost[w])
        rows.append({"level": "wijk", "unit": name, "wijk": name, **wijk})
    for (b, name), buurt_h in zip(enumerate(L.buurt_names), _groups(h, "buurt", len(L.buurt_names))):
        wijk = L.wijk_names[L.buurt_wijk[b]]
        rows.append({"level": "buurt", "unit": name, "wijk": wijk, **_summarise(buurt_h, with_segregation=False)})
    out = pd.DataFrame(rows)
    out.insert(0, "year", year)
    out.insert(0, "replication", m.replication)
    return out
