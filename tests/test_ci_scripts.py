"""The CI scripts as each OS runs them, with the OS simulated by a fake ``uname`` first on PATH:
the README's test command per OS, system-deps doing nothing off Linux, and the workflows valid
against GitHub's schema (a broken one must be refused, or the check proves nothing)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="the CI scripts are bash")


def readme_test_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- test-command -->", 1)[1].split("<!-- /test-command -->", 1)[0]
    return "\n".join(line for line in block.strip().splitlines() if not line.startswith("```"))


def run_as(
    system: str, script: str, tmp_path: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run a .ci script with ``uname -s`` answering ``system``."""
    fake = tmp_path / "fake-bin"
    fake.mkdir(exist_ok=True)
    uname = fake / "uname"
    uname.write_text(f"#!/bin/sh\necho {system}\n", encoding="utf-8")
    uname.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    assert BASH is not None
    return subprocess.run(
        [BASH, str(ROOT / ".ci" / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(os.name != "posix", reason="a fake uname script needs a POSIX shell")
@pytest.mark.parametrize("system", ["Linux", "Darwin"])
def test_the_readme_command_runs_verbatim_on_linux_and_macos(system: str, tmp_path: Path) -> None:
    done = run_as(system, "test-command", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == readme_test_command()


@pytest.mark.skipif(os.name != "posix", reason="a fake uname script needs a POSIX shell")
def test_git_bash_on_windows_gets_scripts_and_python(tmp_path: Path) -> None:
    done = run_as("MINGW64_NT-10.0-20348", "test-command", tmp_path)
    assert done.returncode == 0, done.stderr
    windows = done.stdout.strip()
    assert ".venv/bin/" not in windows and "python3 " not in windows
    expected = readme_test_command().replace(".venv/bin/", ".venv/Scripts/")
    assert windows == expected.replace("python3 ", "python ")  # nothing else changes


@pytest.mark.skipif(os.name != "posix", reason="a fake uname script needs a POSIX shell")
@pytest.mark.parametrize("system", ["Darwin", "MINGW64_NT-10.0-20348"])
def test_system_deps_has_nothing_to_install_off_linux(system: str, tmp_path: Path) -> None:
    done = run_as(system, "system-deps", tmp_path, "--build")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def check_workflows(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_workflows_are_valid() -> None:
    assert [p.name for p in WORKFLOWS] == ["release.yml", "tests.yml"]
    done = check_workflows(*WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_broken_workflow_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "release.yml"
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("runs-on: ${{ matrix.os }}", "run-on: ${{ matrix.os }}", 1))
    done = check_workflows(broken)
    assert done.returncode != 0 and "run-on" in done.stdout + done.stderr
