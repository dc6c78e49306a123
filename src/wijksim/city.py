"""The city: dwellings on a grid, grouped into buurten and wijken, with their facilities.

A grid city's wijken are rectangles of the scenario's grid, each cut into columns x rows
buurten that share the wijk's tenure, price-band and family shares. A city built from CBS
data (`city.from_cbs`) gives every CBS buurt its own rectangle, with its own dwelling count
and shares, packed per wijk (see :func:`pack`)."""

from __future__ import annotations

from dataclasses import dataclass

import math

import numpy as np

from . import rng
from .config import BANDS, TENURES, City


@dataclass
class CityLayout:
    """Static arrays describing dwellings, buurten and wijken."""

    width: int
    height: int
    dw_x: np.ndarray            # int32 per dwelling
    dw_y: np.ndarray
    dw_wijk: np.ndarray
    dw_buurt: np.ndarray
    dw_tenure: np.ndarray       # int8, index into TENURES
    dw_band: np.ndarray         # int8, index into BANDS
    dw_family: np.ndarray       # int8, 1 = large enough for a family
    cell_dw: np.ndarray         # int32 [height, width], dwelling index or -1
    wijk_names: list[str]
    buurt_names: list[str]
    buurt_wijk: np.ndarray      # int32 per buurt
    buurt_meeting: np.ndarray   # int32 meeting places per buurt
    buurt_school: np.ndarray    # int8, 1 = has a primary school
    buurt_access: np.ndarray    # int8, 1 = wijkteam access point
    buurt_dw_start: np.ndarray  # CSR: dwellings of buurt b are buurt_dw[start[b]:start[b+1]]
    buurt_dw: np.ndarray
    default_school: np.ndarray  # int32 per buurt: the school (a buurt index) its children attend
    wijk_dw_start: np.ndarray   # dwellings of wijk w are buurt_dw[wijk_dw_start[w]:wijk_dw_end[w]]
    wijk_dw_end: np.ndarray

    @property
    def n_dwellings(self) -> int:
        return self.dw_x.shape[0]


def _exact_split(keys: np.ndarray, shares: list[float]) -> np.ndarray:
    """Category per item: items sorted by random key are cut into blocks of exact sizes."""
    n = keys.shape[0]
    counts = np.floor(np.asarray(shares) * n).astype(int)
    remainder = np.asarray(shares) * n - counts
    counts[np.argsort(-remainder, kind="stable")[: n - counts.sum()]] += 1
    out = np.empty(n, dtype=np.int8)
    out[np.argsort(keys, kind="stable")] = np.repeat(np.arange(len(shares)), counts)
    return out


def complex_side(city: City) -> int:
    """Side in cells of a block of one tenure: a complex of `complex_size` real dwellings at the
    city's scale (grid cities: scale 1)."""
    return max(1, round(math.sqrt(city.complex_size * city.scale)))


def tenure_keys(seed: int, ids: np.ndarray, x: np.ndarray, y: np.ndarray, side: int, group: int) -> np.ndarray:
    """Random keys for the tenure split of one buurt or wijk (`group`): per dwelling, or with
    side > 1 ordered block by block, so that `_exact_split` gives each side x side block of
    cells one tenure (up to the cuts between tenures)."""
    key = rng.uniforms(seed, ids, rng.INIT_MONTH, rng.INIT_DWELLING, 0)
    if side <= 1 or ids.size == 0:
        return key
    bx, by = (x - x.min()) // side, (y - y.min()) // side
    block = by * (bx.max() + 1) + bx
    block_key = rng.uniforms(seed, group * 1_000_000 + block.astype(np.int64), rng.INIT_MONTH, rng.INIT_DWELLING, 3)
    ranks = np.empty(ids.shape[0])
    ranks[np.lexsort((key, block_key))] = np.arange(ids.shape[0])
    return ranks


