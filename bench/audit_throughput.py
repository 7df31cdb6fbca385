"""Measure the offline audit's throughput against a bare JSON parse of the same export.

The bare parse (stdlib `json.loads` on every line) is the floor any NDJSON reader pays; the ratio
of the audit's time to it says how much the contract validation, fact building, de-duplication
and rule evaluation cost on top. Both are measured in one run, in alternating repetitions, so a
machine that slows down or speeds up part-way is felt by both alike.

The audit runs as users run it, `qadagalau audit FILE --as-of DATE -q -o /dev/null [--jobs N]`,
in a fresh interpreter each time, through a two-line wrapper that times `main()` in the child.
The audit's memory is that of its whole process tree (it forks one process per job): sampled
every 50 ms from /proc, as the sum of the processes' resident sets (pages a forked child shares
with its parent counted in both: an upper bound) and as the sum of their proportional sets
(each shared page split between its sharers: what the tree really holds).

    .venv/bin/python bench/generate_export.py                      # once: bench/data/export.ndjson
    .venv/bin/python bench/audit_throughput.py --repeat 3 --json-out bench/data/throughput.json
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = PROJECT / "bench" / "data" / "export.ndjson"
ENGINE_DIRS = ("shared", "services")
MARK = "@@audit-throughput@@"

# Runs the real command line in the child and reports, on one marked stdout line, how long the
# imports and the audit took and the child's own peak RSS. Breaches go to /dev/null via -o.
WRAPPER = f"""
import json, resource, sys, time
t0 = time.perf_counter()
from services.cli import main
t1 = time.perf_counter()
rc = main(sys.argv[1:])
t2 = time.perf_counter()
ru = resource.getrusage(resource.RUSAGE_SELF)
parts = resource.getrusage(resource.RUSAGE_CHILDREN)  # the audit's parts, joined by now
print({MARK!r} + json.dumps({{"rc": rc, "import_s": t1 - t0, "audit_s": t2 - t1,
      "maxrss_kib": ru.ru_maxrss, "user_s": ru.ru_utime, "sys_s": ru.ru_stime,
      "parts_cpu_s": parts.ru_utime + parts.ru_stime}}))
"""


@dataclass
class BareParse:
    seconds: float
    events: int
    cpu_s: float = float("nan")


@dataclass
class AuditRun:
    wall_s: float  # the whole subprocess: interpreter start, imports, audit, exit
    audit_s: float  # main() alone, measured inside the child
    import_s: float
    user_s: float
    sys_s: float
    # CPU seconds of the whole tree: the command and its parts. Less moved by a busy host than
    # the wall time (time the host gives to others is not counted), so it tells what a change
    # saved when the wall times of two runs differ more than the change.
    cpu_s: float
    peak_rss_mib: float  # the sum over the process tree, sampled
    peak_pss_mib: float
    processes: int  # the most seen at once


def bare_parse(path: Path) -> BareParse:
    loads = json.loads
    events = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():  # the audit skips blank lines too
                loads(line)
                events += 1
    return BareParse(time.perf_counter() - started, events, time.process_time() - cpu_started)


class TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants until it exits.

    RSS is a counter the kernel keeps: read 20 times a second, it costs nothing measurable.
    PSS is summed over every page by the kernel for each reading (`smaps_rollup`: 3-7 ms for
    each of the audit's processes on the national file), so it is read once a second: read as
    often as RSS, it took about 0.28 s of CPU a second from the audit being timed, on a
    machine of two cores (docs/performance.md)."""

    def __init__(self, pid: int, every: float = 0.05, pss_every: int = 20) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.pss_every = pid, every, pss_every
        self.peak_rss_kib = self.peak_pss_kib = self.processes = 0
        self.done = threading.Event()

    def run(self) -> None:
        samples = 0
        while not self.done.is_set():
            tree = _descendants(self.pid)
            rss = sum(_status_kib(pid, "VmRSS") for pid in tree)
            self.peak_rss_kib = max(self.peak_rss_kib, rss)
            if samples % self.pss_every == 0:
                pss = sum(_rollup_kib(pid, "Pss") for pid in tree)
                self.peak_pss_kib = max(self.peak_pss_kib, pss)
            samples += 1
            self.processes = max(self.processes, len(tree))
            self.done.wait(self.every)


