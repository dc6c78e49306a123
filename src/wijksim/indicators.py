"""Outcomes of MODEL.md per buurt, wijk and city, recorded once a year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .params import CLASS_KEYS
from .state import BASISBAAN, CAPITAL_NAMES, EMPLOYED, UNEMPLOYED

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
    "benefit_share": "share of households on benefit",
    "gini": "Gini coefficient of household income",
    "dissimilarity_class": "dissimilarity index between buurten, low classes (onzekere werkenden, precariaat) vs the rest",
    "dissimilarity_income": "dissimilarity index between buurten, low-income (below the social-rent limit) vs the rest",
    "isolation_class": "isolation index of the low classes across buurten",
    "bridging_share": "share of ties between different classes",
    "lonely_share": "share of households with little network (summed tie strength below threshold)",
    "trust": "mean trust in institutions",
    "take_up": "share of households in need this year who got professional help",
    "attainment": "mean school attainment of children aged 4-17",
    "liveability": "mean buurt liveability",
    "moved_share": "share of households that moved within the city this year",
    "cost_eur": "public cost this year: escalations and wijkteam support (EUR)",
    "cost_per_household": "public cost this year per household (EUR)",
    "rank_rank_slope": "children's adult income rank on parental income rank (cohort leaving home this year; city only)",
}


def gini(x: np.ndarray) -> float:
    """Gini coefficient of non-negative values."""
    if x.size == 0 or x.sum() <= 0:
        return float("nan")
    x = np.sort(x)
    n = x.size
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def dissimilarity(group: np.ndarray, area: np.ndarray) -> float:
    """Duncan's dissimilarity index of a boolean group across areas (NaN with one area)."""
    if np.unique(area).size < 2 or group.all() or not group.any():
        return float("nan")
    a = pd.crosstab(area, group)
    return float(0.5 * np.abs(a[True] / a[True].sum() - a[False] / a[False].sum()).sum())


def isolation(group: np.ndarray, area: np.ndarray) -> float:
    """Isolation index: the group's mean share of its own group in its area."""
    if not group.any():
        return float("nan")
    a = pd.crosstab(area, group)
    share = a[True] / a.sum(axis=1)
    return float((a[True] / a[True].sum() * share).sum())


def rank_rank_slope(parent_rank: np.ndarray, child_score: np.ndarray) -> float:
    """OLS slope of the child's rank (within the cohort) on the parent's rank."""
    if parent_rank.size < 10:
        return float("nan")
    child_rank = (np.argsort(np.argsort(child_score, kind="stable"), kind="stable") + 1) / child_score.size
    return float(np.polyfit(parent_rank, child_rank, 1)[0])


def household_table(m) -> pd.DataFrame:
    """One row per living household with what the indicators need."""
    s, L = m.s, m.layout
    i = s.living()
    nb = s.nbr[i]
    has = nb >= 0
    bridging = has & (s.cls[np.maximum(nb, 0)] != s.cls[i][:, None])
    ret_age = m.config.model.labour.retirement_age
    in_force = np.isin(s.labour[i], (EMPLOYED, UNEMPLOYED, BASISBAAN)) & (s.age[i] < ret_age)
    kids = (s.child_age[i] >= 4) & (s.child_age[i] < 18)
    inc = m.income()[i]
    limit = np.where(s.single[i] == 1, m.config.model.housing.income_limit_single,
                     m.config.model.housing.income_limit_multi)
    df = pd.DataFrame({
        "wijk": np.asarray(L.wijk_names)[L.buurt_wijk[m.hh_buurt[i]]],
        "buurt": np.asarray(L.buurt_names)[m.hh_buurt[i]],
        "cls": s.cls[i],
        **{f"mean_{c}": s.cap[i, k] for k, c in enumerate(CAPITAL_NAMES)},
        "draagkracht": s.dk[i], "draaglast": s.dl[i],
        "overburdened": s.dl[i] > s.dk[i],
        "unresolved": (s.prob_age[i] > 0).any(axis=1),
        "escalated": (s.prob_esc[i] > 0).any(axis=1),
        "escalations": s.yr_escalations[i],
        "in_force": in_force,
        "working": in_force & np.isin(s.labour[i], (EMPLOYED, BASISBAAN)),
        "benefit": s.labour[i] == UNEMPLOYED,
        "income": inc, "low_income": inc <= limit,
        "ties": has.sum(axis=1), "bridging": bridging.sum(axis=1),
        "lonely": s.w[i].sum(axis=1) < m.config.model.network.lonely_below,
        "trust": s.trust[i], "need": s.yr_need[i] == 1, "helped": (s.yr_need[i] == 1) & (s.yr_helped[i] == 1),
        "att_sum": np.where(kids, s.child_att[i], 0).sum(axis=1), "kids": kids.sum(axis=1),
        "liveability": m.liveability[m.hh_buurt[i]], "moved": s.yr_moved[i] == 1, "cost": s.yr_cost[i],
    })
    return df


