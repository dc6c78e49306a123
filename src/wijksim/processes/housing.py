"""8. Housing market: households wish to move at a base rate that depends on the head's age
and the tenure, plus life events (children in a dwelling too small, an older household in a
family dwelling) and dissatisfaction (too few similar neighbours, Schelling's rule; low
liveability); displaced households and those with an escalated housing problem always seek. Social-rent vacancies are allocated by the
corporation from its waiting list: to the longest-registered eligible applicant who wants
the dwelling (DAEB income limits, passend toewijzen by rent, both against the household's
estimated taxable income), a share by lottery and a share to urgent households first. Then the remaining movers and in-movers search the other
vacancies one by one in a random order, limited by rent or price against income."""

import numpy as np
from numba import njit, prange

from .. import rng
from ..network import cut_tie
from ..state import (BY_LOTTERY, BY_REGISTER, BY_URGENCY, FREE_MARKET, HOUSING, MAX_CHILDREN, MIDDLE_RENT,
                     NO_CHILD, NOT_URGENT, OWNER, PRIVATE_RENT, SOCIAL_RENT, URGENT_DISPLACED,
                     URGENT_HOUSING_PROBLEM, URGENT_PRIORITY)

AGE_GROUPS = (30.0, 45.0, 65.0)  # upper bounds of the first three age groups of age_move_factor


def dwelling_rents(tenure: np.ndarray, band: np.ndarray, rent_u: np.ndarray, p) -> np.ndarray:
    """Monthly rent of every dwelling (0 for owner-occupied) from its tenure, price band and
    its own fixed draw `rent_u`: social rent below the liberalisatiegrens, a share of it at or
    below the aftoppingsgrens; middle rent above it; private rent around its band's mean."""
    cheap = rent_u < p.social_cheap_share
    social = np.where(cheap, p.social_rent_min + (p.aftoppingsgrens_small - p.social_rent_min) * rent_u / p.social_cheap_share,
                      p.aftoppingsgrens_large + (p.liberalisatiegrens - p.aftoppingsgrens_large)
                      * (rent_u - p.social_cheap_share) / max(1.0 - p.social_cheap_share, 1e-9))
    middle = p.liberalisatiegrens + (p.middle_rent_max - p.liberalisatiegrens) * rent_u
    private = np.asarray(p.private_rent_band)[np.minimum(band, 2)] * (0.85 + 0.3 * rent_u)
    return np.select([tenure == SOCIAL_RENT, tenure == MIDDLE_RENT, tenure == PRIVATE_RENT], [social, middle, private], 0.0)


def taxable_income(net, single, child_age, p) -> np.ndarray:
    """The household's verzamelinkomen (gross taxable income, EUR/year), the income the DAEB and
    passend-toewijzen limits are set in, estimated from its net income: kinderbijslag (not
    taxable) taken off, the rest split over one or two adults, each grossed up by the average
    tax rate at that net income (housing.taxable_tax_rates, interpolated)."""
    h = p.housing
    adults = np.where(np.asarray(single) == 1, 1.0, 2.0)
    kids = (np.asarray(child_age) >= 0).sum(axis=1)
    per_adult = np.maximum(np.asarray(net, dtype=np.float64) - p.income.child_benefit * kids, 0.0) / adults
    return adults * per_adult / (1.0 - np.interp(per_adult, h.taxable_net_points, h.taxable_tax_rates))


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


@njit(inline="always")
def age_group(age):
    for g in range(len(AGE_GROUPS)):
        if age < AGE_GROUPS[g]:
            return g
    return len(AGE_GROUPS)


@njit(parallel=True, cache=True)
def move_wishes(seed, month, uid, alive, dwelling, cls, age, child_age, urgency, cell_dw, dw_x, dw_y, dw_hh,
                dw_family, dw_buurt, dw_tenure, group, liveability, similar, wish, p):
    """Similar-neighbour share and this month's move wish of every household."""
    for i in prange(alive.shape[0]):
        wish[i] = 0
        d = dwelling[i]
        if alive[i] == 0 or d < 0:  # in-movers arriving this month are housed separately
            continue
        similar[i] = similar_share(cell_dw, dw_x, dw_y, dw_hh, group, cls, d, i, group[cls[i]])
        rate = p.base_move_rate * p.age_move_factor[age_group(age[i])] * p.tenure_move_factor[dw_tenure[d]]
        if similar[i] < p.tolerance:
            rate += p.schelling_move_rate
        rate += p.liveability_move_rate * max(0.0, 0.5 - liveability[dw_buurt[d]])
        kids = has_children(child_age, i)
        if kids and dw_family[d] == 0:
            rate += p.size_move_rate
        if not kids and age[i] >= AGE_GROUPS[-1] and dw_family[d] == 1:
            rate += p.downsize_move_rate
        must = urgency[i] == URGENT_DISPLACED or urgency[i] == URGENT_HOUSING_PROBLEM  # seek every month
        if rng.uniform(seed, uid[i], month, rng.MOVE_WISH, 0) < rate / 12.0 or must:
            wish[i] = 1


