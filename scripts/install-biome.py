#!/usr/bin/env python3
"""Install the pinned Biome CLI, the JavaScript linter and formatter, without Node.js.

Biome ships one static binary per platform as an npm package (@biomejs/cli-linux-x64, …). Its
tarball comes from the npm registry, is checked against the sha512 integrity pinned in
requirements/biome.lock (the registry's own `dist.integrity`), and the binary lands at DEST.

    python3 scripts/install-biome.py .venv/bin/biome
    python3 scripts/install-biome.py --pin 2.6.9    # pin another version: asks the registry

NPM_CONFIG_REGISTRY points at another registry (a mirror), as it does for npm.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import platform
import sys
import tarfile
import urllib.request
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements" / "biome.lock"
# Machine names as `uname -m` prints them, and Biome's package for each (Linux, glibc).
PACKAGES = {"x86_64": "cli-linux-x64", "aarch64": "cli-linux-arm64"}
MACHINE_ALIASES = {"amd64": "x86_64", "arm64": "aarch64"}


def registry() -> str:
    return os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org").rstrip("/")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=300) as response:  # noqa: S310 (https registry URL)
        return response.read()


def machine() -> str:
    name = platform.machine().lower()
    name = MACHINE_ALIASES.get(name, name)
    if platform.system() != "Linux" or name not in PACKAGES:
        sys.exit(f"No pinned Biome for {platform.system()} {name}: install Biome {pins()['version']} yourself.")
    return name


def pins() -> dict:
    return json.loads(LOCK.read_text())


def install(dest: Path) -> None:
    lock = pins()
    name = machine()
    package = PACKAGES[name]
    url = f"{registry()}/@biomejs/{package}/-/{package}-{lock['version']}.tgz"
    tarball = fetch(url)
    algorithm, _, expected = lock["integrity"][name].partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
    if actual != expected:
        sys.exit(f"{url}: {algorithm} is {actual}, {LOCK.name} pins {expected}: not installed.")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        binary = archive.extractfile("package/biome").read()
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.write_bytes(binary)
    partial.chmod(0o755)
    partial.replace(dest)
    print(f"Biome {lock['version']} ({package}, {algorithm} checked) installed at {dest}")


def pin(version: str) -> None:
    integrity = {}
    for name, package in PACKAGES.items():
        metadata = json.loads(fetch(f"{registry()}/@biomejs/{package}/{version}"))
        integrity[name] = metadata["dist"]["integrity"]
    LOCK.write_text(json.dumps({"version": version, "integrity": integrity}, indent=2) + "\n")
    print(f"{LOCK}: Biome {version} pinned")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", nargs="?", type=Path, help="where the biome binary goes")
    parser.add_argument("--pin", metavar="VERSION", help="pin VERSION's integrity from the registry instead")
    args = parser.parse_args()
    if args.pin:
        pin(args.pin)
    elif args.dest:
        install(args.dest)
    else:
        parser.error("give DEST or --pin VERSION")


if __name__ == "__main__":
    main()
