"""Kernel vs reference: household-steps per second of the numba kernels (WijkModel, with 2
threads and with 1) and of the plain-Mesa reference (ReferenceModel) on the same city,
measured in the same run, and whether their states are identical at the end. Wall and CPU
time are both recorded: on a shared machine the CPU-time ratio is the robust one.

    python benchmarks/bench_kernel_vs_reference.py                 # 2,000 and 20,000 households
    python benchmarks/bench_kernel_vs_reference.py --sizes 2000 --months 3
Writes benchmarks/results/kernel_vs_reference.json (or --out NAME).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numba  # noqa: E402
import numpy as np  # noqa: E402

from cities import scaled_scenario, warm_up, write_result  # noqa: E402
from wijksim.model import WijkModel  # noqa: E402
from wijksim.reference import ReferenceModel  # noqa: E402
from wijksim.state import HOUSEHOLD_FIELDS, HOUSEHOLD_MATRICES  # noqa: E402


def timed_months(model, months: int) -> dict:
    households, wall, cpu = 0, 0.0, 0.0
    for _ in range(months):
        t0, c0 = time.perf_counter(), time.process_time()
        model.step()
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        households += int(model.s.alive.sum()) if isinstance(model, WijkModel) else len(model.agents)
    return {"wall_s": wall, "cpu_s": cpu, "household_steps": households,
            "household_steps_per_s": households / wall, "us_per_household_step": 1e6 * wall / households}


def identical(kernel: WijkModel, ref: ReferenceModel) -> bool:
    s, _ = ref.state()
    if not np.array_equal(s.alive, kernel.s.alive):
        return False
    live = kernel.s.living()
    return all(np.array_equal(getattr(s, f)[live], getattr(kernel.s, f)[live])
               for f in [*HOUSEHOLD_FIELDS, *HOUSEHOLD_MATRICES, "nbr", "w"])


def compare(households: int, months: int) -> dict:
    sc = scaled_scenario(households, years=2)
    threads = numba.get_num_threads()
    kernel = WijkModel(sc)
    kernel_run = timed_months(kernel, months)
    numba.set_num_threads(1)
    kernel_1 = timed_months(WijkModel(sc), months)
    numba.set_num_threads(threads)
    ref = ReferenceModel(sc)
    ref_run = timed_months(ref, months)
    return {"households": households, "months": months, "buurten": len(kernel.layout.buurt_names),
            "kernel": {**kernel_run, "threads": threads}, "kernel_1_thread": kernel_1, "reference": ref_run,
            "speedup_per_household_step": ref_run["us_per_household_step"] / kernel_run["us_per_household_step"],
            "speedup_1_thread": ref_run["us_per_household_step"] / kernel_1["us_per_household_step"],
            "speedup_cpu_time_1_thread": ref_run["cpu_s"] / kernel_1["cpu_s"] * kernel_1["household_steps"] / ref_run["household_steps"],
            "identical_states_at_end": identical(kernel, ref)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000])
    ap.add_argument("--months", type=int, default=12, help="months per model (12 includes one end of year)")
    ap.add_argument("--out", default="kernel_vs_reference")
    a = ap.parse_args()
    warm_up(reference=True)
    rows = []
    for n in a.sizes:
        r = compare(n, a.months)
        print(f"{n:>7} households: kernel {r['kernel']['us_per_household_step']:.2f} us, 1 thread "
              f"{r['kernel_1_thread']['us_per_household_step']:.2f} us, reference "
              f"{r['reference']['us_per_household_step']:.1f} us per household-step; speed-up "
              f"{r['speedup_per_household_step']:.0f}x (1 thread {r['speedup_1_thread']:.0f}x, "
              f"CPU time 1 thread {r['speedup_cpu_time_1_thread']:.0f}x); "
              f"identical {r['identical_states_at_end']}", flush=True)
        rows.append(r)
    print(f"wrote {write_result(a.out, {'runs': rows, 'note': 'baseline city scaled (benchmarks/cities.py), no burn-in; times per month summed'})}")


if __name__ == "__main__":
    main()
