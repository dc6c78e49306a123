"""9. Network dynamics: ties decay (and are reinforced between neighbours in the same
buurt); new ties form by proximity with homophily on capitals, and at meeting places,
where homophily is weaker so different classes meet more often."""

import numpy as np
from numba import njit, prange

from .. import rng
from ..network import add_tie, capital_distance, random_resident


@njit(parallel=True, cache=True)
def decay(alive, hh_buurt, nbr, w, p):
    """Both ends of a tie apply the same rule to the same strength, so ties stay symmetric."""
    for i in prange(alive.shape[0]):
        if alive[i] == 0:
            continue
        for k in range(nbr.shape[1]):
            j = nbr[i, k]
            if j < 0:
                continue
            x = w[i, k] * (1.0 - p.decay)
            if hh_buurt[i] == hh_buurt[j]:
                x += p.reinforce * (1.0 - x)
            if x < p.drop_below:
                nbr[i, k], w[i, k] = -1, 0.0
            else:
                w[i, k] = x


@njit(cache=True)
def form(seed, month, uid, alive, hh_buurt, buurt_wijk, cap, sociability, dw_hh, buurt_dw,
         buurt_start, wijk_start, wijk_end, buurt_meeting, nbr, w, p):
    """New ties: households with fewer ties than their sociability wants look for contacts
    (in the buurt, else the wijk); meeting places add contacts with weaker homophily.
    Sequential in slot order, so deterministic."""
    for i in range(alive.shape[0]):
        if alive[i] == 0:
            continue
        b = hh_buurt[i]
        wk = buurt_wijk[b]
        target = p.initial_ties_min + (p.initial_ties_max - p.initial_ties_min) * sociability[i]
        deg = 0
        for k in range(nbr.shape[1]):
            if nbr[i, k] >= 0:
                deg += 1
        for kind in range(2):
            if kind == 0:
                chance = p.formation_rate * max(0.0, target - deg) / target
            else:
                chance = p.meeting_rate * buurt_meeting[b]
            if rng.uniform(seed, uid[i], month, rng.TIE_FORM, 4 * kind) >= chance:
                continue
            v = rng.uniform(seed, uid[i], month, rng.TIE_FORM, 4 * kind + 1)
            if kind == 1 or rng.uniform(seed, uid[i], month, rng.TIE_FORM, 4 * kind + 3) < p.local_share:
                j = random_resident(buurt_dw, buurt_start[b], buurt_start[b + 1], dw_hh, v)
            else:
                j = random_resident(buurt_dw, wijk_start[wk], wijk_end[wk], dw_hh, v)
            if j < 0 or j == i or alive[j] == 0:
                continue
            h = p.homophily * (1.0 if kind == 0 else p.meeting_homophily_factor)
            if rng.uniform(seed, uid[i], month, rng.TIE_FORM, 4 * kind + 2) < np.exp(-h * capital_distance(cap, i, j)):
                if add_tie(nbr, w, i, j, p.new_tie_strength):
                    deg += 1


def step(m):
    s, L, p = m.s, m.layout, m.kp["network"]
    decay(s.alive, m.hh_buurt, s.nbr, s.w, p)
    form(m.seed, m.month, s.uid, s.alive, m.hh_buurt, L.buurt_wijk, s.cap, s.sociability, m.dw_hh,
         L.buurt_dw, L.buurt_dw_start, L.wijk_dw_start, L.wijk_dw_end, m.levers.meeting_places, s.nbr, s.w, p)
