"""The sweep's output folder: one Parquet file per run, written atomically.

    DIR/experiment.json     the experiment, its resolved base scenario, identity, code version, columns
    DIR/runs/run-000042-000.parquet    one row per run: design point 42, replication 0 (docs/sweeps.md)
    DIR/series/run-000042-000.parquet  its yearly values of the experiment's `timeseries:` (long format)
    DIR/sessions.jsonl      one line per invocation of the sweep (resumes, extensions)
    DIR/.lock               held (flock) by the sweep running on the folder

A run's file is written under a hidden temporary name (`.run-000042-000.parquet.tmp`) and
renamed into place when complete; a rename is atomic, so a reader (or a resume) never sees
a half-written run. Readers skip hidden files: `pandas.read_parquet("DIR/runs")`,
`polars.read_parquet("DIR/runs/*.parquet")`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..config import ScenarioError
from .design import extends
from .spec import Experiment
from .version import version_changes

RUN_FILE = re.compile(r"^run-(\d+)-(\d+)\.parquet$")
SERIES_SCHEMA = pa.schema([("run_id", pa.int64()), ("point", pa.int64()), ("replication", pa.int64()),
                           ("indicator", pa.string()), ("area", pa.string()), ("year", pa.int64()),
                           ("value", pa.float64())])


def run_file(point: int, replication: int) -> str:
    """The file name of a run: run-PPPPPP-RRR.parquet (design point, replication)."""
    return f"run-{int(point):06d}-{int(replication):03d}.parquet"


def _arrow_type(values: pd.Series) -> pa.DataType:
    if pd.api.types.is_bool_dtype(values):
        return pa.bool_()
    if pd.api.types.is_integer_dtype(values):
        return pa.int64()
    if pd.api.types.is_numeric_dtype(values):
        return pa.float64()
    return pa.string()


def run_schema(plan: pd.DataFrame, factors: list[str], outcome_columns: list[str]) -> pa.Schema:
    """Columns of a run's row: identity and seed, status, factor values, outcomes, timing."""
    fields = [("run_id", pa.int64()), ("point", pa.int64()), ("replication", pa.int64()), ("seed", pa.int64()),
              ("status", pa.string()), ("error", pa.string()), ("session", pa.int64()), ("worker", pa.string()),
              ("seconds", pa.float64()), ("code_version", pa.string())]
    fields += [(f, _arrow_type(plan[f])) for f in factors]
    fields += [(c, pa.float64()) for c in outcome_columns]
    return pa.schema(fields)


