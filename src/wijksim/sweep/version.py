"""The code version a sweep's runs were made with: wijksim's version, a hash of its source,
the git commit when it runs from a checkout, and the versions of the packages that compute
the numbers. It is part of the sweep's fingerprint and stored with every run, so a resume
after a code change cannot silently mix model versions (docs/sweeps.md).
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
import sys
from importlib import metadata
from pathlib import Path

PACKAGES = ("numpy", "numba", "pandas", "scipy", "networkx", "mesa", "pydantic")


def _source_hash(root: Path) -> str:
    """sha256 (12 hex digits) of every .py file of the package, by relative path and content."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def _git_commit(root: Path) -> str | None:
    """The commit of the checkout holding the package ('+dirty' with uncommitted changes), or None."""
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                              text=True, timeout=10)
        if head.returncode:
            return None
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "."], capture_output=True,
                               text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("+dirty" if dirty else "")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@functools.cache
def code_version() -> dict[str, str]:
    """wijksim's version, source hash and git commit (or '-'), Python's and the key packages' versions."""
    import wijksim

    root = Path(wijksim.__file__).resolve().parent
    return {"wijksim": wijksim.__version__, "source": _source_hash(root), "git": _git_commit(root) or "-",
            "python": sys.version.split()[0], **{p: _version(p) for p in PACKAGES}}


def version_label(version: dict[str, str]) -> str:
    """One short line for a run's row: 'wijksim 0.1.0 src 1a2b3c4d5e6f git 7a862da+dirty'."""
    return f"wijksim {version['wijksim']} src {version['source']} git {version['git']}"


def version_changes(old: dict[str, str], new: dict[str, str]) -> str:
    """What differs between two code versions, e.g. 'source 1a2b.. -> 3c4d.., numpy 2.1 -> 2.2'."""
    keys = sorted(set(old) | set(new), key=lambda k: (k not in ("wijksim", "source", "git"), k))
    return ", ".join(f"{k} {old.get(k, '-')} -> {new.get(k, '-')}" for k in keys if old.get(k) != new.get(k))