@njit(inline="always")
def social_eligible(income, single, kids, urgency, rent, passend, reserved, middle_max, p):
    """May a household be offered this social-rent dwelling? Income at most the DAEB limit
    (households displaced by demolition keep their right to social rent); a vacancy reserved
    for middle incomes only above the passend-toewijzen limit up to middle_max; under passend
    toewijzen a household entitled to huurtoeslag only at or below its aftoppingsgrens."""
    entitled = income <= (p.income_limit_single if single else p.income_limit_multi)
    if reserved:
        return (not entitled) and income <= middle_max
    if income > (p.daeb_limit_single if single else p.daeb_limit_multi) and urgency != URGENT_DISPLACED:
        return False
    if passend and entitled:
        return rent <= (p.aftoppingsgrens_large if (kids and not single) else p.aftoppingsgrens_small)
    return True


@njit(inline="always")
def market_eligible(income, tenure, band, rent, p):
    """May a household take this vacancy on the market? Private and middle rent: income at
    least rent_income_multiple times the yearly rent; owner-occupied: the band's least income.
    Social rent is not on the market (the corporation allocates it)."""
    if tenure == SOCIAL_RENT:
        return False
    if tenure == OWNER:
        return income >= p.band_income[band]
    return income >= p.rent_income_multiple * 12.0 * rent


@njit(inline="always")
def utility(i, d, kids, sim, liveability, dw_buurt, dw_band, dw_family, p):
    u = p.weight_liveability * liveability[dw_buurt[d]] + p.weight_quality * dw_band[d]
    if sim >= p.tolerance:
        u += p.weight_similar
    if kids == (dw_family[d] == 1):
        u += p.weight_size
    return u


@njit(inline="always")
def move_in(seed, month, i, d, uid, dwelling, months_here, hh_buurt, yr_moved, yr_moved_from, nbr, w, dw_hh,
            dw_tenure, dw_buurt, placed, p):
    """Household i moves into vacancy d: its old dwelling (if any) is vacated and part of its
    ties within the old buurt are cut."""
    current = dwelling[i]
    if current >= 0:
        old_buurt = dw_buurt[current]
        dw_hh[current] = -1
        for k in range(nbr.shape[1]):
            j = nbr[i, k]
            if j >= 0 and hh_buurt[j] == old_buurt:
                if rng.uniform(seed, uid[i], month, rng.TIE_CUT, k) < p.tie_loss_on_move:
                    cut_tie(nbr, w, i, j)
        yr_moved[i] = 1
        yr_moved_from[i] = dw_tenure[current] + 1
    dw_hh[d] = i
    dwelling[i] = d
    hh_buurt[i] = dw_buurt[d]
    months_here[i] = 0
    placed[i] = 1