def _descendants(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                for child in children.read().split():
                    found += _descendants(int(child))
    except OSError:
        pass  # gone meanwhile
    return found


def _status_kib(pid: int, key: str) -> int:
    return _field_kib(f"/proc/{pid}/status", key)


def _rollup_kib(pid: int, key: str) -> int:
    return _field_kib(f"/proc/{pid}/smaps_rollup", key)


def _field_kib(path: str, key: str) -> int:
    try:
        with open(path) as lines:
            for line in lines:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_audit(python: str, path: Path, as_of: str, jobs: int | None) -> AuditRun:
    command = [python, "-c", WRAPPER, "audit", str(path), "--as-of", as_of, "-q",
               "-o", os.devnull, *(["--jobs", str(jobs)] if jobs else [])]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(child.pid)
    memory.start()
    stdout, stderr = child.communicate()
    wall = time.perf_counter() - started
    memory.done.set()
    memory.join()
    report = next(
        (line[len(MARK):] for line in stdout.splitlines() if line.startswith(MARK)), None
    )
    if child.returncode != 0 or report is None:
        tail = "\n".join(stderr.splitlines()[-20:])
        raise RuntimeError(f"the audit failed (exit status {child.returncode}):\n{tail}")
    inside: dict[str, Any] = json.loads(report)
    if inside["rc"] != 0:
        raise RuntimeError(f"qadagalau audit exited with {inside['rc']}:\n{stderr[-2000:]}")
    return AuditRun(
        wall_s=wall, audit_s=inside["audit_s"], import_s=inside["import_s"],
        user_s=inside["user_s"], sys_s=inside["sys_s"],
        cpu_s=inside["user_s"] + inside["sys_s"] + inside["parts_cpu_s"],
        peak_rss_mib=memory.peak_rss_kib / 1024, peak_pss_mib=memory.peak_pss_kib / 1024,
        processes=memory.processes,
    )


def _lines(path: Path) -> int:
    """Events in the file (non-blank lines), when the bare parse is not run to count them."""
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def warm_cache(path: Path) -> float:
    """Read the file once so that neither measurement pays for the first read from disk."""
    started = time.perf_counter()
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass
    return time.perf_counter() - started


def engine_version() -> dict[str, Any]:
    """Which code was measured: the commit, whether shared/ and services/ differ from it, and a
    digest of their sources, so that a change of the engine during the run can be noticed."""
    digest = hashlib.sha256()
    for directory in ENGINE_DIRS:
        for source in sorted((PROJECT / directory).rglob("*")):
            if source.suffix in (".py", ".toml") and source.is_file():
                digest.update(str(source.relative_to(PROJECT)).encode())
                digest.update(source.read_bytes())
    version: dict[str, Any] = {"commit": None, "dirty": None, "sources_sha256": digest.hexdigest()}
    try:
        version["commit"] = _git("rev-parse", "HEAD").strip()
        version["dirty"] = bool(_git("status", "--porcelain", "--", *ENGINE_DIRS).strip())
    except (OSError, subprocess.CalledProcessError):
        pass  # not a git checkout: the digest still identifies the sources
    return version


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(PROJECT), *args], capture_output=True, text=True, check=True
    ).stdout


