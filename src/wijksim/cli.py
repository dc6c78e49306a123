"""The `wijksim` command: run and validate scenario files."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pydantic import ValidationError

from .config import ScenarioError, Scenario, load_scenario

EXAMPLES = """examples:
  wijksim validate scenarios/baseline.yaml
  wijksim run scenarios/baseline.yaml
  wijksim compare scenarios/baseline.yaml scenarios/integrale-wijkaanpak.yaml
  wijksim run my-city.yaml --out results/my-city --replications 10 --seed 7 --years 20
"""


def int_at_least(minimum: int):
    """An argparse type: a whole number >= minimum."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value
    return parse


positive_int = int_at_least(1)
non_negative_int = int_at_least(0)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="wijksim", description="Agent-based simulation of Dutch wijk policy.",
                                 epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a scenario and write indicators, tables and plots",
                         epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("scenario", help="scenario YAML file")
    run.add_argument("--out", help="output folder (default: results/<scenario file name>)")
    run.add_argument("--replications", type=positive_int, help="override run.replications")
    run.add_argument("--seed", type=non_negative_int, help="override run.seed")
    run.add_argument("--years", type=positive_int, help="override run.years")
    run.add_argument("--workers", type=positive_int, help="parallel processes (default: all cores)")
    run.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    cmp_ = sub.add_parser("compare", help="run scenarios against a baseline with the same seeds and report differences and costs",
                          epilog="example:\n  wijksim compare scenarios/baseline.yaml scenarios/spoor2-basisbaan.yaml --replications 10",
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    cmp_.add_argument("baseline", help="baseline scenario YAML file")
    cmp_.add_argument("scenarios", nargs="+", help="scenario YAML files to compare with it")
    cmp_.add_argument("--out", help="output folder (default: results/compare-<baseline>)")
    cmp_.add_argument("--replications", type=positive_int, help="override run.replications (all scenarios)")
    cmp_.add_argument("--seed", type=non_negative_int, help="override run.seed (all scenarios)")
    cmp_.add_argument("--years", type=positive_int, help="override run.years (all scenarios)")
    cmp_.add_argument("--workers", type=positive_int, help="parallel processes (default: all cores)")
    cmp_.add_argument("--independent-seeds", action="store_true",
                      help="give the scenarios other seeds than the baseline (to see what common random numbers buy)")
    val = sub.add_parser("validate", help="check a scenario file without running it")
    val.add_argument("scenario", help="scenario YAML file")
    return ap


def with_overrides(sc: Scenario, path: str, args) -> Scenario:
    """Apply command-line overrides of the run settings, validated like the file."""
    run = sc.run.model_dump()
    for key in ("replications", "seed", "years"):
        if getattr(args, key) is not None:
            run[key] = getattr(args, key)
    data = sc.model_dump()
    data["run"] = run
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(f"{path}: command-line override: {exc.errors()[0]['msg']}") from None


def load_with_notices(path: str) -> Scenario:
    """Load a scenario; print one notice line (stderr) per kind of fallback used in building a
    city from CBS data, so that no missing value is filled in silently."""
    sc = load_scenario(path)
    for line in sc.city.notices():
        print(f"wijksim: notice: {line}", file=sys.stderr)
    return sc


def cmd_validate(args) -> int:
    sc = load_with_notices(args.scenario)
    city = sc.city
    if city.is_cbs:
        plan = city.cbs_plan
        size = (f"{len(plan.wijk_names)} wijken and {len(plan.buurten)} buurten of {plan.selection.gemeente_name} "
                f"({plan.selection.gemeente}) from CBS data, {plan.n_households} households "
                f"(scale {city.scale:g}) in {plan.n_dwellings} dwellings")
    else:
        size = f"{len(city.wijken)} wijken, {city.n_dwellings()} dwellings"
    print(f"{args.scenario}: OK — scenario '{sc.name}', {size}, "
          f"{sc.run.years} years x {sc.run.replications} replications")
    return 0


def cmd_run(args) -> int:
    from .results import write_run
    from .runner import run_replications

    sc = with_overrides(load_with_notices(args.scenario), args.scenario, args)
    out = Path(args.out) if args.out else Path("results") / Path(args.scenario).stem
    if out.exists() and not out.is_dir():
        raise ScenarioError(f"{out}: output path exists and is not a folder")
    start = time.perf_counter()
    ind = run_replications(sc, workers=args.workers)
    seconds = time.perf_counter() - start
    write_run(out, sc, ind, seconds, plot=not args.no_plots)
    print(f"wrote {out}/ (indicators.parquet, summary.md, summary.csv, plots/, scenario.resolved.yaml) "
          f"in {seconds:.1f} s")
    return 0


def cmd_compare(args) -> int:
    from .compare import write_comparison

    base = with_overrides(load_scenario(args.baseline), args.baseline, args)
    scenarios = []
    for path in args.scenarios:
        sc = load_scenario(path)
        run = base.run.model_copy(update={"seed": base.run.seed + (100_003 if args.independent_seeds else 0)})
        scenarios.append(with_overrides(sc.model_copy(update={"run": run}), path, argparse.Namespace(
            replications=None, seed=None, years=None)))
    out = Path(args.out) if args.out else Path("results") / f"compare-{Path(args.baseline).stem}"
    if out.exists() and not out.is_dir():
        raise ScenarioError(f"{out}: output path exists and is not a folder")
    write_comparison(out, base, scenarios, workers=args.workers)
    print(f"wrote {out}/ (comparison.md, differences.csv, costs.csv, plots/)")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return {"run": cmd_run, "validate": cmd_validate, "compare": cmd_compare}[args.command](args)
    except ScenarioError as exc:
        print(f"wijksim: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wijksim: interrupted; no results written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