def build_city(city: City, seed: int) -> CityLayout:
    """Lay out dwellings, buurten and facilities from the scenario's city section."""
    if city.is_cbs:
        return build_cbs_city(city, seed)
    xs, ys, wijk_of, buurt_of = [], [], [], []
    buurt_names, buurt_wijk, meeting, school, access = [], [], [], [], []
    for w, (name, wijk) in enumerate(city.wijken.items()):
        x0, y0, width, height = wijk.area
        cols, rows = wijk.buurten
        first = len(buurt_names)
        for i in range(cols * rows):
            bname = f"{name}-{i + 1}"
            fac = wijk.buurt_facilities.get(bname, wijk.facilities)
            buurt_names.append(bname)
            buurt_wijk.append(w)
            meeting.append(fac.meeting_places)
            school.append(int(fac.school))
            access.append(int(fac.wijkteam_access_point))
        yy, xx = np.mgrid[y0:y0 + height, x0:x0 + width]
        xx, yy = xx.ravel(), yy.ravel()
        bx = (xx - x0) * cols // width
        by = (yy - y0) * rows // height
        xs.append(xx)
        ys.append(yy)
        wijk_of.append(np.full(xx.shape, w))
        buurt_of.append(first + by * cols + bx)
    dw_x = np.concatenate(xs).astype(np.int32)
    dw_y = np.concatenate(ys).astype(np.int32)
    dw_wijk = np.concatenate(wijk_of).astype(np.int32)
    dw_buurt = np.concatenate(buurt_of).astype(np.int32)
    n = dw_x.shape[0]
    ids = np.arange(n, dtype=np.int64)

    tenure = np.zeros(n, dtype=np.int8)
    band = np.zeros(n, dtype=np.int8)
    family = np.zeros(n, dtype=np.int8)
    side = complex_side(city)
    for w, wijk in enumerate(city.wijken.values()):
        idx = np.flatnonzero(dw_wijk == w)
        key = tenure_keys(seed, ids[idx], dw_x[idx], dw_y[idx], side, w)
        tenure[idx] = _exact_split(key, [wijk.tenure.get(t, 0.0) for t in TENURES])
        free = idx[tenure[idx] != 0]
        band[free] = _exact_split(rng.uniforms(seed, ids[free], rng.INIT_MONTH, rng.INIT_DWELLING, 1),
                                  [wijk.price_bands[b] for b in BANDS])
        family[idx] = _exact_split(rng.uniforms(seed, ids[idx], rng.INIT_MONTH, rng.INIT_DWELLING, 2),
                                   [1 - wijk.family_dwellings, wijk.family_dwellings])

    return _finish(city.grid.width, city.grid.height, dw_x, dw_y, dw_wijk, dw_buurt, tenure, band, family,
                   list(city.wijken), buurt_names, buurt_wijk, meeting, school, access)


def _finish(width, height, dw_x, dw_y, dw_wijk, dw_buurt, tenure, band, family, wijk_names, buurt_names,
            buurt_wijk, meeting, school, access) -> CityLayout:
    """The layout from per-dwelling and per-buurt lists; buurten must be in wijk order."""
    n = dw_x.shape[0]
    cell_dw = np.full((height, width), -1, dtype=np.int32)
    cell_dw[dw_y, dw_x] = np.arange(n, dtype=np.int32)
    n_buurten = len(buurt_names)
    order = np.argsort(dw_buurt, kind="stable").astype(np.int32)
    start = np.searchsorted(dw_buurt[order], np.arange(n_buurten + 1)).astype(np.int32)
    layout = CityLayout(
        width=width, height=height, dw_x=dw_x, dw_y=dw_y, dw_wijk=dw_wijk,
        dw_buurt=dw_buurt, dw_tenure=tenure, dw_band=band, dw_family=family, cell_dw=cell_dw,
        wijk_names=wijk_names, buurt_names=buurt_names,
        buurt_wijk=np.asarray(buurt_wijk, dtype=np.int32),
        buurt_meeting=np.asarray(meeting, dtype=np.int32),
        buurt_school=np.asarray(school, dtype=np.int8), buurt_access=np.asarray(access, dtype=np.int8),
        buurt_dw_start=start, buurt_dw=order, default_school=np.zeros(n_buurten, dtype=np.int32),
        wijk_dw_start=start[np.searchsorted(buurt_wijk, np.arange(len(wijk_names)))],
        wijk_dw_end=start[np.searchsorted(buurt_wijk, np.arange(len(wijk_names)), side="right")])
    layout.default_school[:] = assign_default_schools(layout)
    return layout


def block_shape(n: int) -> tuple[int, int]:
    """(width, height) of the near-square block that holds n dwellings, filled row by row."""
    width = max(1, math.ceil(math.sqrt(n)))
    return width, max(1, math.ceil(n / width))


def pack(sizes: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], int, int]:
    """Shelf packing of rectangles (width, height) in their order: left to right in rows about
    as wide as the total area is square, each row as high as its highest rectangle.
    Returns the (x, y) of each rectangle and the width and height of the whole."""
    area = sum(w * h for w, h in sizes)
    target = max(max(w for w, _ in sizes), math.ceil(math.sqrt(area)))
    x = y = row_h = width = 0
    pos = []
    for w, h in sizes:
        if x > 0 and x + w > target:
            x, y, row_h = 0, y + row_h, 0
        pos.append((x, y))
        x += w
        row_h = max(row_h, h)
        width = max(width, x)
    return pos, width, y + row_h


