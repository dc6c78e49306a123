"""Problems that start near their steady state: before the burn-in, setbacks, draagkracht and
coping run alone for `setbacks.warm_start_years`, so the open problems and their ages (the
chronic part takes decades to build up from nothing) are those of a city that has lived with
them. Everything else the three processes touch (capitals, draagkracht, yearly counters) is
put back; no one moves, leaves or gets professional help meanwhile."""

from __future__ import annotations

import numpy as np

from . import coping, setbacks, support

MONTHS_PER_YEAR = 12


def warm_start(s, L, hh_buurt: np.ndarray, kp: dict, p, seed: int, first_month: int):
    """Run the warm-start months just before `first_month` (the burn-in's first month) on state `s`."""
    months = int(round(p.setbacks.warm_start_years * MONTHS_PER_YEAR))
    if months == 0:
        return
    saved = {name: getattr(s, name).copy() for name in ("cap", "dk_own", "dk", "dl", "dk_net")}
    n_b = len(L.buurt_names)
    alive = s.alive == 1
    households = np.maximum(np.bincount(hh_buurt[alive], minlength=n_b), 1)
    n = s.n_slots
    need, seek = np.zeros(n, dtype=np.int8), np.zeros(n, dtype=np.int8)
    waiting, care = np.zeros(n, dtype=np.int16), np.zeros(n, dtype=np.int16)
    escalations, new_escalations, evict = np.zeros(n, np.int16), np.zeros(n, np.int16), np.zeros(n, np.int8)
    cost, demand = np.zeros(n), np.zeros(n)
    access = L.buurt_access
    bilingual = np.full(n_b, p.support.bilingual_staff_share)
    no_bonus = np.zeros(n_b)
    for month in range(first_month - months, first_month):
        problems = np.bincount(hh_buurt[alive], weights=(s.prob_age[alive] > 0).any(axis=1).astype(float),
                               minlength=n_b) / households
        setbacks.kernel(seed, month, s.uid, s.alive, s.cap, s.labour, hh_buurt,
                        problems - p.setbacks.concentration_reference, s.prob_age, kp["setbacks"])
        spare = np.maximum(0.0, s.dk_own - s.dl)
        support.tie_demand(s.alive, s.prob_age, s.nbr, s.w, demand)
        support.draagkracht(seed, month, s.uid, s.alive, s.cap, s.prob_age, s.prob_esc, care, waiting, s.trust,
                            s.nbr, s.w, spare, demand, hh_buurt, access, bilingual, no_bonus, s.dk_own, s.dk, s.dl,
                            s.dk_net, need, seek, kp["support"])
        coping.kernel(seed, month, s.uid, s.alive, s.cap, s.dk, s.dl, s.dk_net, care, s.prob_age, s.prob_esc,
                      new_escalations, evict, escalations, cost, kp["coping"], kp["support"])
        s.cap[:, :] = saved["cap"]  # escalations in the warm start leave no mark on capitals
    for name, value in saved.items():
        getattr(s, name)[:] = value
