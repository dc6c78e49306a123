"""8. Housing market: households wish to move at a base rate plus dissatisfaction (too few
similar neighbours, Schelling's rule; low liveability; wrong size); movers and in-movers
are allocated vacancies one by one in a random deterministic order under the allocation
rules (passend toewijzen for social rent, an income floor per price band)."""

import numpy as np
from numba import njit, prange

from .. import rng
from ..network import cut_tie
from ..state import MAX_CHILDREN, NO_CHILD, SOCIAL_RENT


@njit(inline="always")
def similar_share(cell_dw, dw_x, dw_y, dw_hh, group, cls, dwelling, me, my_group):
    """Share of occupied Moore neighbours of `dwelling` in `my_group` (ignoring household `me`);
    1 when there are no neighbours."""
    h, wd = cell_dw.shape
    x, y = dw_x[dwelling], dw_y[dwelling]
    same, occupied = 0, 0
    for dy in range(-1, 2):
        for dx in range(-1, 2):
            if dx == 0 and dy == 0:
                continue
            yy, xx = y + dy, x + dx
            if yy < 0 or yy >= h or xx < 0 or xx >= wd:
                continue
            d = cell_dw[yy, xx]
            if d < 0:
                continue
            j = dw_hh[d]
            if j < 0 or j == me:
                continue
            occupied += 1
            if group[cls[j]] == my_group:
                same += 1
    return 1.0 if occupied == 0 else same / occupied


@njit(inline="always")
def has_children(child_age, i):
    for k in range(MAX_CHILDREN):
        if child_age[i, k] != NO_CHILD:
            return True
    return False


@njit(parallel=True, cache=True)
def move_wishes(seed, month, uid, alive, dwelling, cls, child_age, cell_dw, dw_x, dw_y, dw_hh,
                dw_family, dw_buurt, group, liveability, similar, wish, p):
    """Similar-neighbour share and this month's move wish of every household."""
    for i in prange(alive.shape[0]):
        wish[i] = 0
        d = dwelling[i]
        if alive[i] == 0 or d < 0:  # in-movers arriving this month are housed separately
            continue
        similar[i] = similar_share(cell_dw, dw_x, dw_y, dw_hh, group, cls, d, i, group[cls[i]])
        rate = p.base_move_rate
        if similar[i] < p.tolerance:
            rate += p.schelling_move_rate
        rate += p.liveability_move_rate * max(0.0, 0.5 - liveability[dw_buurt[d]])
        if has_children(child_age, i) and dw_family[d] == 0:
            rate += p.size_move_rate
        if rng.uniform(seed, uid[i], month, rng.MOVE_WISH, 0) < rate / 12.0:
            wish[i] = 1


@njit(inline="always")
def eligible(income, single, tenure, band, passend, reserved, middle_max, p):
    """May a household take this dwelling? Social rent: below the income limit under passend
    toewijzen; a vacancy reserved for middle incomes: between the limit and middle_max."""
    if tenure == SOCIAL_RENT:
        limit = p.income_limit_single if single else p.income_limit_multi
        if reserved:
            return limit < income <= middle_max
        if passend:
            return income <= limit
        return True
    return income >= p.band_income[band]


@njit(inline="always")
def utility(i, d, kids, sim, liveability, dw_buurt, dw_band, dw_family, p):
    u = p.weight_liveability * liveability[dw_buurt[d]] + p.weight_quality * dw_band[d]
    if sim >= p.tolerance:
        u += p.weight_similar
    if kids == (dw_family[d] == 1):
        u += p.weight_size
    return u


