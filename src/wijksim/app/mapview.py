"""The map: one pixel block per dwelling, coloured by class, draaglast or tenure, drawn as a
single image (fast enough to redraw every frame), and the household under a click."""

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
CLASS_COLOURS = ("#1b5e20", "#66bb6a", "#1565c0", "#90caf9", "#ffb74d", "#ef6c00", "#b71c1c")
TENURE_COLOURS = ("#c62828", "#6a1b9a", "#f9a825", "#2e7d32")
VACANT = "#d9d9d9"
OUTSIDE = "#ffffff"
BORDER = np.array([90, 90, 90], dtype=np.uint8)
DRAAGLAST_MAX = 1.0  # draaglast at which the colour scale saturates
DRAAGLAST_MAP = matplotlib.colormaps["YlOrRd"]


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
        level = np.clip(s.dl[hh[occupied]] / DRAAGLAST_MAX, 0, 1)
        colours[occupied] = (DRAAGLAST_MAP(0.05 + 0.95 * level)[:, :3] * 255).astype(np.uint8)
    elif mode == "tenure":
        tenure = _rgb(TENURE_COLOURS)[L.dw_tenure]
        colours[:] = np.where(occupied[:, None], tenure, (0.45 * tenure + 0.55 * 255).astype(np.uint8))
    else:
        raise ValueError(f"unknown map mode {mode!r}; one of {MODES}")
    rgb[L.dw_y, L.dw_x] = colours
    return rgb


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


def legend(m, mode: str, lang: str) -> list[tuple[str, str]]:
    """(colour, label) pairs for the map's legend (the classes and tenures present in the city)."""
    vacant = (VACANT, i18n.t("vacant", lang))
    if mode == "class":
        present = set(m.s.cls[m.s.living()].tolist())
        return [(c, i18n.name(i18n.CLASS_NAMES, k, lang)) for n, (c, k) in enumerate(zip(CLASS_COLOURS, CLASS_KEYS))
                if n in present] + [vacant]
    if mode == "draaglast":
        low, high = (matplotlib.colors.to_hex(DRAAGLAST_MAP(x)) for x in (0.05, 1.0))
        return [(low, i18n.t("draaglast_low", lang)), (high, i18n.t("draaglast_high", lang) + f" (≥ {DRAAGLAST_MAX:g})"), vacant]
    present = set(m.layout.dw_tenure.tolist())
    return [(c, i18n.name(i18n.TENURE_NAMES, k, lang)) for n, (c, k) in enumerate(zip(TENURE_COLOURS, TENURES))
            if n in present]
