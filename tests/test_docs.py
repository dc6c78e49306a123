"""docs/model.md's parameter table is the one the code generates, and every parameter is documented."""

from __future__ import annotations

import numbers
from pathlib import Path

import pytest

from wijksim import paramdoc
from wijksim.config import RunSettings
from wijksim.params import ModelParams

FIX = "run `python -m wijksim.paramdoc --write` and commit docs/model.md"
ROWS = paramdoc.parameter_rows()
DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"


def test_docs_table_matches_the_code():
    documented = paramdoc.documented_table(DOC)
    generated = paramdoc.parameter_table()
    if documented != generated:
        old, new = set(documented.splitlines()), set(generated.splitlines())
        changed = sorted(line.split("|")[1].strip() for line in new - old)
        stale = sorted(line.split("|")[1].strip() for line in old - new)
        pytest.fail(f"docs/model.md's parameter table is out of date; {FIX}.\n"
                    f"  new or changed rows: {changed}\n  rows no longer generated: {stale}")


def test_every_section_field_has_a_row():
    names = {r.name for r in ROWS}
    for prefix, model in (("run", RunSettings), ("model", ModelParams)):
        for section, field in model.model_fields.items():
            if prefix == "run":
                assert f"run.{section}" in names
                continue
            for fname in field.annotation.model_fields:
                assert any(n == f"model.{section}.{fname}" or n.startswith(f"model.{section}.{fname}.")
                           for n in names), f"model.{section}.{fname} has no row in the parameter table"


def test_names_are_unique():
    names = [r.name for r in ROWS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_parameter_is_documented(row):
    assert row.description and row.description.strip(), f"{row.name}: no description; add one to the field"
    assert row.source and row.source.strip(), (
        f"{row.name}: no source; give json_schema_extra['source'] (a CALIBRATION.md figure, a study, or 'assumed')")
    assert row.range is not None and row.range != "", (
        f"{row.name}: no plausible range; give json_schema_extra['range'] = [lo, hi]")


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_numeric_default_lies_in_its_range(row):
    r, v = row.range, row.default
    if (isinstance(r, (list, tuple)) and len(r) == 2 and all(isinstance(x, numbers.Real) for x in r)
            and isinstance(v, numbers.Real)):
        assert r[0] <= r[1], f"{row.name}: range {r} is reversed"
        assert r[0] <= v <= r[1], f"{row.name}: default {v} lies outside its plausible range {r}"


def test_fallback_entries_are_needed():
    """paramdoc.FALLBACK only covers fields that do not declare their own metadata."""
    fields = {}
    for section, field in RunSettings.model_fields.items():
        fields[f"run.{section}"] = field
    for section, sfield in ModelParams.model_fields.items():
        for fname, field in sfield.annotation.model_fields.items():
            fields[f"model.{section}.{fname}"] = field
    for name in paramdoc.FALLBACK:
        assert name in fields, f"paramdoc.FALLBACK names {name}, which is no parameter; remove it"
        extra = fields[name].json_schema_extra or {}
        assert not {"range", "source"} & set(extra), (
            f"{name} now declares its own range/source; remove it from paramdoc.FALLBACK")


def test_update_docs_replaces_only_between_markers(tmp_path):
    doc = tmp_path / "model.md"
    doc.write_text(f"# title\n\nbefore\n{paramdoc.START}\nold table\n{paramdoc.END}\n\nafter\n", encoding="utf-8")
    assert paramdoc.update_docs(doc) is True
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# title\n\nbefore\n")
    assert text.endswith(f"{paramdoc.END}\n\nafter\n")
    assert "old table" not in text
    assert paramdoc.documented_table(doc) == paramdoc.parameter_table()
    assert paramdoc.update_docs(doc) is False  # idempotent


def test_update_docs_needs_markers(tmp_path):
    doc = tmp_path / "model.md"
    doc.write_text("no markers here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="markers"):
        paramdoc.update_docs(doc)


def test_check_mode_reports_a_stale_table(tmp_path, capsys):
    doc = tmp_path / "model.md"
    doc.write_text(f"{paramdoc.START}\n| stale |\n{paramdoc.END}\n", encoding="utf-8")
    assert paramdoc.main(["--check", str(doc)]) == 1
    assert "--write" in capsys.readouterr().err
    assert paramdoc.main(["--write", str(doc)]) == 0
    assert paramdoc.main(["--check", str(doc)]) == 0


def test_table_has_one_row_per_class_profile_field():
    profile_rows = [r for r in ROWS if r.name.startswith("model.classes.profiles.")]
    assert len(profile_rows) == 7 * 8
    assert all(r.source for r in profile_rows)
    row = next(r for r in ROWS if r.name == "model.coping.solve_max")
    assert row.cells()[:5] == ["`model.coping.solve_max`", "0.22", "[0.1, 0.4]", "per month", "assumed"]


def test_intervention_tables_in_docs_are_current():
    from wijksim.paramdoc import IV_DOCS_PATH, IV_END, IV_START, intervention_tables

    text = IV_DOCS_PATH.read_text(encoding="utf-8")
    documented = text[text.index(IV_START) + len(IV_START):text.index(IV_END)].strip()
    assert documented == intervention_tables(), "run `python -m wijksim.paramdoc --write`"
