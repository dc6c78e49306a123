"""Threads: the same city and seed with 1 and with 2 numba threads, each in its own process
(NUMBA_NUM_THREADS): wall time, speed-up, and whether the final states and all indicators
are identical (a SHA-256 over every state array and the indicator table).

    python benchmarks/bench_threads.py                     # 50,000 households, 2 years
    python benchmarks/bench_threads.py --households 5000 --years 1
Writes benchmarks/results/threads.json (or --out NAME).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cities import scaled_scenario, warm_up, write_result  # noqa: E402


def one_run(households: int, years: int) -> dict:
    import numba

    from wijksim.model import WijkModel

    warm_up()
    m = WijkModel(scaled_scenario(households, years=years))
    t0, c0 = time.perf_counter(), time.process_time()
    m.run_years(years)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    state = hashlib.sha256()
    for name in sorted(vars(m.s)):
        value = getattr(m.s, name)
        state.update(name.encode() + (value.tobytes() if hasattr(value, "tobytes") else repr(value).encode()))
    table = m.indicators().to_csv(float_format="%.17g").encode()
    return {"threads": numba.get_num_threads(), "wall_s": wall, "cpu_s": cpu, "households": int(m.s.alive.sum()),
            "state_sha256": state.hexdigest(), "indicators_sha256": hashlib.sha256(table).hexdigest()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--households", type=int, default=50_000)
    ap.add_argument("--years", type=int, default=2)
    ap.add_argument("--out", default="threads")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(one_run(a.households, a.years)))
        return
    runs = []
    for threads in (1, 2):
        env = {**os.environ, "NUMBA_NUM_THREADS": str(threads)}
        out = subprocess.run([sys.executable, __file__, "--one", "--households", str(a.households), "--years",
                              str(a.years)], env=env, capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"{threads} thread(s): {runs[-1]['wall_s']:.1f} s wall, {runs[-1]['cpu_s']:.1f} s CPU", flush=True)
    same = (runs[0]["state_sha256"] == runs[1]["state_sha256"]
            and runs[0]["indicators_sha256"] == runs[1]["indicators_sha256"])
    speedup = runs[0]["wall_s"] / runs[1]["wall_s"]
    print(f"speed-up 2 vs 1 thread: {speedup:.2f}x; identical results: {same}")
    print(f"wrote {write_result(a.out, {'households': a.households, 'years': a.years, 'runs': runs, 'speedup_2_vs_1': speedup, 'identical': same})}")


if __name__ == "__main__":
    main()
