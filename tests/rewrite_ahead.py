"""The test modules' assertion rewriting, done once by the xdist controller.

Every worker collects the whole suite, and on a fresh checkout each would rewrite every test
module's asserts itself (3.7 s of a cold run here, all workers at once on the same files). The
controller writes pytest's cache of rewritten modules first; the workers then read it, as they
do on any later run. This reaches into pytest's rewrite module, so anything unexpected there
just leaves the work to the workers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


def rewrite_ahead(config: pytest.Config, folder: Path) -> int:
    """Rewrite and cache the test modules in ``folder`` whose cache is missing or stale."""
    if sys.dont_write_bytecode or config.getoption("assertmode") != "rewrite":
        return 0
    try:
        from _pytest.assertion import rewrite
    except ImportError:
        return 0
    written = 0
    try:
        state = config.stash[rewrite.assertstate_key]
        for source in sorted(folder.glob("test_*.py")):
            cache = rewrite.get_cache_dir(source)
            pyc = cache / (source.name[:-3] + rewrite.PYC_TAIL)
            if rewrite._read_pyc(source, pyc, state.trace) is not None:
                continue  # fresh already
            rewrite.try_makedirs(cache)
            source_hash, code = rewrite._rewrite_test(source, config)
            written += bool(rewrite._write_pyc(state, code, source_hash, pyc))
    except Exception:  # pytest's internals changed: the workers rewrite as they always did
        return written
    return written
