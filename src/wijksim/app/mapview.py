"""The map: one pixel block per dwelling, coloured by class, draaglast (in steps) or tenure, drawn
as a single image (fast enough to redraw every frame), the wijk names to write on it, its legend,
and the household under a click.

The class colours are Paul Tol's "muted" qualitative scheme, made to stay distinguishable with
colour-blindness (https://personal.sron.nl/~pault/), ordered from the upper classes (blues) via
the middle (green, sand) to the lower (rose, wine); the legend groups them in these three bands.
The draaglast steps use ColorBrewer's YlOrBr, also colour-blind safe."""

from __future__ import annotations

import base64
import io

import matplotlib
import numpy as np
from matplotlib.image import imsave

from ..config import TENURES
from ..params import CLASS_KEYS
from . import i18n

MODES = ("class", "draaglast", "tenure")
TARGET_PIXELS = 560  # the image's longer side, about
CLASS_COLOURS = ("#332288", "#88ccee", "#44aa99", "#117733", "#ddcc77", "#cc6677", "#882255")  # as CLASS_KEYS
CLASS_BANDS = (("band_upper", (0, 1, 2)), ("band_middle", (3, 4)), ("band_lower", (5, 6)))
TENURE_COLOURS = ("#cc6677", "#aa4499", "#ddcc77", "#117733")  # as config.TENURES
VACANT = "#c8c8c8"
OUTSIDE = "#ffffff"
BORDER = np.array([60, 60, 60], dtype=np.uint8)
DRAAGLAST_STEPS = (0.1, 0.2, 0.3, 0.5)  # step edges above 0 (most households carry none; 90% less than 0.25)
DRAAGLAST_COLOURS = ("#fffbe0", "#fee391", "#fec44f", "#fe9929", "#cc4c02", "#662506")  # none, then one per step


def _rgb(hex_colours) -> np.ndarray:
    return (np.array([matplotlib.colors.to_rgb(c) for c in hex_colours]) * 255).astype(np.uint8)


def cell_colours(m, mode: str) -> np.ndarray:
    """[height, width, 3] uint8 colours of the grid cells."""
    L, s = m.layout, m.s
    h, w = L.cell_dw.shape
    rgb = np.empty((h, w, 3), dtype=np.uint8)
    rgb[:] = _rgb([OUTSIDE])[0]
    hh = m.dw_hh  # household slot per dwelling, -1 if vacant
    occupied = hh >= 0
    colours = np.empty((hh.size, 3), dtype=np.uint8)
    colours[:] = _rgb([VACANT])[0]
    if mode == "class":
        colours[occupied] = _rgb(CLASS_COLOURS)[s.cls[hh[occupied]]]
    elif mode == "draaglast":
        colours[occupied] = _rgb(DRAAGLAST_COLOURS)[draaglast_step(s.dl[hh[occupied]])]
    elif mode == "tenure":
        tenure = _rgb(TENURE_COLOURS)[L.dw_tenure]
        colours[:] = np.where(occupied[:, None], tenure, (0.45 * tenure + 0.55 * 255).astype(np.uint8))
    else:
        raise ValueError(f"unknown map mode {mode!r}; one of {MODES}")
    rgb[L.dw_y, L.dw_x] = colours
    return rgb


def draaglast_step(dl: np.ndarray) -> np.ndarray:
    """0 for no draaglast, then 1 to len(DRAAGLAST_STEPS) + 1 by the step it falls in."""
    return np.where(dl > 0, 1 + np.searchsorted(DRAAGLAST_STEPS, dl, side="right"), 0)


def wijk_labels(m) -> list[dict]:
    """The wijk names and where to write them: the middle of each wijk's dwellings, as fractions
    {x, y} of the map's width and height."""
    L = m.layout
    h, w = L.cell_dw.shape
    wijk = L.buurt_wijk[L.dw_buurt]
    out = []
    for n, name in enumerate(L.wijk_names):
        inside = wijk == n
        if inside.any():
            out.append({"name": str(name), "x": float((L.dw_x[inside].mean() + 0.5) / w),
                        "y": float((L.dw_y[inside].mean() + 0.5) / h)})
    return out


def scale_for(m) -> int:
    """Pixels per cell."""
    return max(1, TARGET_PIXELS // max(m.layout.cell_dw.shape))


def map_png(m, mode: str, selected_dwelling: int | None = None) -> bytes:
    """The map as PNG bytes: cells scaled up, buurt borders drawn, the selected dwelling outlined."""
    L = m.layout
    k = scale_for(m)
    img = np.repeat(np.repeat(cell_colours(m, mode), k, axis=0), k, axis=1)
    buurt = np.where(L.cell_dw >= 0, L.dw_buurt[np.maximum(L.cell_dw, 0)], -1)
    if k >= 4:  # borders two pixels wide, so that they survive the browser's scaling
        ys, xs = np.nonzero(buurt[:, 1:] != buurt[:, :-1])
        for y, x in zip(ys, xs):
            img[y * k:(y + 1) * k, (x + 1) * k - 1:(x + 1) * k + 1] = BORDER
        ys, xs = np.nonzero(buurt[1:, :] != buurt[:-1, :])
        for y, x in zip(ys, xs):
            img[(y + 1) * k - 1:(y + 1) * k + 1, x * k:(x + 1) * k] = BORDER
    if selected_dwelling is not None and selected_dwelling >= 0:
        x, y = int(L.dw_x[selected_dwelling]), int(L.dw_y[selected_dwelling])
        box = img[max(0, (y - 1) * k):(y + 2) * k, max(0, (x - 1) * k):(x + 2) * k]
        box[:2], box[-2:], box[:, :2], box[:, -2:] = 0, 0, 0, 0
    buf = io.BytesIO()
    imsave(buf, img, format="png")
    return buf.getvalue()


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def dwelling_at(m, fx: float, fy: float) -> int:
    """The dwelling under a click at fractions (fx, fy) of the image's width and height; -1 if none."""
    h, w = m.layout.cell_dw.shape
    x, y = int(fx * w), int(fy * h)
    if not (0 <= x < w and 0 <= y < h):
        return -1
    return int(m.layout.cell_dw[y, x])


def legend(m, mode: str, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The map's legend as groups of (colour, label) pairs: the classes present in three bands, the
    draaglast steps, or the tenures present; a group's title may be empty."""
    vacant = ("", [(VACANT, i18n.t("vacant", lang))])
    if mode == "class":
        present = set(m.s.cls[m.s.living()].tolist())
        groups = [(i18n.t(band, lang), [(CLASS_COLOURS[n], i18n.name(i18n.CLASS_NAMES, CLASS_KEYS[n], lang))
                                        for n in members if n in present]) for band, members in CLASS_BANDS]
        return [g for g in groups if g[1]] + [vacant]
    if mode == "draaglast":
        edges = (0.0,) + DRAAGLAST_STEPS
        labels = [i18n.t("draaglast_none", lang)] + [f"{a:g}–{b:g}".replace(".", "," if lang == "nl" else ".")
                                                      for a, b in zip(edges, edges[1:])]
        labels.append(f"≥ {DRAAGLAST_STEPS[-1]:g}".replace(".", "," if lang == "nl" else "."))
        return [(i18n.t("draaglast_scale", lang), list(zip(DRAAGLAST_COLOURS, labels))), vacant]
    present = set(m.layout.dw_tenure.tolist())
    return [("", [(c, i18n.name(i18n.TENURE_NAMES, k, lang)) for n, (c, k) in enumerate(zip(TENURE_COLOURS, TENURES))
                  if n in present])]