@njit(cache=True)
def allocate_social(seed, month, movers, uid, cls, single, income, child_age, dwelling, months_here, hh_buurt,
                    yr_moved, yr_moved_from, reg_months, urgent, urgent_months, urgency, nbr, w, queue, n_queue,
                    cell_dw, dw_x, dw_y, dw_hh, dw_tenure, dw_band, dw_family, dw_buurt, dw_wijk, dw_rent,
                    buurt_passend, dw_reserved, middle_max, group, liveability, mean_liveability, placed, log, p):
    """The corporation allocates the social-rent vacancies in `queue` one by one (a dwelling
    vacated by a tenant who moves is added at the end): a draw decides whether the vacancy goes
    to an urgent applicant (the longest urgent, if any), by lottery, or to the longest-registered
    applicant; applicants are the movers and in-movers (in their order) who are eligible and
    prefer the dwelling to their own. Writes one log row per allocation (months registered,
    urgency, wijk, how, months urgent); returns the number of rows."""
    n_log = 0
    q = 0
    while q < n_queue:
        d = queue[q]
        q += 1
        u = rng.uniform(seed, d, month, rng.ALLOC_MODE, 0)
        mode = BY_URGENCY if u < p.urgent_share else (BY_LOTTERY if u < p.urgent_share + p.lottery_share else BY_REGISTER)
        best, best_key, n_cand = -1, -1, 0
        for attempt in range(2):  # an urgency vacancy without urgent applicants goes by the register
            for m in range(movers.shape[0]):
                i = movers[m]
                if placed[i]:
                    continue
                if mode == BY_URGENCY and urgency[i] == NOT_URGENT:
                    continue
                kids = has_children(child_age, i)
                if not social_eligible(income[i], single[i], kids, urgency[i], dw_rent[d],
                                       buurt_passend[dw_buurt[d]], dw_reserved[d], middle_max, p):
                    continue
                current = dwelling[i]
                if current < 0 and liveability[dw_buurt[d]] < mean_liveability - p.outside_offer_margin and income[i] > (
                        p.income_limit_single if single[i] else p.income_limit_multi):
                    continue  # from outside, with the market within reach: only a buurt near average liveability
                if current >= 0 and urgency[i] != URGENT_DISPLACED:
                    sim_now = similar_share(cell_dw, dw_x, dw_y, dw_hh, group, cls, current, i, group[cls[i]])
                    sim = similar_share(cell_dw, dw_x, dw_y, dw_hh, group, cls, d, i, group[cls[i]])
                    if (utility(i, d, kids, sim, liveability, dw_buurt, dw_band, dw_family, p)
                            <= utility(i, current, kids, sim_now, liveability, dw_buurt, dw_band, dw_family, p)):
                        continue
                key = urgent_months[i] if mode == BY_URGENCY else reg_months[i]
                n_cand += 1
                if mode == BY_LOTTERY:
                    if rng.uniform(seed, d, month, rng.ALLOC_MODE, n_cand) * n_cand < 1.0:
                        best = i  # reservoir sampling: each applicant equally likely
                elif key > best_key:
                    best, best_key = i, key
            if best >= 0 or mode != BY_URGENCY:
                break
            mode = BY_REGISTER
        if best < 0:
            continue
        i = best
        current = dwelling[i]
        if current >= 0 and dw_tenure[current] == SOCIAL_RENT:
            queue[n_queue] = current
            n_queue += 1
        log[n_log, 0] = reg_months[i]
        log[n_log, 1] = urgency[i]
        log[n_log, 2] = dw_wijk[d]
        log[n_log, 3] = mode
        log[n_log, 4] = urgent_months[i]
        n_log += 1
        move_in(seed, month, i, d, uid, dwelling, months_here, hh_buurt, yr_moved, yr_moved_from, nbr, w, dw_hh,
                dw_tenure, dw_buurt, placed, p)
        reg_months[i] = 0
        urgent[i] = NOT_URGENT
        urgent_months[i] = 0
    return n_log


@njit(cache=True)
def allocate(seed, month, movers, uid, cls, income, child_age, dwelling, months_here, hh_buurt, yr_moved,
             yr_moved_from, nbr, w, vacancies, n_vacant, cell_dw, dw_x, dw_y, dw_hh, dw_tenure, dw_band, dw_family,
             dw_buurt, dw_rent, group, liveability, placed, p):
    """Movers not yet placed, in the given order, inspect random market vacancies and take the
    best one they may take that beats their current dwelling (in-movers have none)."""
    for m in range(movers.shape[0]):
        i = movers[m]
        if placed[i]:
            continue
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
            if not market_eligible(income[i], dw_tenure[d], dw_band[d], dw_rent[d], p):
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
            vacancies[best] = current
        else:
            vacancies[best] = vacancies[n_vacant - 1]
            n_vacant -= 1
        move_in(seed, month, i, d, uid, dwelling, months_here, hh_buurt, yr_moved, yr_moved_from, nbr, w, dw_hh,
                dw_tenure, dw_buurt, placed, p)
    return n_vacant


def urgency_codes(m) -> np.ndarray:
    """Each slot's urgency for social rent: displaced or statushouder (kept on the household),
    else an escalated housing problem, else a priority group of an allocation intervention."""
    s = m.s
    code = np.where(s.prob_esc[:, HOUSING] > 0, URGENT_HOUSING_PROBLEM,
                    np.where(m.levers.priority == 1, URGENT_PRIORITY, NOT_URGENT))
    return np.where(s.urgent != NOT_URGENT, s.urgent, code).astype(np.int8)


