"""The `wijksim` command: run and validate scenario files."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from pydantic import ValidationError

from .calibration.command import add_parser as add_calibrate, cmd_calibrate
from .config import ScenarioError, Scenario, load_scenario
from .uncertainty import add_arguments as add_uncertainty_arguments, command as cmd_compare_uncertainty

EXAMPLES = """examples:
  wijksim validate scenarios/baseline.yaml
  wijksim run scenarios/baseline.yaml
  wijksim compare scenarios/baseline.yaml scenarios/integrale-wijkaanpak.yaml
  wijksim report scenarios/baseline.yaml scenarios/integrale-wijkaanpak.yaml   # report.html for the wethouder
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


def positive_float(text: str) -> float:
    """An argparse type: a number > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got '{text}'") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return value
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
    rep = sub.add_parser("report", help="compare scenarios with a baseline and write report.html for the wethouder "
                         "(Dutch; --lang en), or rebuild the report of an earlier comparison folder",
                         epilog="examples:\n  wijksim report scenarios/baseline.yaml scenarios/spoor1-menging.yaml "
                                "scenarios/integrale-wijkaanpak.yaml --replications 6\n"
                                "  wijksim report results/compare-baseline --lang en     # rebuild from an earlier comparison",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    for cmd in (cmp_, rep):
        cmd.add_argument("baseline", help="baseline scenario YAML file" + (" (or a comparison folder)" if cmd is rep else ""))
        cmd.add_argument("scenarios", nargs="+" if cmd is cmp_ else "*", help="scenario YAML files to compare with it")
        cmd.add_argument("--out", help="output folder (default: results/compare-<baseline>)")
        cmd.add_argument("--replications", type=positive_int, help="override run.replications (all scenarios)")
        cmd.add_argument("--seed", type=non_negative_int, help="override run.seed (all scenarios)")
        cmd.add_argument("--years", type=positive_int, help="override run.years (all scenarios); interventions are cut at this horizon")
        cmd.add_argument("--workers", type=positive_int, help="parallel processes (default: all cores)")
        cmd.add_argument("--independent-seeds", action="store_true",
                         help="give the scenarios other seeds than the baseline (to see what common random numbers buy)")
    cmp_.add_argument("--report", action="store_true", help="also write report.html (as wijksim report)")
    for cmd in (cmp_, rep):
        cmd.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the report (default: nl)")
    add_uncertainty_arguments(cmp_)
    val = sub.add_parser("validate", help="check a scenario file without running it")
    val.add_argument("scenario", help="scenario YAML file")
    inm = sub.add_parser("in-movers", help="find the in-mover class mix that holds the city's class shares still "
                         "(for a gemeente built from CBS data, whose in-movers nobody has measured)",
                         epilog="example:\n  wijksim in-movers scenarios/amsterdam-2019.yaml   # then paste the "
                                "printed mix into the scenario file\n"
                                "how it works: docs/model.md, 'Building a city from CBS data'",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    inm.add_argument("scenario", help="scenario YAML file")
    inm.add_argument("--years", type=positive_int, default=10, help="years each probe runs after the burn-in "
                     "(default: 10)")
    inm.add_argument("--corrections", type=positive_int, default=2, help="corrected mixes to try at most (default: 2)")
    inm.add_argument("--tolerance", type=positive_float, default=1.0, help="stop at a mix whose largest class-share "
                     "change is within this many percentage points (default: 1)")
    vm = sub.add_parser("validate-model", help="run the validation targets and write a report (pass/fail per target)",
                        epilog="examples:\n  wijksim validate-model               # standard: default city, 4 replications\n"
                               "  wijksim validate-model --full        # 10 replications, finer Schelling curve\n"
                               "  wijksim validate-model --reduced     # small city, 2 replications (as in the tests)",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    size = vm.add_mutually_exclusive_group()
    size.add_argument("--full", action="store_true", help="10 replications and a finer Schelling curve")
    size.add_argument("--reduced", action="store_true", help="a city of a quarter the size, 2 replications")
    vm.add_argument("--out", default="results/validation", help="report folder (default: results/validation)")
    vm.add_argument("--scenarios", default="scenarios", help="folder with baseline.yaml, vogelaar.yaml, "
                    "herstructurering.yaml and teaching/schelling.yaml (default: scenarios)")
    vm.add_argument("--workers", type=positive_int, help="parallel processes (default: all cores)")
    sw = sub.add_parser("sweep", help="run a parameter sweep (experiments/*.yaml) on Dask, then analyse it",
                        epilog="examples:\n  wijksim sweep experiments/laptop.yaml --out results/sweeps/laptop\n"
                               "  wijksim sweep experiments/laptop.yaml --scheduler tcp://head:8786\n"
                               "  wijksim sweep experiments/sensitivity.yaml --slurm experiments/clusters/slurm.yaml\n"
                               "rerun the same command to resume an interrupted sweep (docs/sweeps.md)",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    sw.add_argument("experiment", help="experiment YAML file")
    sw.add_argument("--out", help="sweep folder (default: results/sweeps/<experiment file name>)")
    where = sw.add_mutually_exclusive_group()
    where.add_argument("--workers", type=positive_int, help="local worker processes (default: all cores)")
    where.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://host:8786")
    where.add_argument("--slurm", help="SLURM cluster file for dask-jobqueue (docs/sweeps.md)")
    sw.add_argument("--wait-for-workers", type=positive_float, metavar="SECONDS",
                    help="stop with a message when no Dask worker is connected for this long "
                         "(default: 45; with --slurm 1800, as batch jobs may queue)")
    sw.add_argument("--allow-code-change", action="store_true",
                    help="resume a folder whose runs were made with other code (recorded in sessions.jsonl)")
    sw.add_argument("--no-analysis", action="store_true", help="only run and store the runs")
    swa = sub.add_parser("sweep-analyse", help="(re)analyse a stored sweep: sensitivity indices, drivers, PRIM",
                         epilog="examples:\n  wijksim sweep-analyse results/sweeps/laptop\n"
                                "  wijksim sweep-analyse results/sweeps/laptop --box 12   # another PRIM box\n"
                                "the discovery settings are read from the experiment file as it is now",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    swa.add_argument("folder", help="sweep folder")
    swa.add_argument("--experiment", help="experiment file for the analysis settings (default: the one the sweep ran)")
    swa.add_argument("--box", type=non_negative_int, metavar="N",
                     help="report box N of PRIM's peeling trajectory (see discovery-NAME-tradeoff) instead of the "
                          "densest box with enough coverage and only significant restrictions")
    swa.add_argument("--no-plots", action="store_true", help="do not redraw the plots (the existing ones are kept)")
    add_calibrate(sub, positive_int)
    app = sub.add_parser("app", help="start the teaching web app in the browser (map, sliders, charts, lesson guide)",
                         epilog="examples:\n  wijksim app\n  wijksim app --klas\n"
                                "  wijksim app scenarios/teaching/schelling.yaml --port 8800",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    app.add_argument("scenario", nargs="?", help="scenario YAML file (default: scenarios/teaching/klasstad.yaml)")
    app.add_argument("--klas", action="store_true",
                     help="classroom mode: listen on the local network, print the address and a QR code for "
                          "students, cap each session's speed (docs/teaching.md)")
    app.add_argument("--host", help="address to listen on (default: localhost; with --klas: 0.0.0.0, all)")
    app.add_argument("--port", type=non_negative_int, default=8765, help="port (default: 8765)")
    app.add_argument("--max-speed", type=positive_int, metavar="MONTHS",
                     help="fastest pace a session may play, months per second (default: 24; with --klas: 2)")
    app.add_argument("--no-open", action="store_true", help="do not open a browser")
    return ap


def cut_at_horizon(data: dict, years: int) -> str | None:
    """Cut the interventions of a scenario (as a dict) at a shorter horizon given on the command
    line; those that would start after it are left out. Returns one notice line, or None."""
    kept, cut, dropped = [], [], []
    for item in data.get("interventions", []):
        kind, spec = next(iter(item.items()))
        first, last = spec["years"]
        if first > years:
            dropped.append(f"{kind} (from year {first})")
            continue
        if last > years:
            cut.append(f"{kind} [{first}, {last}]")
            spec["years"] = [first, years]
        kept.append(item)
    data["interventions"] = kept
    parts = ([f"{len(cut)} intervention(s) cut at the horizon of {years} years: {', '.join(cut)}"] if cut else []) + \
            ([f"left out, starting after year {years}: {', '.join(dropped)}"] if dropped else [])
    return "; ".join(parts) or None


def with_overrides(sc: Scenario, path: str, args) -> Scenario:
    """Apply command-line overrides of the run settings, validated like the file."""
    run = sc.run.model_dump()
    for key in ("replications", "seed", "years"):
        if getattr(args, key) is not None:
            run[key] = getattr(args, key)
    data = sc.model_dump()
    data["run"] = run
    notice = cut_at_horizon(data, run["years"])
    if notice:
        print(f"wijksim: notice: {path}: {notice}", file=sys.stderr)
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


def cmd_in_movers(args) -> int:
    from .calibration.in_movers import steady_mix, yaml_line

    sc = load_with_notices(args.scenario)
    if not (sc.model.processes.demography and sc.model.processes.housing):
        raise ScenarioError(f"{args.scenario}: nobody moves in with model.processes.demography or housing "
                            "switched off, so there is no in-mover mix to find")
    print(f"{args.scenario}: probes of one replication (seed {sc.run.seed}), {sc.run.burn_in_years} burn-in "
          f"years, then {args.years} years each")
    probes = steady_mix(sc, years=args.years, corrections=args.corrections, tolerance=args.tolerance / 100)
    best = min(range(len(probes)), key=lambda n: abs(probes[n].largest_change[1]))
    print(f"the mix of probe {best + 1}, for the scenario file:\n"
          f"population:\n  in_movers:\n    classes: {yaml_line(probes[best].mix)}")
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
    if getattr(args, "uncertainty", None):
        return cmd_compare_uncertainty(args, out, base, scenarios)
    report = args.command == "report" or args.report
    write_comparison(out, base, scenarios, workers=args.workers, report_lang=args.lang if report else None)
    print(f"wrote {out}/ (comparison.md, differences.csv, costs.csv, plots/{', report.html' if report else ''})")
    return 0


def cmd_report(args) -> int:
    from .report.build import write_report

    folder = Path(args.baseline)
    if not folder.is_dir():
        if not args.scenarios:
            raise ScenarioError(f"{folder}: name a baseline and at least one scenario file, or a comparison folder")
        return cmd_compare(args)
    if args.scenarios:
        raise ScenarioError(f"{folder}: a comparison folder is rebuilt on its own; leave out the scenario files")
    print(f"wrote {write_report(folder, lang=args.lang)}")
    return 0


def cmd_validate_model(args) -> int:
    from .validation import LEVELS, validate_model
    from .validation.report import summary

    level = LEVELS["full" if args.full else "reduced" if args.reduced else "standard"]
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise ScenarioError(f"{out}: output path exists and is not a folder")
    start = time.perf_counter()
    table = validate_model(out, level, Path(args.scenarios), workers=args.workers or os.cpu_count() or 1)
    passed = int((table["result"] == "pass").sum())
    print(f"wrote {out}/report.md in {time.perf_counter() - start:.0f} s: {passed} of {len(table)} targets pass "
          f"({summary(table)})")
    for r in table.itertuples():
        print(f"  {r.result:4}  {r.role:10}  {r.target}")
    return 0


def cmd_sweep(args) -> int:
    from .sweep.analyse import analyse
    from .sweep.execute import sweep

    out = Path(args.out) if args.out else Path("results") / "sweeps" / Path(args.experiment).stem
    try:
        counts = sweep(args.experiment, out, workers=args.workers, scheduler=args.scheduler, slurm=args.slurm,
                       allow_code_change=args.allow_code_change, wait_for_workers=args.wait_for_workers)
    except KeyboardInterrupt:
        print(f"wijksim: interrupted; the runs stored in {out}/runs are kept: rerun the same command to resume",
              file=sys.stderr)
        return 130
    print(f"{out}/runs: {counts['runs']} runs: {counts['skipped']} already stored, "
          f"{counts['ok'] + counts['failed']} ran ({counts['failed']} failed)")
    if not args.no_analysis:
        print(f"wrote {analyse(out, experiment=args.experiment)}/ (drivers.md, replications.md, tables, plots/)")
    return 0


def cmd_sweep_analyse(args) -> int:
    from .sweep.analyse import analyse

    folder = analyse(args.folder, plots=not args.no_plots, experiment=args.experiment, box=args.box)
    print(f"wrote {folder}/ (drivers.md, replications.md, tables, plots/)")
    return 0


def cmd_app(args) -> int:
    from .app.server import serve

    serve(args.scenario, host=args.host, port=args.port, open_browser=not args.no_open, klas=args.klas,
          max_speed=args.max_speed)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return {"run": cmd_run, "validate": cmd_validate, "compare": cmd_compare, "report": cmd_report,
                "validate-model": cmd_validate_model, "sweep": cmd_sweep,
                "sweep-analyse": cmd_sweep_analyse, "app": cmd_app, "calibrate": cmd_calibrate,
                "in-movers": cmd_in_movers}[args.command](args)
    except ScenarioError as exc:
        print("wijksim: error: " + " ".join(str(exc).splitlines()), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wijksim: interrupted; no results written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