def machine_info(python: str) -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": None,
        "memory_gib": None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_executable": python,
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gib"] = round(int(line.split()[1]) / 2**20, 1)
                break
    except OSError:
        pass  # not Linux: the rest still says enough
    for package in ("pydantic", "pydantic-core", "orjson", "numpy"):
        try:
            info[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            info[package] = None
    return info


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _repeat(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("at least one repetition")
    return value


def _fmt(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def markdown(summary: dict[str, Any]) -> str:
    m, info, engine = summary["medians"], summary["machine"], summary["engine"]
    code = f"commit {(engine['commit'] or 'unknown')[:10]}"
    if engine["dirty"]:
        code += f" + uncommitted changes (sources {engine['sources_sha256'][:10]})"
    if engine["changed_during_run"]:
        code += "; **changed during the run**"
    rows = [
        ("events (lines)", _fmt(summary["events"])),
        ("file size", f"{_fmt(summary['file_mib'])} MiB"),
        ("bare parse: `json.loads` per line", f"{m['bare_s']:.2f} s, "
         f"{_fmt(m['bare_events_per_s'])} events/s"),
        ("full audit: `qadagalau audit -q` (wall, incl. start-up)",
         f"{m['audit_wall_s']:.2f} s, {_fmt(m['audit_events_per_s'])} events/s"),
        ("full audit: `main()` alone (in the child)", f"{m['audit_inner_s']:.2f} s"),
        ("ratio audit / bare parse (wall)", f"{m['ratio']:.2f}× (median of the pairs' ratios "
         f"{m.get('ratio_of_pairs', float('nan')):.2f}×)"),
        ("CPU seconds, audit (all its processes) / bare parse",
         f"{m.get('cpu_ratio', float('nan')):.2f}×"),
        ("jobs", str(summary["jobs"] or "the audit's default (the cores available)")),
        ("audit peak memory, process tree: RSS sum / PSS sum (PSS read once a second)",
         f"{_fmt(m['peak_rss_mib'])} / {_fmt(m['peak_pss_mib'])} MiB"),
        ("engine", code),
        ("machine", f"{info['nproc']} CPUs ({info['cpu_model'] or 'unknown model'}), "
         f"{info['memory_gib']} GiB RAM; Python {info['python']}, pydantic {info['pydantic']}"),
    ]
    out = [
        f"### Audit throughput: `{summary['input']}`, as of {summary['as_of']}, "
        f"median of {summary['repeat']}",
        "",
        "| measure | value |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in rows),
        "",
        "| run | bare parse s | audit wall s | audit main() s | bare CPU s | audit CPU s "
        "(all processes) | peak RSS sum MiB | peak PSS sum MiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for i, (bare, audit) in enumerate(zip(summary["bare"], summary["audit"], strict=True), 1):
        out.append(
            f"| {i} | {bare['seconds']:.2f} | {audit['wall_s']:.2f} | {audit['audit_s']:.2f} | "
            f"{bare.get('cpu_s', float('nan')):.2f} | {audit.get('cpu_s', float('nan')):.2f} | "
            f"{_fmt(audit['peak_rss_mib'])} | {_fmt(audit['peak_pss_mib'])} |"
        )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Audit throughput against a bare JSON parse of the same NDJSON export.",
    )
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT, metavar="PATH",
                        help="NDJSON export (default bench/data/export.ndjson)")
    parser.add_argument("--as-of", type=_date, default="2025-12-01", metavar="DATE",
                        help="evaluation date for the audit (default 2025-12-01)")
    parser.add_argument("--repeat", type=_repeat, default=3, metavar="N",
                        help="repetitions of each measurement; medians are reported (default 3)")
    parser.add_argument("--json-out", type=Path, metavar="PATH",
                        help="also write every figure as JSON here")
    parser.add_argument("--jobs", type=_repeat, metavar="N",
                        help="the audit's --jobs (default: its own, the cores available)")
    parser.add_argument("--no-bare", action="store_true",
                        help="measure the audit only (a figure without its ratio)")
    parser.add_argument("--python", default=sys.executable, metavar="EXE",
                        help="interpreter with the project installed (default: this one)")
    args = parser.parse_args(argv)

    path: Path = args.input
    if not path.is_file():
        print(
            f"{path}: no such file. Generate an export first, e.g.\n"
            f"  {sys.executable} bench/generate_export.py --output {path}",
            file=sys.stderr,
        )
        return 2

    before = engine_version()
    print(f"warming the page cache: {path}", file=sys.stderr)
    warm_cache(path)
    bares: list[BareParse] = []
    audits: list[AuditRun] = []
    for i in range(1, args.repeat + 1):
        bares.append(BareParse(float("nan"), _lines(path)) if args.no_bare else bare_parse(path))
        audits.append(run_audit(args.python, path, args.as_of, args.jobs))
        print(
            f"run {i}/{args.repeat}: bare parse {bares[-1].seconds:.2f} s, audit "
            f"{audits[-1].wall_s:.2f} s, peak memory {audits[-1].peak_rss_mib:,.0f} MiB RSS, "
            f"{audits[-1].peak_pss_mib:,.0f} MiB PSS over {audits[-1].processes} processes",
            file=sys.stderr,
        )

    after = engine_version()
    changed = after["sources_sha256"] != before["sources_sha256"]
    if changed:
        print("warning: the engine's sources changed during the run; the audit repetitions may "
              "have measured different code", file=sys.stderr)
    events = bares[0].events
    bare_s = statistics.median(b.seconds for b in bares)
    audit_s = statistics.median(a.wall_s for a in audits)
    summary: dict[str, Any] = {
        "input": str(path),
        "as_of": args.as_of,
        "repeat": args.repeat,
        "jobs": args.jobs,
        "events": events,
        "file_mib": path.stat().st_size / 2**20,
        "medians": {
            "bare_s": bare_s,
            "bare_events_per_s": events / bare_s,
            "audit_wall_s": audit_s,
            "audit_inner_s": statistics.median(a.audit_s for a in audits),
            "audit_events_per_s": events / audit_s,
            "ratio": audit_s / bare_s,
            # Each audit against the bare parse run just before it: a host that slows down for
            # a minute slows a pair, not one side of the medians.
            "ratio_of_pairs": statistics.median(a.wall_s / b.seconds
                                                for a, b in zip(audits, bares, strict=True)),
            "cpu_ratio": statistics.median(a.cpu_s for a in audits)
            / statistics.median(b.cpu_s for b in bares),
            "peak_rss_mib": statistics.median(a.peak_rss_mib for a in audits),
            "peak_pss_mib": statistics.median(a.peak_pss_mib for a in audits),
        },
        "bare": [asdict(b) for b in bares],
        "audit": [asdict(a) for a in audits],
        "machine": machine_info(args.python),
        "engine": {**before, "changed_during_run": changed},
    }
    print(markdown(summary))
    if args.json_out is not None:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
