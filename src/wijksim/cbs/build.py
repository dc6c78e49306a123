"""Mapping a :class:`~wijksim.cbs.figures.Selection` onto the model: per buurt the numbers of
households and dwellings, tenure, price-band and family-dwelling shares, the SCP class mix
(fitted to the buurt's income, age and household figures) and the household-type
probabilities. It needs the model parameters (class profiles, income mapping), so it runs when
the whole scenario is validated. Method and assumptions: docs/model.md, "Building a city from
CBS data".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq, minimize
from scipy.special import logsumexp, ndtr, softmax

from ..params import CLASS_KEYS, ModelParams
from .figures import BuurtFigures, Notes, Selection
from .read import CbsFileError


# Strength of each target in fitting a buurt's class mix: the standard deviation (as a share)
# of the soft constraint. Income shares are matched almost exactly; age and children tilt.
INCOME_SD = 0.002
DEMOGRAPHY_SD = 0.02
SINGLE_ABOVE_70 = 0.2  # population.fill_households: single share rises by 0.2 above age 70


@dataclass
class BuurtPlan:
    """What the model builds for one CBS buurt."""

    figures: BuurtFigures
    n_households: int
    n_dwellings: int
    tenure: list[float]            # shares in config.TENURES order
    price_bands: list[float]       # low, middle, high of the non-social stock
    family: float
    classes: list[float]           # SCP class shares in CLASS_KEYS order
    single_share: float | None     # replaces demography.single_share for its households
    children_share: float | None   # replaces demography.children_share for its households
    expected: dict[str, float]     # the model's expected shares (low_income, high_income, ...)


@dataclass
class CbsPlan:
    """The whole city as the model builds it from a Selection."""

    selection: Selection
    buurten: list[BuurtPlan]
    wijk_of: list[int]             # wijk index of each buurt
    wijk_names: list[str]
    scale: float
    occupancy: float
    low_income_limit: float        # model income (EUR/year) below which a household counts as low-income
    high_income_limit: float       # model income at or above which it counts among the national top 20%
    national: dict[str, float]
    notices: list[str]

    @property
    def buurt_names(self) -> list[str]:
        return [b.figures.name for b in self.buurten]

    @property
    def n_dwellings(self) -> int:
        return sum(b.n_dwellings for b in self.buurten)

    @property
    def n_households(self) -> int:
        return sum(b.n_households for b in self.buurten)


def _below(x: float, mean: np.ndarray, sd: np.ndarray | float) -> np.ndarray:
    """P(value < x) for normals (mean, sd); a step where sd is 0."""
    sd = np.broadcast_to(np.asarray(sd, dtype=float), mean.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, (x - mean) / np.where(sd > 0, sd, 1.0), np.where(mean < x, np.inf, -np.inf))
    return ndtr(z)


@dataclass
class ClassFeatures:
    """Per SCP class, the model's chance of each feature at the start (from the class profiles)."""

    prior: np.ndarray      # SCP national shares
    econ_mean: np.ndarray
    econ_sd: float
    low: np.ndarray        # P(low income)
    high: np.ndarray       # P(national top 20%)
    old: np.ndarray        # P(head aged 65+)
    young: np.ndarray      # P(head aged 25-50): who can have children at home
    over70: np.ndarray     # P(head over 70)
    e_low: float
    e_high: float


def class_features(p: ModelParams, national_low: float, national_high: float) -> ClassFeatures:
    """Features of each class, with the income thresholds set so that the SCP national mix has
    the national shares of low- and high-income households."""
    from ..classes import SCP_SHARES

    prior = np.asarray(SCP_SHARES, dtype=float)
    prior = prior / prior.sum()
    prof = [p.classes.profiles[k] for k in CLASS_KEYS]
    mean = np.array([q.economic for q in prof])
    sd = p.classes.capital_sd
    age = np.array([q.age for q in prof])
    age_sd = np.array([q.age_sd for q in prof])

    def quantile(share: float) -> float:
        return brentq(lambda e: float(prior @ _below(e, mean, sd)) - share, -2.0, 3.0, xtol=1e-12)

    e_low, e_high = quantile(national_low), quantile(1 - national_high)
    return ClassFeatures(
        prior=prior, econ_mean=mean, econ_sd=sd,
        low=_below(e_low, mean, sd), high=1 - _below(e_high, mean, sd),
        old=1 - _below(65.0, age, age_sd), young=_below(50.0, age, age_sd) - _below(25.0, age, age_sd),
        over70=1 - _below(70.0, age, age_sd), e_low=e_low, e_high=e_high)


def fit_mix(prior: np.ndarray, features: np.ndarray, targets: np.ndarray, sds: np.ndarray) -> np.ndarray:
    """The class mix closest to `prior` (Kullback-Leibler) whose expected features are near
    `targets`, each a soft constraint with standard deviation `sds`.

    Minimises KL(q || prior) + sum_j (features_j . q - targets_j)^2 / (2 sds_j^2) through its
    convex dual, log Z(lam) - lam . t + sum_j sds_j^2 lam_j^2 / 2 (scipy's BFGS); the solution
    is q proportional to prior * exp(lam . features). With targets equal to the prior's own
    expected features, q is the prior.
    """
    if features.shape[0] == 0:
        return prior.copy()
    logp = np.log(prior)
    var = sds ** 2

    def dual(lam):
        return logsumexp(logp + lam @ features) - lam @ targets + 0.5 * var @ (lam * lam)

    def gradient(lam):
        return features @ softmax(logp + lam @ features) - targets + var * lam

    result = minimize(dual, np.zeros(features.shape[0]), jac=gradient, method="BFGS", options={"gtol": 1e-10})
    return softmax(logp + result.x @ features)