class RunStore:
    """The output folder of one experiment."""

    def __init__(self, out: str | Path):
        self.out = Path(out)
        self.runs_dir = self.out / "runs"
        self.series_dir = self.out / "series"

    # -- the folder ------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold DIR/.lock (flock) while a sweep writes the folder; a second sweep is refused."""
        if self.out.exists() and not self.out.is_dir():
            raise ScenarioError(f"{self.out}: output path exists and is not a folder")
        self.out.mkdir(parents=True, exist_ok=True)
        with open(self.out / ".lock", "a+", encoding="utf-8") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                f.seek(0)
                holder = f.read().strip() or "another process"
                raise ScenarioError(f"{self.out}: another `wijksim sweep` is running on this folder ({holder}); "
                                    "wait for it to finish or stop it, or choose another --out") from None
            f.seek(0)
            f.truncate()
            f.write(f"pid {os.getpid()} on {socket.gethostname()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            f.flush()
            try:
                yield
            finally:
                f.truncate(0)
                fcntl.flock(f, fcntl.LOCK_UN)

    # -- the experiment ------------------------------------------------------------------
    def open(self, meta: dict[str, Any], allow_code_change: bool = False) -> dict[str, Any]:
        """Create the folder, or check that it holds this experiment (to resume it) or a
        smaller design of it (to extend it). Returns what changed: {"extended": "...",
        "code_changed": "..."} (empty for a new folder or a plain resume)."""
        if self.out.exists() and not self.out.is_dir():
            raise ScenarioError(f"{self.out}: output path exists and is not a folder")
        meta_file = self.out / "experiment.json"
        changed: dict[str, Any] = {}
        if meta_file.exists():
            stored = json.loads(meta_file.read_text(encoding="utf-8"))
            changed = self._check_resume(stored, meta, allow_code_change)
            meta["code_versions"] = stored.get("code_versions", [stored["code_version"]])
            if changed.get("code_changed"):
                meta["code_versions"].append(meta["code_version"])
            meta["extensions"] = stored.get("extensions", []) + ([changed["extended"]] if "extended" in changed else [])
        elif self.out.exists() and any(p.name != ".lock" for p in self.out.iterdir()):
            raise ScenarioError(f"{self.out}: folder is not empty and holds no sweep; choose another --out")
        else:
            meta["code_versions"], meta["extensions"] = [meta["code_version"]], []
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        self.series_dir.mkdir(exist_ok=True)
        self._write_atomic(meta_file, json.dumps(meta, indent=1, default=str).encode())
        for folder in (self.runs_dir, self.series_dir):
            for stale in folder.glob(".run-*.tmp"):  # left by a client killed while writing
                stale.unlink(missing_ok=True)
        return changed

    def _check_resume(self, stored: dict[str, Any], meta: dict[str, Any], allow_code_change: bool) -> dict[str, Any]:
        """Why this folder cannot take this experiment (ScenarioError), or what changes."""
        if "identity" not in stored:
            raise ScenarioError(f"{self.out}: holds a sweep made by an older wijksim that recorded no code version; "
                                "choose another --out")
        if stored["identity"] != meta["identity"]:
            raise ScenarioError(f"{self.out}: holds the results of another experiment (or of this one with other "
                                "factors, design method, seed, base scenario or outcomes); choose another --out")
        old, new = Experiment.model_validate(stored["experiment"]), Experiment.model_validate(meta["experiment"])
        why = extends(old, new)
        if why:
            raise ScenarioError(f"{self.out}: cannot extend the sweep stored here: {why}; choose another --out")
        changed: dict[str, Any] = {}
        if (new.points, new.replications) != (old.points, old.replications):
            changed["extended"] = (f"{old.points} design points x {old.replications} replications -> "
                                   f"{new.points} x {new.replications}")
        if stored["code_version"] != meta["code_version"]:
            diff = version_changes(stored["code_version"], meta["code_version"])
            if not allow_code_change:
                raise ScenarioError(f"{self.out}: its runs were made with other code ({diff}); resuming would mix "
                                    "model versions: choose another --out, or pass --allow-code-change to resume "
                                    "anyway (recorded in sessions.jsonl and each run's code_version)")
            changed["code_changed"] = diff
        return changed

    def meta(self) -> dict[str, Any]:
        meta_file = self.out / "experiment.json"
        if not meta_file.is_file():
            raise ScenarioError(f"{self.out}: no sweep here (no experiment.json)")
        return json.loads(meta_file.read_text(encoding="utf-8"))

    def start_session(self, info: dict[str, Any]) -> int:
        """Log one invocation; returns its number (1 for the first)."""
        log = self.out / "sessions.jsonl"
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        session = len(lines) + 1
        with log.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"session": session, "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **info}) + "\n")
        return session

    # -- runs ---------------------------------------------------------------------------------
    def stored_keys(self) -> set[tuple[int, int]]:
        """(point, replication) of the runs with a complete file."""
        if not self.runs_dir.is_dir():
            return set()
        return {(int(m.group(1)), int(m.group(2))) for name in os.listdir(self.runs_dir) if (m := RUN_FILE.match(name))}

    def write(self, row: dict[str, Any], schema: pa.Schema, series: pd.DataFrame | None = None) -> None:
        """Store one run's row (and its time series first) atomically: a run with a file is complete."""
        name = run_file(row["point"], row["replication"])
        if series is not None and len(series):
            self._write_table(self.series_dir / name, pa.Table.from_pandas(series, SERIES_SCHEMA, preserve_index=False))
        self._write_table(self.runs_dir / name,
                          pa.Table.from_pylist([{n: row.get(n) for n in schema.names}], schema=schema))

    def load(self) -> pd.DataFrame:
        """All stored runs, ordered by design point and replication; run_id numbered as in the
        current experiment (it changes when replications are added)."""
        if not self.stored_keys():
            raise ScenarioError(f"{self.out}: no runs stored yet")
        runs = pd.read_parquet(self.runs_dir).sort_values(["point", "replication"], ignore_index=True)
        runs["run_id"] = runs["point"] * self.meta()["experiment"]["replications"] + runs["replication"]
        return runs

    def load_series(self) -> pd.DataFrame:
        """The yearly values of every stored run (long format), or an empty frame."""
        if not self.series_dir.is_dir() or not any(RUN_FILE.match(n) for n in os.listdir(self.series_dir)):
            return SERIES_SCHEMA.empty_table().to_pandas()
        series = pd.read_parquet(self.series_dir)
        series["run_id"] = series["point"] * self.meta()["experiment"]["replications"] + series["replication"]
        return series

    @staticmethod
    def _write_table(final: Path, table: pa.Table) -> None:
        tmp = final.with_name(f".{final.name}.tmp")
        pq.write_table(table, tmp)
        os.replace(tmp, final)

    @staticmethod
    def _write_atomic(path: Path, data: bytes) -> None:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)


def load_runs(out: str | Path) -> pd.DataFrame:
    """The runs of a sweep folder as one pandas DataFrame (one row per run)."""
    return RunStore(out).load()
