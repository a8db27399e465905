"""Put the built artifacts in a release folder, named by version, OS and CPU, with SHA256SUMS.

``python build/stage.py OUT`` after ``build/build.py`` and ``build/build.py --zip`` (macOS:
``--zip`` alone). Copies what exists, fails when nothing does; prints each file and its size.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import platform as platform_module
import shutil
import sys
from pathlib import Path
from types import ModuleType

BUILD_DIR = Path(__file__).resolve().parent
SUMS = "SHA256SUMS"
_OS_NAMES = {"win32": "windows", "darwin": "macos", "linux": "linux"}
_CPU_NAMES = {"amd64": "x86_64", "x64": "x86_64", "x86_64": "x86_64", "aarch64": "arm64"}


def load_builder() -> ModuleType:
    """build/build.py, loaded by path: a plain ``import build`` may find the folder instead."""
    spec = importlib.util.spec_from_file_location("b24_build_script", BUILD_DIR / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def platform_label(platform: str = sys.platform, machine: str | None = None) -> str:
    """``windows-x86_64``, ``macos-arm64``, ``linux-x86_64``: what a user picks a download by."""
    os_name = next((n for key, n in _OS_NAMES.items() if platform.startswith(key)), platform)
    cpu = (platform_module.machine() if machine is None else machine).lower()
    return f"{os_name}-{_CPU_NAMES.get(cpu, cpu)}"


def release_names(
    dist: Path, version: str, label: str, platform: str = sys.platform
) -> list[tuple[Path, str]]:
    """(file in dist, its name in the release) for every artifact a release may hold."""
    builder = load_builder()
    if platform == "darwin":  # the .app is the only artifact; users get it zipped
        app = builder.artifact_paths("app", True, dist, platform)[0]
        return [(dist / f"{app.name}.zip", f"{app.stem}-{version}-{label}.zip")]
    singles = [exe for exe, _ in builder.program_paths("app", False, dist, platform)]
    folder = builder.artifact_paths("app", True, dist, platform)[0]
    return [(exe, f"{exe.stem}-{version}-{label}{exe.suffix}") for exe in singles] + [
        (dist / f"{folder.name}.zip", f"{folder.name}-{version}-{label}.zip")
    ]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def stage(pairs: list[tuple[Path, str]], out: Path) -> list[Path]:
    """Copy the pairs whose source exists into ``out`` and write ``out/SHA256SUMS``."""
    out.mkdir(parents=True, exist_ok=True)
    staged = []
    for source, name in pairs:
        if source.is_file():
            staged.append(Path(shutil.copy2(source, out / name)))
    if not staged:
        raise SystemExit(f"nothing to stage: none of {[str(s) for s, _ in pairs]} exists")
    lines = [f"{sha256(path)}  {path.name}\n" for path in sorted(staged)]  # sha256sum -c reads it
    (out / SUMS).write_text("".join(lines), encoding="utf-8", newline="\n")
    return staged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the release folder to fill")
    parser.add_argument("--dist", type=Path, default=BUILD_DIR.parent / "dist")
    args = parser.parse_args(argv)
    builder = load_builder()
    version = builder.bundle_rules.project_version()
    for path in stage(release_names(args.dist, version, platform_label()), args.out):
        print(f"staged {path.name}: {path.stat().st_size / builder.MIB:.1f} MiB")
    print(f"wrote {args.out / SUMS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
