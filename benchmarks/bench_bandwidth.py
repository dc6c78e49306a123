"""Memory-bandwidth floor: the bytes one monthly step must read and write (each household
array a process uses, once per process; tie partners' values fetched at random are not
counted, so this is a lower bound), divided by the copy bandwidth measured with numpy on
this machine in the same run, against the measured step time of the same city.

    python benchmarks/bench_bandwidth.py                     # 200,000 households, 12 months
Writes benchmarks/results/bandwidth.json (or --out NAME).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from cities import scaled_scenario, warm_up, write_result  # noqa: E402
from wijksim.model import WijkModel  # noqa: E402

# Per process: household arrays read (r), written (w) or both (rw), from the kernels' code.
# "ties" is nbr and w; per-buurt and per-dwelling arrays are small or gathered and left out.
TOUCHED = {
    "context": {"alive": "r", "hh_buurt": "r", "prob_age": "r", "prob_esc": "r", "dwelling": "r", "cap": "r"},
    "setbacks": {"alive": "r", "uid": "r", "cap": "r", "labour": "r", "hh_buurt": "r", "prob_age": "rw"},
    "support": {"alive": "r", "uid": "r", "cap": "r", "prob_age": "r", "prob_esc": "r", "care": "rw", "trust": "r",
                "ties": "r", "dk_own": "rw", "dl": "rw", "dk": "w", "need": "w", "unmet": "w", "yr_need": "rw",
                "yr_sought": "rw", "hh_buurt": "r"},
    "coping": {"alive": "r", "uid": "r", "cap": "rw", "dk": "r", "dl": "r", "prob_age": "rw", "prob_esc": "rw",
               "new_escalations": "w", "evict": "w", "yr_escalations": "rw", "yr_cost": "rw"},
    "capitals": {"alive": "r", "cap": "rw", "labour": "r", "earning": "r", "edu": "r", "health_base": "r",
                 "age": "r", "dl": "r", "prob_age": "r", "ties": "r"},
    "labour": {"alive": "r", "uid": "r", "cap": "r", "age": "r", "labour": "rw", "months_unemployed": "rw",
               "prob_age": "r"},
    "trust": {"alive": "r", "cap": "r", "trust": "rw", "care": "r", "unmet": "r", "new_escalations": "r",
              "hh_buurt": "r"},
    "care_countdown": {"alive": "r", "care": "rw", "yr_cost": "rw"},
    "demography": {"alive": "r", "uid": "r", "age": "rw", "single": "rw", "evict": "r"},
    "housing": {"alive": "r", "uid": "r", "dwelling": "r", "cls": "r", "child_age": "r", "similar": "w", "cap": "r"},
    "network": {"alive": "r", "hh_buurt": "r", "ties": "rw", "uid": "r", "sociability": "r"},
    "months_here": {"alive": "r", "months_here": "rw"},
}


def bytes_per_household(m: WijkModel) -> dict[str, int]:
    """Bytes per household of every household array the processes use."""
    s = m.s
    sizes = {name: value.itemsize * (value.shape[1] if value.ndim == 2 else 1)
             for name, value in vars(s).items() if isinstance(value, np.ndarray)}
    sizes["ties"] = sizes.pop("nbr") + sizes.pop("w")
    sizes["hh_buurt"] = m.hh_buurt.itemsize
    return sizes


def step_bytes(m: WijkModel) -> tuple[int, dict[str, int]]:
    size = bytes_per_household(m)
    per_process = {p: sum(size[f] * len(mode) for f, mode in fields.items()) for p, fields in TOUCHED.items()}
    return sum(per_process.values()), per_process


def copy_bandwidth(n_bytes: int = 512 * 2**20, repeats: int = 7) -> float:
    """Best-of-n numpy copy rate in bytes moved (read + written) per second."""
    src = np.ones(n_bytes // 8)
    dst = np.empty_like(src)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t0)
    return 2 * n_bytes / best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, default=200_000)
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--out", default="bandwidth")
    a = ap.parse_args()
    warm_up()
    m = WijkModel(scaled_scenario(a.households, years=2))
    per_household, per_process = step_bytes(m)
    bandwidth = copy_bandwidth()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.months):
        m.step()
    wall, cpu = (time.perf_counter() - t0) / a.months, (time.process_time() - c0) / a.months
    bandwidth_after = copy_bandwidth()
    floor = per_household * m.s.n_slots / max(bandwidth, bandwidth_after)
    print(f"{per_household} bytes per household-step; copy bandwidth {max(bandwidth, bandwidth_after) / 1e9:.1f} GB/s; "
          f"floor {1000 * floor:.1f} ms per month; measured {1000 * wall:.1f} ms wall ({1000 * cpu:.1f} ms CPU); "
          f"ratio {wall / floor:.0f}x")
    path = write_result(a.out, {
        "households": a.households, "slots": m.s.n_slots, "months": a.months,
        "bytes_per_household_step": per_household, "bytes_per_process": per_process,
        "copy_bandwidth_bytes_per_s": [bandwidth, bandwidth_after], "floor_s_per_month": floor,
        "step_wall_s_per_month": wall, "step_cpu_s_per_month": cpu, "ratio_wall_to_floor": wall / floor,
        "note": "floor counts each household array once per process that uses it (read and write separately); "
                "random reads of tie partners and per-dwelling lookups are not counted"})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