def build_cbs_city(city: City, seed: int) -> CityLayout:
    """Lay out a city from CBS data: each CBS buurt a block of its own dwellings (filled row by
    row), the buurten of a wijk packed into the wijk's rectangle, the wijken into the grid.
    Tenure, price bands and family dwellings are split exactly per buurt, as a grid city's
    are per wijk."""
    plan = city.cbs_plan
    blocks = [block_shape(b.n_dwellings) for b in plan.buurten]
    wijk_members = [[i for i, w in enumerate(plan.wijk_of) if w == k] for k in range(len(plan.wijk_names))]
    inner, wijk_sizes = [], []
    for members in wijk_members:
        pos, w, h = pack([blocks[i] for i in members])
        inner.append(pos)
        wijk_sizes.append((w, h))
    wijk_pos, width, height = pack(wijk_sizes)
    xs, ys, buurt_of = [], [], []
    for k, members in enumerate(wijk_members):
        for (bx, by), i in zip(inner[k], members):
            n = plan.buurten[i].n_dwellings
            cell = np.arange(n)
            xs.append(wijk_pos[k][0] + bx + cell % blocks[i][0])
            ys.append(wijk_pos[k][1] + by + cell // blocks[i][0])
            buurt_of.append(np.full(n, i))
    dw_x = np.concatenate(xs).astype(np.int32)
    dw_y = np.concatenate(ys).astype(np.int32)
    dw_buurt = np.concatenate(buurt_of).astype(np.int32)
    buurt_wijk = np.asarray(plan.wijk_of, dtype=np.int32)
    dw_wijk = buurt_wijk[dw_buurt]
    n = dw_x.shape[0]
    ids = np.arange(n, dtype=np.int64)
    tenure = np.zeros(n, dtype=np.int8)
    band = np.zeros(n, dtype=np.int8)
    family = np.zeros(n, dtype=np.int8)
    meeting, school, access = [], [], []
    side = complex_side(city)
    for i, b in enumerate(plan.buurten):
        idx = np.flatnonzero(dw_buurt == i)
        key = tenure_keys(seed, ids[idx], dw_x[idx], dw_y[idx], side, i)
        tenure[idx] = _exact_split(key, b.tenure)
        free = idx[tenure[idx] != 0]
        band[free] = _exact_split(rng.uniforms(seed, ids[free], rng.INIT_MONTH, rng.INIT_DWELLING, 1), b.price_bands)
        family[idx] = _exact_split(rng.uniforms(seed, ids[idx], rng.INIT_MONTH, rng.INIT_DWELLING, 2),
                                   [1 - b.family, b.family])
        fac = city.buurt_facilities.get(b.figures.code, city.facilities)
        meeting.append(fac.meeting_places)
        school.append(int(fac.school))
        access.append(int(fac.wijkteam_access_point))
    return _finish(width, height, dw_x, dw_y, dw_wijk, dw_buurt, tenure, band, family, list(plan.wijk_names),
                   plan.buurt_names, buurt_wijk, meeting, school, access)


def buurt_centres(layout: CityLayout) -> np.ndarray:
    """Mean (x, y) of each buurt's dwellings."""
    n_b = len(layout.buurt_names)
    cnt = np.bincount(layout.dw_buurt, minlength=n_b)
    cx = np.bincount(layout.dw_buurt, weights=layout.dw_x, minlength=n_b) / cnt
    cy = np.bincount(layout.dw_buurt, weights=layout.dw_y, minlength=n_b) / cnt
    return np.stack([cx, cy], axis=1)


def assign_default_schools(layout: CityLayout) -> np.ndarray:
    """Each buurt's school: its own, else the nearest in its wijk, else the nearest in the city (-1 if none)."""
    centres = buurt_centres(layout)
    has = np.flatnonzero(layout.buurt_school)
    out = np.full(len(layout.buurt_names), -1, dtype=np.int32)
    if has.size == 0:
        return out
    for b in range(len(layout.buurt_names)):
        if layout.buurt_school[b]:
            out[b] = b
            continue
        same = has[layout.buurt_wijk[has] == layout.buurt_wijk[b]]
        pool = same if same.size else has
        d = np.hypot(*(centres[pool] - centres[b]).T)
        out[b] = pool[np.argmin(d)]
    return out