@njit(cache=True)
def allocate(seed, month, movers, uid, cls, single, income, child_age, dwelling, months_here,
             hh_buurt, yr_moved, nbr, w, vacancies, n_vacant, cell_dw, dw_x, dw_y, dw_hh,
             dw_tenure, dw_band, dw_family, dw_buurt, buurt_passend, dw_reserved, middle_max, group,
             liveability, placed, p):
    """Movers in the given order inspect random vacancies and take the best eligible one
    that beats their current dwelling (in-movers have none). Returns the vacancy count."""
    for m in range(movers.shape[0]):
        i = movers[m]
        kids = has_children(child_age, i)
        current = dwelling[i]
        best_u = -1e300
        if current >= 0:
            sim_now = similar_share(cell_dw, dw_x, dw_y, dw_hh, group, cls, current, i, group[cls[i]])
            best_u = utility(i, current, kids, sim_now, liveability, dw_buurt, dw_band, dw_family, p)
        best = -1
        for t in range(int(p.search_tries)):
            if n_vacant == 0:
                break
            idx = int(rng.uniform(seed, uid[i], month, rng.MOVE_SEARCH, 2 * t) * n_vacant)
            d = vacancies[idx]
            if not eligible(income[i], single[i], dw_tenure[d], dw_band[d], buurt_passend[dw_buurt[d]],
                            dw_reserved[d], middle_max, p):
                continue
            sim = similar_share(cell_dw, dw_x, dw_y, dw_hh, group, cls, d, i, group[cls[i]])
            u = utility(i, d, kids, sim, liveability, dw_buurt, dw_band, dw_family, p)
            u += 0.05 * rng.uniform(seed, uid[i], month, rng.MOVE_SEARCH, 2 * t + 1)
            if u > best_u:
                best_u, best = u, idx
        if best < 0:
            continue
        d = vacancies[best]
        if current >= 0:
            old_buurt = dw_buurt[current]
            dw_hh[current] = -1
            vacancies[best] = current
            for k in range(nbr.shape[1]):
                j = nbr[i, k]
                if j >= 0 and hh_buurt[j] == old_buurt:
                    if rng.uniform(seed, uid[i], month, rng.TIE_CUT, k) < p.tie_loss_on_move:
                        cut_tie(nbr, w, i, j)
            yr_moved[i] = 1
        else:
            vacancies[best] = vacancies[n_vacant - 1]
            n_vacant -= 1
        dw_hh[d] = i
        dwelling[i] = d
        hh_buurt[i] = dw_buurt[d]
        months_here[i] = 0
        placed[i] = 1
    return n_vacant


def step(m, in_movers):
    """Move wishes, then allocation of movers and the given in-movers; returns in-movers not placed."""
    s, L, p = m.s, m.layout, m.kp["housing"]
    group = np.asarray(p.schelling_groups, dtype=np.int64)
    wish = np.zeros(s.n_slots, dtype=np.int8)
    move_wishes(m.seed, m.month, s.uid, s.alive, s.dwelling, s.cls, s.child_age, L.cell_dw, L.dw_x,
                L.dw_y, m.dw_hh, L.dw_family, L.dw_buurt, group, m.liveability, s.similar, wish, p)
    movers = np.concatenate([np.flatnonzero(wish), in_movers]).astype(np.int64)
    lv = m.levers
    first = lv.priority[movers]  # priority groups choose first, the rest in random order
    movers = movers[np.lexsort((m.draws(movers, rng.MOVE_ORDER), -first))]
    vacancies = np.flatnonzero(m.dw_hh < 0).astype(np.int32)
    share = lv.social_reserved_share[L.dw_buurt]
    dw_reserved = ((L.dw_tenure == SOCIAL_RENT) & (share > 0)
                   & (rng.uniforms(m.seed, np.arange(L.n_dwellings, dtype=np.int64), m.month, rng.RESERVE, 0) < share))
    placed = np.zeros(s.n_slots, dtype=np.int8)
    inc = m.income()
    allocate(m.seed, m.month, movers, s.uid, s.cls, s.single, inc, s.child_age, s.dwelling,
             s.months_here, m.hh_buurt, s.yr_moved, s.nbr, s.w, vacancies, vacancies.size,
             L.cell_dw, L.dw_x, L.dw_y, m.dw_hh, L.dw_tenure, L.dw_band, L.dw_family, L.dw_buurt,
             lv.passend_toewijzen, dw_reserved.astype(np.int8), lv.middle_income_max, group, m.liveability,
             placed, p)
    moved = np.flatnonzero(placed)
    s.school[moved] = L.default_school[m.hh_buurt[moved]]
    return in_movers[placed[in_movers] == 0]