def _summarise(df: pd.DataFrame, with_segregation: bool) -> dict[str, float]:
    n = len(df)
    low = df["cls"].isin(LOW_CLASSES).to_numpy()
    out = {"households": n}
    for k, name in enumerate(CLASS_KEYS):
        out[f"share_{name}"] = float((df["cls"] == k).mean()) if n else np.nan
    for c in CAPITAL_NAMES:
        out[f"mean_{c}"] = df[f"mean_{c}"].mean()
    out["draagkracht"] = df["draagkracht"].mean()
    out["draaglast"] = df["draaglast"].mean()
    out["balance"] = out["draagkracht"] - out["draaglast"]
    out["overburdened_share"] = df["overburdened"].mean()
    out["unresolved_share"] = df["unresolved"].mean()
    out["escalated_share"] = df["escalated"].mean()
    out["escalations_per_1000"] = 1000 * df["escalations"].sum() / max(n, 1)
    out["employment_rate"] = df["working"].sum() / max(df["in_force"].sum(), 1)
    out["benefit_share"] = df["benefit"].mean()
    out["gini"] = gini(df["income"].to_numpy())
    buurt = df["buurt"].to_numpy()
    out["dissimilarity_class"] = dissimilarity(low, buurt) if with_segregation else np.nan
    out["dissimilarity_income"] = dissimilarity(df["low_income"].to_numpy(), buurt) if with_segregation else np.nan
    out["isolation_class"] = isolation(low, buurt) if with_segregation else np.nan
    out["bridging_share"] = df["bridging"].sum() / max(df["ties"].sum(), 1)
    out["lonely_share"] = df["lonely"].mean()
    out["trust"] = df["trust"].mean()
    out["take_up"] = df["helped"].sum() / df["need"].sum() if df["need"].any() else np.nan
    out["attainment"] = df["att_sum"].sum() / df["kids"].sum() if df["kids"].any() else np.nan
    out["liveability"] = df["liveability"].mean()
    out["moved_share"] = df["moved"].mean()
    out["cost_eur"] = df["cost"].sum()
    out["cost_per_household"] = out["cost_eur"] / max(n, 1)
    out["rank_rank_slope"] = np.nan
    return out


def yearly_indicators(m, year: int) -> pd.DataFrame:
    """Indicators for the city, each wijk and each buurt (wide: one row per unit)."""
    df = household_table(m)
    rows = []
    city = _summarise(df, with_segregation=True)
    if year > 0 and m.rank_pairs:
        city["rank_rank_slope"] = rank_rank_slope(*m.rank_pairs[-1])
    rows.append({"level": "city", "unit": "city", "wijk": "", **city})
    for w, part in df.groupby("wijk", sort=False):
        rows.append({"level": "wijk", "unit": w, "wijk": w, **_summarise(part, with_segregation=True)})
    for b, part in df.groupby("buurt", sort=False):
        rows.append({"level": "buurt", "unit": b, "wijk": part["wijk"].iat[0], **_summarise(part, with_segregation=False)})
    out = pd.DataFrame(rows)
    out.insert(0, "year", year)
    out.insert(0, "replication", m.replication)
    return out
