"""Fuzzing the scenario loader: every file the YAML parser or the schema cannot take gives one
line naming the file, exit code 2, within seconds, never a traceback. Hypothesis generates text,
bytes and YAML-like structures; hand-made files cover the pathological cases (deep nesting, huge
or binary content, anchors and aliases that expand exponentially or refer to themselves, odd
encodings)."""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from wijksim.cli import main

SECONDS = 5.0  # what "within seconds" means here, per file, on a busy machine
ROOT = Path(__file__).resolve().parents[1]


def validate(path: Path) -> tuple[int, str, float]:
    """Run `wijksim validate` in this process: (exit code, stderr, seconds). A traceback fails the test."""
    err = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["validate", str(path)])
    return code, err.getvalue(), time.perf_counter() - start


def assert_one_line_error(path: Path):
    code, err, seconds = validate(path)
    assert code == 2, (code, err)
    # it names the file (or the file it extends, which holds the mistake)
    assert err.count("\n") == 1 and err.startswith(f"wijksim: error: {path.parent}/"), err[:500]
    assert seconds < SECONDS, f"{seconds:.1f} s"


def bomb(levels: int = 12, width: int = 10) -> str:
    """A 'billion laughs': each anchor is a list of `width` aliases of the previous one."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines)


PATHOLOGICAL = {
    "deep-flow.yaml": "name: x\nrun: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "deep-block.yaml": "".join(f"{' ' * i}k{i}:\n" for i in range(3_000)),
    "deep-mapping-flow.yaml": "model: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n",
    "huge.yaml": "name: x\ndescription: " + "y" * 30_000_000 + "\n",
    "huge-list.yaml": "interventions:\n" + "  - 1\n" * 2_000_000,
    "binary.yaml": bytes(range(256)) * 64,
    "nul.yaml": "name: x\x00\nrun: {}\n",
    "latin1.yaml": "name: caf\xe9\n".encode("latin-1"),
    "utf16.yaml": "name: x\nrun: {years: 5}\n".encode("utf-16"),
    "utf8-bom.yaml": "\ufeffname: x\nrun: {years: 5}\n".encode("utf-8"),
    "bomb-name.yaml": bomb() + "\nname: *a11\n",
    "bomb-model.yaml": bomb() + "\nmodel: {setbacks: {base_hazard: *a11}}\n",
    "bomb-interventions.yaml": bomb() + "\ninterventions: *a11\n",
    "bomb-extends.yaml": bomb() + "\nextends: *a11\n",
    "bomb-keys.yaml": bomb() + "\n? *a11\n: 1\n",
    "self-alias.yaml": "a: &a [1, *a]\nname: *a\n",
    "self-alias-map.yaml": "a: &a {b: *a}\nmodel: *a\n",
    "merge-keys.yaml": "base: &b {years: 5}\nrun:\n  <<: *b\n  <<: *b\n",
    "tags.yaml": "name: !!python/object:os.system ls\nrun: !!binary aGVsbG8=\n",
    "complex-key.yaml": "? [a, b]\n: 1\nname: x\n",
    "nan.yaml": "name: x\nrun: {years: .nan, seed: .inf}\n",
    "big-int.yaml": "name: x\nrun: {seed: " + "9" * 5000 + "}\n",
    "empty.yaml": "",
    "only-comment.yaml": "# nothing\n",
    "list-top.yaml": "- a\n- b\n",
    "scalar-top.yaml": "42\n",
    "tabs.yaml": "name: x\n\trun: 1\n",
    "dup-keys.yaml": "name: x\nname: y\n",
    "extends-self.yaml": "extends: extends-self.yaml\nname: x\n",
    "extends-binary.yaml": "extends: binary.yaml\nname: x\n",
    "extends-dir.yaml": "extends: .\nname: x\n",
    "priorities.yaml": "extends: BASE\npriorities: {wijken: {Noord: {geldzorgen: .nan}}}\n",
    "mkba.yaml": "extends: BASE\nmkba: {eviction_cost: {value: 5, range: [1], source: x}}\n",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_file_gives_one_line(tmp_path, name):
    for other, content in PATHOLOGICAL.items():  # extends-* name their neighbours
        if other in ("binary.yaml",) or other == name:
            data = content.replace("BASE", str(ROOT / "scenarios" / "baseline.yaml")) if isinstance(content, str) else content
            (tmp_path / other).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    assert_one_line_error(tmp_path / name)


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30)
KEYS = st.sampled_from(["name", "run", "city", "population", "model", "interventions", "priorities", "mkba",
                        "extends", "description"]) | st.text(max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(KEYS, VALUES, max_size=6))
def test_random_scenario_structures_give_one_line(tmp_path, tree):
    import json

    path = tmp_path / "random.yaml"
    path.write_text(json.dumps(tree), encoding="utf-8")  # JSON is YAML
    assert_one_line_error(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_random_bytes_give_one_line(tmp_path, data):
    path = tmp_path / "random.yaml"
    path.write_bytes(data)
    assert_one_line_error(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["name: x", "run:", "  years: 5", "  - a", "- b", "city: {", "}", "[", "]", "&a x",
                                 "*a", "? ", ": ", "  ", "\t", "'", '"', "#", "---", "...", "%YAML 1.2", "!!str",
                                 "<<: *a", "|", ">", "model:", "  setbacks:", "    max_hazard: 2"]), max_size=12))
def test_random_yaml_fragments_give_one_line(tmp_path, lines):
    path = tmp_path / "random.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert_one_line_error(path)


def test_a_valid_file_still_loads():
    code, err, _ = validate(ROOT / "scenarios" / "baseline.yaml")
    assert code == 0, err
