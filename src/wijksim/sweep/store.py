"""The sweep's output folder: one Parquet file per run, written atomically.

    DIR/experiment.json     the experiment, its resolved base scenario, fingerprint, columns
    DIR/runs/run-000042.parquet   one row per run (see docs/sweeps.md for the columns)
    DIR/sessions.jsonl      one line per invocation of the sweep (resumes)

A run's file is written under a hidden temporary name (`.run-000042.parquet.tmp`) and
renamed into place when complete; a rename is atomic, so a reader (or a resume) never sees
a half-written run. Readers skip hidden files: `pandas.read_parquet("DIR/runs")`,
`polars.read_parquet("DIR/runs/*.parquet")`.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..config import ScenarioError

RUN_FILE = re.compile(r"^run-(\d+)\.parquet$")


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
              ("seconds", pa.float64())]
    fields += [(f, _arrow_type(plan[f])) for f in factors]
    fields += [(c, pa.float64()) for c in outcome_columns]
    return pa.schema(fields)


class RunStore:
    """The output folder of one experiment."""

    def __init__(self, out: str | Path):
        self.out = Path(out)
        self.runs_dir = self.out / "runs"

    # -- the experiment ------------------------------------------------------------------
    def open(self, meta: dict[str, Any]) -> None:
        """Create the folder, or check that it holds this same experiment (to resume it)."""
        if self.out.exists() and not self.out.is_dir():
            raise ScenarioError(f"{self.out}: output path exists and is not a folder")
        meta_file = self.out / "experiment.json"
        if meta_file.exists():
            stored = json.loads(meta_file.read_text(encoding="utf-8"))
            if stored.get("fingerprint") != meta["fingerprint"]:
                raise ScenarioError(f"{self.out}: holds the results of another experiment (or of this one with other "
                                    "factors, design, seed, base scenario or outcomes); choose another --out")
        elif self.out.exists() and any(self.out.iterdir()):
            raise ScenarioError(f"{self.out}: folder is not empty and holds no sweep; choose another --out")
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        if not meta_file.exists():
            self._write_atomic(meta_file, json.dumps(meta, indent=1, default=str).encode())
        for stale in self.runs_dir.glob(".run-*.tmp"):  # left by a client killed while writing
            stale.unlink(missing_ok=True)

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
    def stored_ids(self) -> set[int]:
        """Run ids with a complete file."""
        if not self.runs_dir.is_dir():
            return set()
        return {int(m.group(1)) for name in os.listdir(self.runs_dir) if (m := RUN_FILE.match(name))}

    def write(self, row: dict[str, Any], schema: pa.Schema) -> None:
        """Store one run's row atomically."""
        table = pa.Table.from_pylist([{name: row.get(name) for name in schema.names}], schema=schema)
        final = self.runs_dir / f"run-{int(row['run_id']):06d}.parquet"
        tmp = self.runs_dir / f".{final.name}.tmp"
        pq.write_table(table, tmp)
        os.replace(tmp, final)

    def load(self) -> pd.DataFrame:
        """All stored runs, ordered by run_id."""
        if not self.stored_ids():
            raise ScenarioError(f"{self.out}: no runs stored yet")
        return pd.read_parquet(self.runs_dir).sort_values("run_id", ignore_index=True)

    @staticmethod
    def _write_atomic(path: Path, data: bytes) -> None:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)


def load_runs(out: str | Path) -> pd.DataFrame:
    """The runs of a sweep folder as one pandas DataFrame (one row per run)."""
    return RunStore(out).load()
