"""Held-out mobility measures of a baseline run: the springboard pattern of the vulnerable wijk
(Permentier, Das & Wittebrood 2011) and the Kansenkaart within-city gap."""

from __future__ import annotations

import numpy as np

from ..state import ECON

VULNERABLE, AFFLUENT = "Noord", "Zuid"
SPRINGBOARD_YEARS = 9  # 1999-2008 in the source
LOW_PARENTS = 0.25     # the lowest quartile of parental economic capital


def _quintiles(m) -> dict[int, int]:
    """uid -> city-wide quintile (0-4) of economic capital, living households."""
    i = m.s.living()
    rank = np.argsort(np.argsort(m.s.cap[i, ECON], kind="stable"), kind="stable") / max(i.size, 1)
    return dict(zip(m.s.uid[i].tolist(), np.minimum((rank * 5).astype(int), 4).tolist()))


def _wijk_of(m) -> dict[int, int]:
    i = m.s.living()
    return dict(zip(m.s.uid[i].tolist(), m.layout.dw_wijk[m.s.dwelling[i]].tolist()))


def snapshot(m) -> dict:
    """Who lives in the vulnerable wijk now, with their quintile."""
    w = m.layout.wijk_names.index(VULNERABLE)
    q, where = _quintiles(m), _wijk_of(m)
    return {uid: q[uid] for uid, wijk in where.items() if wijk == w}


def springboard(m, start: dict) -> dict:
    """Risen minus fallen shares (by at least one quintile) of the year-0 residents of the vulnerable
    wijk who still live in the city: for those in another wijk now (leavers) and those still there."""
    w = m.layout.wijk_names.index(VULNERABLE)
    q, where = _quintiles(m), _wijk_of(m)
    out = {}
    for name, keep in (("leavers", lambda wijk: wijk != w), ("stayers", lambda wijk: wijk == w)):
        change = np.array([q[u] - q0 for u, q0 in start.items() if u in where and keep(where[u])])
        out[name] = float((change > 0).mean() - (change < 0).mean()) if change.size else np.nan
        out[f"{name}_n"] = int(change.size)
    return out


def kansenkaart_gap(m, years: int) -> dict:
    """Mean adult rank (within its cohort) of children of low-income parents raised in the affluent
    minus the vulnerable wijk, over the last `years` cohorts, and the P90-P10 gap 0.8 x slope."""
    names = m.layout.wijk_names
    pairs, wijken = m.rank_pairs[-years:], m.rank_wijk[-years:]
    parent, child, wijk = [], [], []
    for (p, score), w in zip(pairs, wijken):
        if score.size:
            parent.append(p)
            child.append((np.argsort(np.argsort(score, kind="stable"), kind="stable") + 1) / score.size)
            wijk.append(w)
    if not parent:
        return {"gap": np.nan, "p90_p10": np.nan, "n_affluent": 0, "n_vulnerable": 0}
    parent, child, wijk = np.concatenate(parent), np.concatenate(child), np.concatenate(wijk)
    low = parent <= LOW_PARENTS
    rich, poor = low & (wijk == names.index(AFFLUENT)), low & (wijk == names.index(VULNERABLE))
    gap = child[rich].mean() - child[poor].mean() if rich.any() and poor.any() else np.nan
    slope = np.polyfit(parent, child, 1)[0] if parent.size >= 10 else np.nan
    return {"gap": float(gap), "p90_p10": float(0.8 * slope), "n_affluent": int(rich.sum()),
            "n_vulnerable": int(poor.sum())}
