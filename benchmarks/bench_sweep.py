"""Sweep throughput: runs per minute of the same small experiment on a LocalCluster with 1 and
with 2 single-threaded worker processes, measured in the same invocation.

The experiment: the default city (scenarios/baseline.yaml) over 3 years after 1 burn-in year,
a full factorial of 2 factors x 4 values x 2 replications = 16 runs. It is timed with 1, 2,
2 and 1 workers, each on a fresh cluster, so that a load drifting during the benchmark
affects both alike. Each cluster is warmed up first (one run per worker, into a scratch
folder, so every worker has imported the model and loaded the compiled kernels); the timed
part is `run_sweep`: its preflight (one month of the default city on one worker, about 0.2 s
with warm kernels; measured separately as `preflight_seconds`), then submitting the first run
to storing the last, Parquet writes included.

    python benchmarks/bench_sweep.py               # writes benchmarks/results/sweep.json
    python benchmarks/bench_sweep.py --runs-per-value 1 --out sweep-quick   # 8 runs each
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cities import write_result  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VALUES = [0.1, 0.2, 0.3, 0.4]

EXPERIMENT = """\
name: bench-sweep
base: {base}
scenario: {{run.years: 3, run.burn_in_years: 1}}
seed: 1
replications: {replications}
design: {{method: full_factorial}}
factors:
  model.support.professional_help: {{values: {values}}}
  model.setbacks.vulnerability_slope: {{values: [2.0, 4.0]}}
outcomes: [escalated_share, trust, employment_rate]
"""


def write_experiment(folder: Path, name: str, replications: int, values: list[float]) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(EXPERIMENT.format(base=ROOT / "scenarios" / "baseline.yaml", replications=replications,
                                      values=values))
    return path


def measure(folder: Path, replications: int, workers: int) -> dict:
    """Runs per minute of the experiment on a fresh LocalCluster with `workers` workers."""
    folder.mkdir(parents=True)
    from distributed import Client, LocalCluster

    from wijksim.sweep import load_experiment, load_runs
    from wijksim.sweep.execute import preflight, run_sweep

    timed = load_experiment(write_experiment(folder, "timed", replications, VALUES))
    warm = load_experiment(write_experiment(folder, "warm", workers, VALUES[:1]))  # one run per worker
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        run_sweep(warm, folder / f"warm-{workers}", client, show_progress=False)
        start = time.perf_counter()
        preflight(client, timed, 10)
        preflight_seconds = time.perf_counter() - start
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        counts = run_sweep(timed, folder / f"timed-{workers}", client, show_progress=False)
        seconds = time.perf_counter() - start
    runs = load_runs(folder / f"timed-{workers}")
    return {"workers": workers, "runs": len(runs), "failed": counts["failed"], "seconds": seconds,
            "preflight_seconds": preflight_seconds,
            "runs_per_minute": 60 * len(runs) / seconds,
            "mean_run_seconds_in_worker": float(runs["seconds"].mean()),
            "load_average_1min_before": load_before, "load_average_1min_after": os.getloadavg()[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs-per-value", type=int, default=2, help="replications per design point (default 2: 16 runs)")
    ap.add_argument("--out", default="sweep", help="result name under benchmarks/results/ (default sweep)")
    args = ap.parse_args()
    order = [1, 2, 2, 1]  # ABBA: a load that drifts during the benchmark hits both alike
    with tempfile.TemporaryDirectory() as tmp:
        measured = [measure(Path(tmp) / f"round-{i}", args.runs_per_value, n) for i, n in enumerate(order)]
    mean = {n: sum(m["runs_per_minute"] for m in measured if m["workers"] == n) / order.count(n) for n in (1, 2)}
    payload = {"experiment": EXPERIMENT.format(base="scenarios/baseline.yaml", replications=args.runs_per_value,
                                               values=VALUES),
               "order": order, "measurements": measured,
               "runs_per_minute_1_worker": mean[1], "runs_per_minute_2_workers": mean[2],
               "speed_up_2_vs_1": mean[2] / mean[1],
               "note": "LocalCluster, processes, 1 thread per worker (numba threads 1). The machine is shared with "
                       "other work: compare the load averages and mean_run_seconds_in_worker (a run's wall time "
                       "inside its worker; it rises when the workers do not get a core each)"}
    path = write_result(args.out, payload)
    print(f"1 worker: {mean[1]:.1f} runs/min; 2 workers: {mean[2]:.1f} runs/min; ratio {payload['speed_up_2_vs_1']:.2f}; "
          f"wrote {path}")


if __name__ == "__main__":
    main()