def _share_above(e: float, q: np.ndarray, f: ClassFeatures) -> float:
    return float(q @ (1 - _below(e, f.econ_mean, f.econ_sd)))


def plan(sel: Selection, p: ModelParams, scale: float, occupancy: float) -> CbsPlan:
    """Numbers, tenure, price bands, family dwellings, class mix and household types per buurt."""
    c = p.cbs
    national = {"low_income": sel.national.get("low_income", c.national_low_income),
                "high_income": sel.national.get("high_income", c.national_high_income),
                "old": sel.national.get("old", c.national_65plus),
                "with_children": sel.national.get("with_children", c.national_children)}
    f = class_features(p, national["low_income"], national["high_income"])
    kids = p.demography.children_share * f.young  # the model's chance of children at home, by class
    inc = p.income

    def econ_at(income: float) -> float:
        return -math.inf if income <= 0 else 0.5 + math.log(income / inc.median) / inc.spread

    notes = Notes(sel.file)
    out, wijk_of = [], []
    for w, wijk in enumerate(sel.wijken):
        for b in wijk.buurten:
            n_hh = int(round(b.households * scale))
            if n_hh == 0:
                raise CbsFileError(sel.file, b.line, f"buurt {b.name}: {b.households:g} households at city.scale "
                                                     f"{scale:g} round to 0 simulated households; raise the scale "
                                                     "or leave such buurten out with city.empty_buurten: skip")
            rows, targets, sds = [f.low, f.high], [], []
            for feat, x, strength in ((f.low, b.low_income, c.income_strength), (f.high, b.high_income, c.income_strength)):
                m = float(feat @ f.prior)
                targets.append(m + strength * (x - m))
                sds.append(INCOME_SD)
            if b.old is not None and c.age_strength > 0 and national["old"] > 0:
                m = float(f.old @ f.prior)
                rows.append(f.old)
                targets.append(m + c.age_strength * (m * b.old / national["old"] - m))
                sds.append(DEMOGRAPHY_SD)
            if b.with_children is not None and c.children_strength > 0 and national["with_children"] > 0:
                m = float(kids @ f.prior)
                rows.append(kids)
                targets.append(m + c.children_strength * (m * b.with_children / national["with_children"] - m))
                sds.append(DEMOGRAPHY_SD)
            feats = np.array(rows)
            lo, hi = feats.min(axis=1), feats.max(axis=1)
            t = np.clip(np.array(targets), lo + 1e-4, hi - 1e-4)
            q = fit_mix(f.prior, feats, t, np.array(sds))
            expected = {"low_income": float(f.low @ q), "high_income": float(f.high @ q), "old_head": float(f.old @ q)}
            for key, target in (("low_income", targets[0]), ("high_income", targets[1])):
                if abs(expected[key] - target) > 0.01:
                    notes.add(f"{key.replace('_', '-')} share out of reach",
                              "the class profiles cannot give this share; the nearest reachable used", b.code)
            young = float(f.young @ q)
            children_share = single_share = None
            kids_expected = p.demography.children_share * young
            if b.with_children is not None:
                children_share = b.with_children / young if young > 0 else 1.0
                if children_share > 1:
                    notes.add("share of households with children out of reach",
                              "too few heads aged 25-50 in its class mix; all of them have children", b.code)
                children_share = min(1.0, children_share)
                kids_expected = children_share * young
            if b.one_person is not None:
                raw = (b.one_person - SINGLE_ABOVE_70 * float(f.over70 @ q)) / max(1e-9, 1 - kids_expected)
                single_share = float(np.clip(raw, 0.0, 1.0))
                if abs(raw - single_share) > 0.01:
                    notes.add("share of one-person households out of reach",
                              "not reachable with its class mix's ages; the nearest reachable used", b.code)
            expected["with_children"] = kids_expected
            ten = b.tenure
            social = ten["corporation"]
            free = 1 - social
            if free > 1e-9:
                above = [_share_above(econ_at(x), q, f) for x in p.housing.band_income]
                high = min(1.0, above[2] / free)
                mid_or_high = min(1.0, above[1] / free)
                bands = [1 - mid_or_high, mid_or_high - high, high]
            else:
                bands = [1.0, 0.0, 0.0]
            bands = [max(0.0, x) for x in bands]
            total = sum(bands)
            bands = [x / total for x in bands]
            out.append(BuurtPlan(
                figures=b, n_households=n_hh, n_dwellings=max(n_hh, int(round(n_hh / occupancy))),
                tenure=[ten["corporation"], ten["other_landlord"], 0.0, ten["owner"]], price_bands=bands,
                family=float(np.clip(b.family, 0.0, 1.0)), classes=[float(x) for x in q],
                single_share=single_share, children_share=children_share, expected=expected))
            wijk_of.append(w)

    def income_at(e: float) -> float:
        return float(inc.median * math.exp(inc.spread * (e - 0.5)))

    return CbsPlan(selection=sel, buurten=out, wijk_of=wijk_of, wijk_names=[w.name for w in sel.wijken],
                   scale=scale, occupancy=occupancy, low_income_limit=income_at(f.e_low),
                   high_income_limit=income_at(f.e_high), national=national,
                   notices=sel.notices + notes.render())
