"""`wijksim in-movers`: the in-mover class mix that holds a city's SCP class shares still.

Nobody publishes who moves into a gemeente by SCP class, and the CBS kerncijfers do not say.
A baseline should not change its class mix by itself, so the in-movers must replace, class by
class, what leaving, ageing and re-derived classes take away. This is done for any city as it
was done by hand for the default city: run one replication with a mix, measure each class's
yearly change in households (least-squares slope over the years after the burn-in) and the
in-movers a year, and change the mix by the households each class gains or loses a year per
in-mover; after the corrections one more run checks the last mix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..classes import SHARE_COLUMNS
from ..config import InMovers, Scenario
from ..params import CLASS_KEYS
from ..validation.stationarity import largest_change


@dataclass
class Probe:
    """One replication with a given in-mover mix."""

    mix: np.ndarray        # in-mover class shares (CLASS_KEYS order)
    shares: np.ndarray     # city class shares, one row per year 0..years
    slope: np.ndarray      # households gained a year, per class (least squares over the years)
    in_movers: float       # in-movers from outside a year (housed), mean over years 1..years

    @property
    def largest_change(self) -> tuple[str, float]:
        """The class whose share moved most from year 0 to the last year, and by how much."""
        return largest_change(self.shares[0], self.shares[-1])


def probe(sc: Scenario, mix: np.ndarray, years: int) -> Probe:
    """Run the scenario's first replication for `years` years (after its burn-in) with in-mover
    `mix`, without its interventions (the mix is to hold the city still without policy)."""
    from ..model import WijkModel

    trial = sc.model_copy(deep=True)
    trial.population.in_movers = InMovers(classes=dict(zip(CLASS_KEYS, map(float, mix))))
    trial.interventions = []
    model = WijkModel(trial)
    model.run_years(years)
    city = model.indicators().query("level == 'city'").sort_values("year")
    counts = city[SHARE_COLUMNS].to_numpy() * city[["households"]].to_numpy()
    slope = np.polyfit(city["year"].to_numpy(dtype=float), counts, 1)[0]
    arrivals = (city["in_movers_per_1000"] * city["households"] / 1000).iloc[1:].mean()
    return Probe(mix, city[SHARE_COLUMNS].to_numpy(), slope, float(arrivals))


def corrected(p: Probe) -> np.ndarray:
    """The mix whose in-movers make up each class's yearly gain or loss (first order); the same
    mix if no in-movers came or the correction would leave none."""
    mix = np.clip(p.mix - p.slope / p.in_movers, 0.0, None) if p.in_movers > 0 else p.mix
    return rounded(mix if mix.sum() > 0 else p.mix)


def rounded(mix: np.ndarray, digits: int = 3) -> np.ndarray:
    """Shares (normalised to sum 1) rounded to `digits` decimals that still sum to 1 (largest remainders)."""
    unit = 10 ** digits
    mix = np.asarray(mix, dtype=float) / np.sum(mix)
    floor = np.floor(mix * unit)
    extra = int(round(unit - floor.sum()))
    floor[np.argsort(-(mix * unit - floor), kind="stable")[:extra]] += 1
    return floor / unit


def steady_mix(sc: Scenario, years: int = 10, corrections: int = 2, tolerance: float = 0.01,
               report=print) -> list[Probe]:
    """Probes from the scenario's own in-mover mix through at most `corrections` corrected mixes,
    each run checking the mix before; stops at a mix whose largest class-share change is within
    `tolerance` (a share), so a mix that already holds is kept as it is."""
    mix = rounded(np.array([sc.population.in_movers.classes[k] for k in CLASS_KEYS]))
    probes = []
    for n in range(corrections + 1):
        if n:
            mix = corrected(probes[-1])
        probes.append(probe(sc, mix, years))
        name, change = probes[-1].largest_change
        what = "the scenario's mix" if n == 0 else f"correction {n}"
        report(f"  probe {n + 1} ({what}): largest class-share change in {years} years "
               f"{100 * change:+.1f} points ({name.replace('_', ' ')})")
        if abs(change) <= tolerance:
            break
    return probes


def yaml_line(mix: np.ndarray) -> str:
    """The mix as the scenario file writes it."""
    return "{" + ", ".join(f"{k}: {v:g}" for k, v in zip(CLASS_KEYS, mix)) + "}"