def rent_draws(seed: int, n_dwellings: int) -> np.ndarray:
    """Each dwelling's fixed draw that places its rent within its tenure and band."""
    return rng.uniforms(seed, np.arange(n_dwellings, dtype=np.int64), rng.INIT_MONTH, rng.RENT, 0)


def step(m, in_movers):
    """Move wishes, then the corporation's allocation of social rent and the market search of
    the other movers and the given in-movers; returns in-movers not placed."""
    s, L, p = m.s, m.layout, m.kp["housing"]
    group = np.asarray(p.schelling_groups, dtype=np.int64)
    urgency = urgency_codes(m)
    wish = np.zeros(s.n_slots, dtype=np.int8)
    move_wishes(m.seed, m.month, s.uid, s.alive, s.dwelling, s.cls, s.age, s.child_age, urgency, L.cell_dw, L.dw_x,
                L.dw_y, m.dw_hh, L.dw_family, L.dw_buurt, L.dw_tenure, group, m.liveability, s.similar, wish, p)
    movers = np.concatenate([np.flatnonzero(wish), in_movers]).astype(np.int64)
    lv = m.levers
    first = lv.priority[movers]  # priority groups choose first, the rest in random order
    movers = movers[np.lexsort((m.draws(movers, rng.MOVE_ORDER), -first))]
    rent = dwelling_rents(L.dw_tenure, L.dw_band, m.rent_u, p)
    social = np.flatnonzero((m.dw_hh < 0) & (L.dw_tenure == SOCIAL_RENT))
    order = rng.uniforms(m.seed, social.astype(np.int64), m.month, rng.ALLOC_ORDER, 0)
    queue = np.zeros(social.size + movers.size, dtype=np.int32)
    queue[:social.size] = social[np.argsort(order, kind="stable")]
    share = lv.social_reserved_share[L.dw_buurt]
    dw_reserved = ((L.dw_tenure == SOCIAL_RENT) & (share > 0)
                   & (rng.uniforms(m.seed, np.arange(L.n_dwellings, dtype=np.int64), m.month, rng.RESERVE, 0) < share))
    placed = np.zeros(s.n_slots, dtype=np.int8)
    inc = m.income()
    taxable = taxable_income(inc, s.single, s.child_age, m.config.model)  # the income the limits are set in
    log = np.zeros((queue.size, 5), dtype=np.int64)
    n_log = allocate_social(m.seed, m.month, movers, s.uid, s.cls, s.single, taxable, s.child_age, s.dwelling,
                            s.months_here, m.hh_buurt, s.yr_moved, s.yr_moved_from, s.reg_months, s.urgent,
                            s.urgent_months, urgency, s.nbr, s.w, queue, social.size, L.cell_dw, L.dw_x, L.dw_y,
                            m.dw_hh, L.dw_tenure, L.dw_band, L.dw_family, L.dw_buurt, L.dw_wijk, rent,
                            lv.passend_toewijzen, dw_reserved.astype(np.int8), lv.middle_income_max, group,
                            m.liveability, float(np.mean(m.liveability)), placed, log, p)
    vacancies = np.flatnonzero((m.dw_hh < 0) & (L.dw_tenure != SOCIAL_RENT)).astype(np.int32)
    before = placed.copy()
    allocate(m.seed, m.month, movers, s.uid, s.cls, inc, s.child_age, s.dwelling, s.months_here, m.hh_buurt,
             s.yr_moved, s.yr_moved_from, s.nbr, s.w, vacancies, vacancies.size, L.cell_dw, L.dw_x, L.dw_y, m.dw_hh,
             L.dw_tenure, L.dw_band, L.dw_family, L.dw_buurt, rent, group, m.liveability, placed, p)
    market = movers[(placed[movers] == 1) & (before[movers] == 0) & (s.urgent[movers] != NOT_URGENT)]
    displaced = market[s.urgent[market] == URGENT_DISPLACED]  # rehoused on the market
    rows = np.column_stack([s.reg_months[displaced], np.full(displaced.size, URGENT_DISPLACED),
                            L.dw_wijk[s.dwelling[displaced]], np.full(displaced.size, FREE_MARKET),
                            s.urgent_months[displaced]]).astype(np.int64)
    m.alloc_log.append(np.concatenate([log[:n_log], rows]))
    s.urgent[market] = NOT_URGENT  # housed: no longer urgent
    s.urgent_months[market] = 0
    moved = np.flatnonzero(placed)
    s.school[moved] = L.default_school[m.hh_buurt[moved]]
    return in_movers[placed[in_movers] == 0]
