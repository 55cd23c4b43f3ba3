"""What every benchmark prints first: the machine and the commit its figures belong to."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def machine_and_commit() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    return f"Machine: {machine}; commit {commit.strip()}"


def databases(postgres: str | None) -> list[tuple[str, str | None]]:
    """SQLite (a fresh file per run when None), then PostgreSQL when a URL is given."""
    return [("SQLite (WAL)", None)] + ([("PostgreSQL", postgres)] if postgres else [])


def database_bench_options(description: str, repeat: int) -> argparse.ArgumentParser:
    """The options of a benchmark run on SQLite and, given a URL, PostgreSQL; the caller adds its own."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="a PostgreSQL URL to run on too (its database is emptied)")
    parser.add_argument("--repeat", type=int, default=repeat, help="times each figure is measured (the median is kept)")
    return parser
