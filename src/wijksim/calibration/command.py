"""The `wijksim calibrate` subcommand: its arguments and what it prints."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub, positive_int) -> None:
    cal = sub.add_parser("calibrate", help="calibrate assumed parameters to the calibration-set targets (ABC-SMC)",
                         epilog="examples:\n  wijksim calibrate experiments/calibration/default.yaml --out data/calibration\n"
                                "  wijksim calibrate experiments/calibration/small.yaml --out results/calibration-small"
                                "\nheld-out targets cannot be used (validation/targets.py ROLES); docs/calibration.md",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    cal.add_argument("calibration", help="calibration YAML file (experiments/calibration/default.yaml)")
    cal.add_argument("--out", default="data/calibration", help="folder for posterior.csv, generations.csv and "
                     "metadata.json (default: data/calibration)")
    where = cal.add_mutually_exclusive_group()
    where.add_argument("--workers", type=positive_int, help="local Dask worker processes (default: all cores)")
    where.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://host:8786")


def cmd_calibrate(args) -> int:
    from .run import calibrate

    command = "wijksim calibrate " + " ".join(sys.argv[2:]) if sys.argv[1:2] == ["calibrate"] else ""
    posterior = calibrate(args.calibration, args.out, workers=args.workers, scheduler=args.scheduler,
                          command=command or f"wijksim calibrate {args.calibration} --out {args.out}")
    params = [c for c in posterior.columns if c not in ("weight", "distance")]
    print(f"wrote {args.out}/posterior.csv: {len(posterior)} accepted parameter sets")
    for p in params:
        w = posterior["weight"] / posterior["weight"].sum()
        print(f"  {p}: weighted mean {(posterior[p] * w).sum():.4g}, range {posterior[p].min():.4g} to "
              f"{posterior[p].max():.4g}")
    return 0
