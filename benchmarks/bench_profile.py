"""Where the time goes: CPU seconds per part of the step (each process, interventions, end of
year, indicators) for 12 months (one end of year) on one numba thread, so that CPU time is
the work done, whatever else runs on the machine.

    python benchmarks/bench_profile.py                      # 100,000 and 1,000,000 households
Writes benchmarks/results/profile.json (or --out NAME).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ["NUMBA_NUM_THREADS"] = "1"  # before numba starts
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cities import peak_rss_mib, scaled_scenario, warm_up, write_result  # noqa: E402
from timing import part_timer  # noqa: E402
from wijksim.model import WijkModel  # noqa: E402


def profile(households: int, months: int) -> dict:
    m = WijkModel(scaled_scenario(households, years=2))
    with part_timer(time.process_time) as parts:
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(months):
            m.step()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = int(m.s.alive.sum())
    print(f"{households:>9} households: {cpu:.1f} s CPU ({wall:.1f} s wall) for {months} months, "
          f"{1e9 * cpu / (n * months):.0f} ns CPU per household-step", flush=True)
    for name, sec in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"    {name:16s} {sec:7.2f} s  {100 * sec / cpu:5.1f}%")
    return {"households": n, "buurten": len(m.layout.buurt_names), "months": months, "cpu_s": cpu, "wall_s": wall,
            "cpu_ns_per_household_step": 1e9 * cpu / (n * months), "cpu_s_per_part": dict(parts),
            "peak_rss_mib": peak_rss_mib()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--out", default="profile")
    a = ap.parse_args()
    warm_up()
    rows = [profile(n, a.months) for n in a.sizes]
    print(f"wrote {write_result(a.out, {'threads': 1, 'runs': rows, 'note': 'nested parts (children_year, classes, indicators inside end_of_year; leavers_removed inside demography) are counted in both'})}")


if __name__ == "__main__":
    main()
