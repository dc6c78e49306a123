"""The social network: building it, and moving it between networkx and the kernels' arrays.

Kernels see the graph as a padded CSR: row i of `nbr`/`w` holds household i's tie partners
(slots, -1 for an empty place) and tie strengths, with a fixed row length `max_ties`, so
ties can be added and cut in place. Every tie is stored at both ends with the same strength.
networkx is the exchange format: `to_networkx` exports the current graph (nodes are
household uids) and `load_networkx` hands any networkx graph to the kernels.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from numba import njit

from . import rng
from .state import CULT, ECON, PERS, State


@njit(inline="always")
def has_tie(nbr, i, j):
    for k in range(nbr.shape[1]):
        if nbr[i, k] == j:
            return True
    return False


@njit(inline="always")
def free_place(nbr, i):
    for k in range(nbr.shape[1]):
        if nbr[i, k] < 0:
            return k
    return -1


@njit(inline="always")
def add_tie(nbr, w, i, j, strength):
    """Tie i and j if both have room and they are not tied yet; True if added."""
    if i == j or has_tie(nbr, i, j):
        return False
    ki, kj = free_place(nbr, i), free_place(nbr, j)
    if ki < 0 or kj < 0:
        return False
    nbr[i, ki], w[i, ki] = j, strength
    nbr[j, kj], w[j, kj] = i, strength
    return True


@njit(inline="always")
def cut_tie(nbr, w, i, j):
    """Remove the tie between i and j at both ends."""
    for k in range(nbr.shape[1]):
        if nbr[i, k] == j:
            nbr[i, k], w[i, k] = -1, 0.0
        if nbr[j, k] == i:
            nbr[j, k], w[j, k] = -1, 0.0


@njit(cache=True)
def cut_all_ties(nbr, w, i):
    """Remove every tie of household i (it leaves the city)."""
    for k in range(nbr.shape[1]):
        j = nbr[i, k]
        if j >= 0:
            cut_tie(nbr, w, i, j)


@njit(inline="always")
def capital_distance(cap, i, j):
    return (abs(cap[i, ECON] - cap[j, ECON]) + abs(cap[i, CULT] - cap[j, CULT])
            + abs(cap[i, PERS] - cap[j, PERS])) / 3.0


@njit(inline="always")
def random_resident(buurt_dw, start, end, dw_hh, u):
    """The household in a random dwelling of a dwelling range, or -1 if vacant."""
    if end <= start:
        return -1
    return dw_hh[buurt_dw[start + int(u * (end - start))]]


@njit(cache=True)
def build_initial_ties(seed, uid, alive, hh_buurt, buurt_wijk, cap, sociability, dw_hh,
                       buurt_dw, buurt_start, wijk_start, wijk_end, nbr, w,
                       ties_min, ties_max, local_share, homophily):
    """Give each household about ties_min + (ties_max - ties_min) * sociability ties, by
    proximity (own buurt, else own wijk) with homophily on capitals. Sequential: deterministic."""
    n = alive.shape[0]
    for i in range(n):
        if alive[i] == 0:
            continue
        target = ties_min + (ties_max - ties_min) * sociability[i]
        b = hh_buurt[i]
        wk = buurt_wijk[b]
        for t in range(int(3 * target)):
            deg = 0
            for k in range(nbr.shape[1]):
                if nbr[i, k] >= 0:
                    deg += 1
            if deg >= target:
                break
            u = rng.uniform(seed, uid[i], rng.INIT_MONTH, rng.INIT_TIES, 3 * t)
            v = rng.uniform(seed, uid[i], rng.INIT_MONTH, rng.INIT_TIES, 3 * t + 1)
            if u < local_share:
                j = random_resident(buurt_dw, buurt_start[b], buurt_start[b + 1], dw_hh, v)
            else:
                j = random_resident(buurt_dw, wijk_start[wk], wijk_end[wk], dw_hh, v)
            if j < 0 or alive[j] == 0:
                continue
            accept = np.exp(-homophily * capital_distance(cap, i, j))
            a = rng.uniform(seed, uid[i], rng.INIT_MONTH, rng.INIT_TIES, 3 * t + 2)
            if a < accept:
                add_tie(nbr, w, i, j, 0.4 + 0.6 * a / max(accept, 1e-9))


def to_networkx(s: State, cls_names: list[str] | None = None) -> nx.Graph:
    """The current network as a networkx graph; nodes are household uids."""
    g = nx.Graph()
    living = s.living()
    for i in living:
        attrs = {"cls": int(s.cls[i])}
        if cls_names:
            attrs["class_name"] = cls_names[s.cls[i]]
        g.add_node(int(s.uid[i]), **attrs)
    rows, cols = np.nonzero(s.nbr[living] >= 0)
    src = living[rows]
    dst = s.nbr[living][rows, cols]
    keep = src < dst
    g.add_weighted_edges_from(zip(s.uid[src[keep]].tolist(), s.uid[dst[keep]].tolist(),
                                  s.w[src[keep], cols[keep]].tolist()))
    return g


def to_csr(g: nx.Graph, slot_of: dict[int, int], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR arrays (indptr, indices as slots, weights) of a networkx graph over n slots."""
    rows: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for a, b, d in g.edges(data=True):
        i, j, wt = slot_of[a], slot_of[b], float(d.get("weight", 1.0))
        rows[i].append((j, wt))
        rows[j].append((i, wt))
    indptr = np.zeros(n + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.array([j for r in rows for j, _ in r], dtype=np.int32)
    weights = np.array([wt for r in rows for _, wt in r], dtype=np.float64)
    return indptr, indices, weights


def load_networkx(s: State, g: nx.Graph):
    """Replace the state's ties with those of a networkx graph whose nodes are household uids."""
    slot_of = {int(s.uid[i]): int(i) for i in s.living()}
    indptr, indices, weights = to_csr(g, slot_of, s.n_slots)
    degree = np.diff(indptr)
    if degree.max(initial=0) > s.nbr.shape[1]:
        raise ValueError(f"a household has {degree.max()} ties; the model keeps at most {s.nbr.shape[1]}")
    s.nbr[:] = -1
    s.w[:] = 0.0
    for i in np.flatnonzero(degree):
        k = degree[i]
        s.nbr[i, :k] = indices[indptr[i]:indptr[i + 1]]
        s.w[i, :k] = weights[indptr[i]:indptr[i + 1]]
