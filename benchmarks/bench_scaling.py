"""Scaling: the kernel model on the baseline city scaled to 10k, 100k and 1M households,
240 months each (20 years, no burn-in): set-up time, step wall time, household-steps per
second, peak memory and where the time goes; then cost against network degree.

Each run is a separate process, so its peak memory (getrusage) is its own.

    python benchmarks/bench_scaling.py                       # 10k, 100k, 1M x 240 months
    python benchmarks/bench_scaling.py --sizes 10000 --years 2 --degree-years 0
Writes benchmarks/results/scaling.json (or --out NAME).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cities import peak_rss_mib, scaled_scenario, warm_up, write_result  # noqa: E402

# (initial_ties_min, initial_ties_max, max_ties): the default (2, 12, 24), then sparser and denser.
DEGREES = [(1, 4, 8), (2, 12, 24), (4, 20, 32), (8, 36, 48)]


def one_run(households: int, years: int, degree: tuple | None) -> dict:
    """Build and run one city in this process; return the measurements."""
    from timing import part_timer
    from wijksim.model import WijkModel

    model = None
    if degree:
        model = {"network": {"initial_ties_min": degree[0], "initial_ties_max": degree[1], "max_ties": degree[2]}}
    sc = scaled_scenario(households, years=years, model=model)
    warm_up(model=model)
    t0 = time.perf_counter()
    m = WijkModel(sc)
    build_s = time.perf_counter() - t0
    rss_after_build = peak_rss_mib()
    living = []
    with part_timer() as parts:
        t0, cpu0 = time.perf_counter(), time.process_time()
        for _ in range(12 * years):
            m.step()
            living.append(int(m.s.alive.sum()))
        step_s, step_cpu = time.perf_counter() - t0, time.process_time() - cpu0
    mean_hh = sum(living) / len(living)
    ties = int((m.s.nbr >= 0).sum())
    return {"households_target": households, "households_mean": mean_hh, "dwellings": m.layout.n_dwellings,
            "wijken": len(m.layout.wijk_names), "buurten": len(m.layout.buurt_names), "months": 12 * years,
            "build_s": build_s, "step_wall_s": step_s, "step_cpu_s": step_cpu, "household_steps_per_s": mean_hh * 12 * years / step_s,
            "ns_per_household_step": 1e9 * step_s / (mean_hh * 12 * years),
            "mean_degree_end": ties / max(living[-1], 1), "max_ties": m.s.nbr.shape[1],
            "peak_rss_after_build_mib": rss_after_build, "peak_rss_mib": peak_rss_mib(),
            "seconds_per_part": dict(sorted(parts.items(), key=lambda kv: -kv[1])),
            "nested_parts_note": "children_year, classes and indicators run inside end_of_year; "
                                 "leavers_removed is called inside demography and after housing"}


def in_subprocess(households: int, years: int, degree: tuple | None) -> dict:
    args = [sys.executable, __file__, "--one", str(households), "--years", str(years)]
    if degree:
        args += ["--degree", *map(str, degree)]
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--degree-households", type=int, default=20_000)
    ap.add_argument("--degree-years", type=int, default=2, help="years per degree run (0: skip)")
    ap.add_argument("--out", default="scaling")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--degree", type=int, nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(one_run(a.one, a.years, tuple(a.degree) if a.degree else None)))
        return
    sizes = []
    for n in a.sizes:
        r = in_subprocess(n, a.years, None)
        print(f"{n:>9} households: build {r['build_s']:.1f} s, {r['months']} months {r['step_wall_s']:.1f} s, "
              f"{r['household_steps_per_s']:.3g} household-steps/s, peak {r['peak_rss_mib']:.0f} MiB", flush=True)
        sizes.append(r)
    degrees = []
    for d in DEGREES if a.degree_years else []:
        r = in_subprocess(a.degree_households, a.degree_years, d)
        print(f"degree {d}: mean degree {r['mean_degree_end']:.1f}, {r['ns_per_household_step']:.0f} ns/household-step",
              flush=True)
        degrees.append(r)
    path = write_result(a.out, {"sizes": sizes, "degree": degrees,
                                "note": "baseline city tiled and scaled (benchmarks/cities.py); no burn-in; "
                                        "household-steps = mean households x months"})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
