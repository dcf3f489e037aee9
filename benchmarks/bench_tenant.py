"""Tenant-scale benchmark: run on demand, never as a test.

    python benchmarks/bench_tenant.py                      # about 5 minutes on 2 cores
    python benchmarks/bench_tenant.py --quick              # a smoke run (seconds)
    python benchmarks/bench_tenant.py --report-users 100000 200000 --million
    python benchmarks/bench_tenant.py --skip evaluate growth --compare-with ../other/src
    python benchmarks/bench_tenant.py --skip evaluate caches growth sizes --report-users 200000 \
        --compare-with ../other/src --compare-workers 1   # CPU of one worker, this vs other

Every figure is reported against a baseline measured in the same run, on the same users, of
the example tenant (``examples/tenant/policy.json``, users from ``examples/generate_users.py``):

1. ``evaluate`` against a hand-written floor — a minimal loop that computes what a fast
   implementation must compute (usable MFA/SSPR sets, the counts, whether the user is
   interrupted, the ``view`` gate and the default), written here and nowhere else. The floor is
   checked against ``evaluate`` before it is timed (same usable sets, same interrupt flag).
   Section ``caches``: ``evaluate`` with its per-policy memos warm, cold (a new policy object
   every round: users not seen before) and with many group patterns, each against the floor.
2. The report's stages per line: decode, ``load_user`` (and the document reader alone, which
   ``load_user`` falls back to when its generated fast reader defers), ``evaluate``, ``to_dict``,
   encode — and the whole line (load + evaluate + serialise); reading a line as ``report``
   does without msgspec (decode + fast reader) and with it (``secinfo._msgread``), and the
   ratio of the two.
3. How the cost of ``evaluate`` and of the floor grows with registrations per user (0…6) and
   with the number of distinct group patterns.
4. ``secinfo report`` end to end, ``--workers 1`` against ``--workers 2``, for each
   ``--report-users`` size (and 1,000,000 with ``--million``): time, users/s and peak RSS (the
   sum over the command's processes, sampled every 20 ms).
5. With ``--compare-with``, another version of secinfo (its ``src/`` directory) on the same
   users: ``secinfo report --workers N`` of both, interleaved, and — unless ``--skip
   evaluate`` — ``evaluate`` per user and a whole line through the public API (``json.loads``,
   ``load_user``, ``evaluate``, ``to_dict``, ``json.dumps``) of both, each version in a process
   of its own. Against the version an issue was filed on, this turns the issue's figures into
   ratios measured today.

In-process timings are CPU time of this process (``time.process_time``), not wall time: on a
shared machine a neighbour's load stretches wall time but not the CPU a case uses. They are
medians of interleaved rounds: every round runs every case once (in a rotating
order), and each ratio is the median of the per-round ratios, so a busy neighbour slows the
case and its baseline alike.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from secinfo import (
    Method,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    evaluate,
    load_policy,
    load_user,
)
from secinfo import _fastread as fastread
from secinfo import _jsonl as jsonl
from secinfo import _msgread as msgread
from secinfo import _pipeline as pipeline
from secinfo._lines import EvaluationLines
from secinfo._report import EvaluateJob
from secinfo.documents import _read_user_plainly as read_plainly
from secinfo.registrations import MobilePhone, phone_number

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
NOW_TEXT = "2026-11-25T12:00:00Z"
POLICY_PATH = ROOT / "examples" / "tenant" / "policy.json"

_spec = importlib.util.spec_from_file_location(
    "generate_users", ROOT / "examples" / "generate_users.py"
)
assert _spec is not None
assert _spec.loader is not None
_generator = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_generator)


def documents(count: int, **options: Any) -> list[dict[str, Any]]:
    """Synthetic user documents of the example tenant."""
    return list(_generator.generate_users(count, **options))


# ---- the hand-written floor ----------------------------------------------------------------

RANK = {method: method.rank for method in Method}
ALL = "all"


def in_targets(groups: frozenset[str], include: frozenset[str], exclude: frozenset[str]) -> bool:
    """Targeting as a hand-written loop does it (the policy's lists are checked already)."""
    if ALL in exclude or not exclude.isdisjoint(groups):
        return False
    return ALL in include or not include.isdisjoint(groups)


class Floor:
    """A minimal hand-written evaluation for one policy: per membership pattern, the enabled
    methods and the targeting flags are computed once; per user, one pass over the
    registrations gives the usable sets and the counts; then interrupt, gate and default."""

    def __init__(self, policy: TenantPolicy) -> None:
        self.policy = policy
        self.patterns: dict[frozenset[str], tuple[Any, ...]] = {}

    def _pattern(self, groups: frozenset[str]) -> tuple[Any, ...]:
        p = self.policy
        mfa = frozenset(
            s.method for s in p.methods if s.mfa and in_targets(groups, s.include, s.exclude)
        )
        sspr = frozenset(
            s.method for s in p.methods if s.sspr and in_targets(groups, s.include, s.exclude)
        )
        entry = (
            mfa,
            sspr,
            in_targets(groups, p.mfa.enforced_for, p.mfa.exclude),
            in_targets(groups, p.sspr.enabled_for, p.sspr.exclude) and p.sspr.registration_required,
            p.system_preferred.enabled
            and in_targets(groups, p.system_preferred.include, p.system_preferred.exclude),
        )
        self.patterns[groups] = entry
        return entry

    def __call__(self, user: UserState) -> tuple[Any, ...]:
        entry = self.patterns.get(user.groups) or self._pattern(user.groups)
        mfa_on, sspr_on, mfa_enforced, sspr_required, system_preferred = entry
        mfa: set[Method] = set()
        sspr: set[Method] = set()
        mfa_keys: set[str] = set()
        sspr_kinds: set[Any] = set()
        phone_channel: Method | None = None
        for registration in user.registrations:
            tap = isinstance(registration, TemporaryAccessPass)
            if isinstance(registration, TemporaryAccessPass) and (
                registration.used or not registration.starts_at <= NOW < registration.expires_at
            ):
                continue
            for method in registration.methods:
                if method in mfa_on:
                    mfa.add(method)
                    if not tap:
                        number = phone_number(registration)
                        mfa_keys.add(registration.id if number is None else number)
                if method in sspr_on:
                    sspr.add(method)
                    sspr_kinds.add(registration.kind)
            if isinstance(registration, MobilePhone) and phone_channel is None:
                phone_channel = registration.verified_with
        interrupted = (mfa_enforced and len(mfa_keys) < self.policy.mfa.methods_required) or (
            sspr_required and len(sspr_kinds) < self.policy.sspr.methods_required
        )
        ranked = sorted(mfa, key=RANK.__getitem__)
        default: Method | None = None
        if ranked:
            candidates = [m for m in ranked if m is not Method.WINDOWS_HELLO]
            if system_preferred:
                default = candidates[0] if candidates else None
            elif user.preferred in mfa:
                default = user.preferred
            elif Method.PUSH in mfa:
                default = Method.PUSH
            elif Method.AUTHENTICATOR_CODE in mfa:
                default = Method.AUTHENTICATOR_CODE
            elif phone_channel in mfa:
                default = phone_channel
            else:
                others = [m for m in candidates if m is not Method.TEMPORARY_ACCESS_PASS]
                default = (others or candidates or [None])[0]
        if ranked:
            gate = ("step_up", [default, *(m for m in ranked if m is not default)])
        else:
            gate = ("allow" if self.policy.bootstrap.value == "password" else "deny", [])
        return (
            tuple(ranked),
            tuple(sorted(sspr, key=RANK.__getitem__)),
            interrupted,
            gate,
            default,
        )


def check_floor(policy: TenantPolicy, users: Sequence[UserState]) -> str:
    """The floor must agree with ``evaluate`` on what it computes (usable sets, interrupt)."""
    floor = Floor(policy)
    agree = 0
    for user in users:
        mine, real = floor(user), evaluate(policy, user, now=NOW)
        interrupted = real.prompt.mode.value == "interrupt"
        if (mine[0], mine[1], mine[2]) == (real.usable_mfa, real.usable_sspr, interrupted):
            agree += 1
    if agree != len(users):
        raise SystemExit(f"the floor disagrees with evaluate on {len(users) - agree} users")
    return f"floor agrees with evaluate on {agree} users (usable sets, interrupt)"


# ---- timing --------------------------------------------------------------------------------


def interleaved(
    cases: dict[str, Callable[[], object]], rounds: int, baseline: str
) -> dict[str, tuple[float, float]]:
    """Run every case once per round (rotating order); return the median CPU seconds of each
    case and the median of its per-round ratio to *baseline*."""
    names = list(cases)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(rounds):
        order = names[round_number % len(names) :] + names[: round_number % len(names)]
        for name in order:
            gc.collect()
            start = time.process_time()
            cases[name]()
            seconds[name].append(time.process_time() - start)
    result = {}
    for name in names:
        ratios = [a / b for a, b in zip(seconds[name], seconds[baseline], strict=True)]
        result[name] = (statistics.median(seconds[name]), statistics.median(ratios))
    return result


def table(title: str, rows: Iterable[Sequence[object]], header: Sequence[str]) -> None:
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


# ---- the sections --------------------------------------------------------------------------


def section_evaluate(policy: TenantPolicy, count: int, rounds: int) -> None:
    docs = documents(count, seed=1)
    lines = [json.dumps(d).encode() for d in docs]
    text = b"\n".join(lines) + b"\n"
    users = [load_user(d) for d in docs]
    print(check_floor(policy, users))
    job = EvaluateJob(policy, NOW)
    decoded = [jsonl.decode(line) for line in lines]
    results = [evaluate(policy, user, now=NOW) for user in users]
    dicts = [r.to_dict() for r in results]
    floor = Floor(policy)
    line_of = EvaluationLines()
    cases: dict[str, Callable[[], object]] = {
        "floor (hand-written)": lambda: [floor(u) for u in users],
        "evaluate": lambda: [evaluate(policy, u, now=NOW) for u in users],
        "decode (JSON line → dict)": lambda: [jsonl.decode(line) for line in lines],
        "load_user (dict → UserState)": lambda: [load_user(d) for d in decoded],
        "load_user, plain reader only": lambda: [read_plainly(d) for d in decoded],
        "read a line: decode + fast reader (without msgspec)": lambda: [
            fastread.read_user(jsonl.decode(x)) for x in lines
        ],
        "to_dict (Evaluation → dict)": lambda: [r.to_dict() for r in results],
        "encode (dict → JSON line)": lambda: [jsonl.encode(d) for d in dicts],
        "report's line encoder (Evaluation → JSON line)": lambda: [line_of(r) for r in results],
        "load + evaluate + serialise (job.line, results kept)": lambda: [
            job.line(x) for x in lines
        ],
        # What a report worker does: blocks of lines in, the lazier collector of the pipeline,
        # nothing kept but the output and the counts.
        "a report line (the pipeline over blocks, 1 process)": lambda: [
            r.lines for r in pipeline.run(job, pipeline.blocks(io.BytesIO(text)), workers=1)
        ],
    }
    typed = msgread.read_user
    if typed is not None:
        cases["read a line (msgspec)"] = lambda: [typed(x) for x in lines]
    measured = interleaved(cases, rounds, "floor (hand-written)")
    table(
        f"Per user, {count:,} users, median of {rounds} interleaved rounds "
        f"(codec: {'orjson' if jsonl.fast_codec() else 'json'})",
        (
            (
                name,
                f"{seconds * 1e6 / count:.1f}",
                f"{count / seconds:,.0f}",
                f"{ratio:.2f}×",
            )
            for name, (seconds, ratio) in measured.items()
        ),
        ("case", "µs/user", "users/s", "× floor"),
    )
    if typed is not None:
        today = "read a line: decode + fast reader (without msgspec)"
        reading = interleaved(
            {today: cases[today], "read a line (msgspec)": cases["read a line (msgspec)"]},
            rounds,
            today,
        )
        ratio = reading["read a line (msgspec)"][1]
        print(f"\nReading a line with msgspec takes {ratio:.2f}× the CPU of decode + fast reader.")


def section_caches(policy: TenantPolicy, count: int, rounds: int) -> None:
    """``evaluate`` with its per-policy memos warm and cold (docs/decisions.md, "Decisions kept
    per policy"), each against the floor on the same users: cold means a new policy object in
    every round (its memos start empty), so every user is one the memos have not seen."""
    users = [load_user(d) for d in documents(count, seed=1)]
    team_count = 1000
    teams = [load_user(d) for d in documents(count, seed=4, patterns=team_count)]
    targeted = _with_team_targets(policy, team_count)
    copies = {
        name: [load_policy(_dump(p)) for _ in range(rounds)]
        for name, p in (("tenant", policy), ("teams", targeted))
    }
    for user in users:  # warm the memos of the warm case
        evaluate(policy, user, now=NOW)
    floor = Floor(policy)

    def cold(name: str, members: list[UserState]) -> Callable[[], object]:
        def run() -> object:
            fresh = copies[name].pop()
            return [evaluate(fresh, u, now=NOW) for u in members]

        return run

    def cold_floor() -> object:
        run = Floor(targeted)
        return [run(u) for u in teams]

    cases: dict[str, Callable[[], object]] = {
        "floor (hand-written)": lambda: [floor(u) for u in users],
        "evaluate (memos warm)": lambda: [evaluate(policy, u, now=NOW) for u in users],
        "evaluate (users not seen before: memos cold)": cold("tenant", users),
        "floor (many group patterns, cold)": cold_floor,
        "evaluate (many group patterns, memos cold)": cold("teams", teams),
    }
    measured = interleaved(cases, rounds, "floor (hand-written)")
    distinct = len({targeted.pattern(u.groups) for u in teams})
    table(
        f"evaluate with warm and cold memos, {count:,} users, median of {rounds} interleaved "
        f"rounds (many group patterns: {team_count:,} team groups, {distinct:,} distinct "
        "patterns among the users)",
        (
            (name, f"{seconds * 1e6 / count:.1f}", f"{count / seconds:,.0f}", f"{ratio:.2f}×")
            for name, (seconds, ratio) in measured.items()
        ),
        ("case", "µs/user", "users/s", "× floor"),
    )
    many = measured["evaluate (many group patterns, memos cold)"][0]
    print(
        f"\nMany group patterns: evaluate (memos cold) is "
        f"{many / measured['floor (many group patterns, cold)'][0]:.2f}× the floor on the same "
        "users (its own cold pattern table)."
    )


def section_growth(policy: TenantPolicy, count: int, rounds: int) -> None:
    rows: list[tuple[object, ...]] = []
    for registrations in range(7):
        users = [load_user(d) for d in documents(count, seed=2, registrations=registrations)]
        floor = Floor(policy)
        measured = interleaved(
            {"floor": _loop(floor, users), "evaluate": _loop(_evaluator(policy), users)},
            rounds,
            "floor",
        )
        rows.append(
            (
                registrations,
                f"{measured['floor'][0] * 1e6 / count:.1f}",
                f"{measured['evaluate'][0] * 1e6 / count:.1f}",
                f"{measured['evaluate'][1]:.1f}×",
            )
        )
    table(
        f"Growth with registrations per user ({count:,} users each)",
        rows,
        ("registrations", "floor µs/user", "evaluate µs/user", "evaluate × floor"),
    )
    rows = []
    for patterns in (0, 10, 100, 1000, 5000):
        users = [load_user(d) for d in documents(count, seed=3, patterns=patterns)]
        targeted = _with_team_targets(policy, patterns)

        def fresh_floor(users: list[UserState] = users, p: TenantPolicy = targeted) -> object:
            run = Floor(p)
            return [run(u) for u in users]

        def fresh_evaluate(users: list[UserState] = users, p: TenantPolicy = targeted) -> object:
            copy = load_policy(_dump(p))  # a new policy object: per-policy caches start empty
            return [evaluate(copy, u, now=NOW) for u in users]

        measured = interleaved({"floor": fresh_floor, "evaluate": fresh_evaluate}, rounds, "floor")
        distinct = len({u.groups for u in users})
        rows.append(
            (
                patterns,
                distinct,
                f"{measured['floor'][0] * 1e6 / count:.1f}",
                f"{measured['evaluate'][0] * 1e6 / count:.1f}",
                f"{measured['evaluate'][1]:.1f}×",
            )
        )
    table(
        f"Growth with group patterns ({count:,} users, every team group targeted by a method, "
        "caches cold at the start of each round)",
        rows,
        ("team groups", "distinct patterns", "floor µs/user", "evaluate µs/user", "× floor"),
    )


def _loop(function: Callable[[UserState], object], users: list[UserState]) -> Callable[[], object]:
    return lambda: [function(user) for user in users]


def _evaluator(policy: TenantPolicy) -> Callable[[UserState], object]:
    return lambda user: evaluate(policy, user, now=NOW)


def _dump(policy: TenantPolicy) -> dict[str, Any]:
    from secinfo import dump_policy

    return dump_policy(policy)


def _with_team_targets(policy: TenantPolicy, patterns: int) -> TenantPolicy:
    """The tenant with software OATH also enabled for every team group (so patterns matter)."""
    document = _dump(policy)
    if patterns:
        teams = [f"g-team-{n}" for n in range(patterns)]
        setting = document["methods"]["software_oath"]
        setting["include"] = sorted({*setting["include"], *teams})
    return load_policy(document)


class PeakRss:
    """Sample the summed RSS and PSS of a process and its children every 20 ms.

    RSS counts a page every process shares (the workers are forked from the main process) once
    per process; PSS (proportional set size, from ``/proc/PID/smaps_rollup``) divides it among
    them, so the summed PSS is the memory the whole command really holds."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.peak_pss, self.done = pid, 0, 0, False
        self.main_cpu = 0.0  # CPU seconds of the main process alone, last seen
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _tree(self) -> list[int]:
        pids, queue = [], [self.pid]
        while queue:
            pid = queue.pop()
            pids.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as handle:
                        queue += [int(child) for child in handle.read().split()]
            except OSError:
                continue
        return pids

    def _run(self) -> None:
        while not self.done:
            total = proportional = 0
            for pid in self._tree():
                try:
                    with open(f"/proc/{pid}/status") as handle:
                        for line in handle:
                            if line.startswith("VmRSS:"):
                                total += int(line.split()[1])
                    with open(f"/proc/{pid}/smaps_rollup") as handle:
                        for line in handle:
                            if line.startswith("Pss:"):
                                proportional += int(line.split()[1])
                except OSError:
                    continue
            self.peak = max(self.peak, total)
            self.peak_pss = max(self.peak_pss, proportional)
            try:
                with open(f"/proc/{self.pid}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                self.main_cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, IndexError, ValueError):
                pass
            time.sleep(0.02)

    def stop(self) -> tuple[int, int, float]:
        self.done = True
        self.thread.join()
        return self.peak, self.peak_pss, self.main_cpu


def run_report(
    users: Path, workers: int, source: Path | None = None
) -> tuple[float, float, int, int, float]:
    """Wall seconds, CPU seconds (user + system, the command and its workers), peak summed RSS
    and PSS (KiB) and the main process's own CPU seconds of one ``secinfo report`` run — of the
    secinfo in *source* (a ``src`` directory) when given: another version to compare with, run
    with only the options every version has."""
    common = [
        "report", "--policy", str(POLICY_PATH), str(users), "--now", NOW_TEXT,
        "--out", os.devnull, "--workers", str(workers),
    ]  # fmt: skip
    if source is None:
        command = [sys.executable, "-m", "secinfo", *common, "--format", "json"]
        command += ["--summary", os.devnull]
        environment = None
    else:
        entry = "from secinfo.cli import main; raise SystemExit(main())"
        command = [sys.executable, "-c", entry, *common]
        environment = {**os.environ, "PYTHONPATH": str(source)}
    start = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stderr=subprocess.DEVNULL)
    sampler = PeakRss(process.pid)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"secinfo report failed: {command}")
    peak, peak_pss, main_cpu = sampler.stop()
    return seconds, usage.ru_utime + usage.ru_stime, peak, peak_pss, main_cpu


def section_report(sizes: Sequence[int], rounds: int, directory: Path) -> None:
    rows = []
    per_million: dict[int, float] = {}
    main_cpu_per_million: dict[int, float] = {}
    for size in sizes:
        users = directory / f"users-{size}.jsonl"
        if not users.exists():
            _generator.main([str(size), "--seed", "1", "--out", str(users)])
        times: dict[int, list[float]] = {1: [], 2: []}
        cpu: dict[int, list[float]] = {1: [], 2: []}
        peaks: dict[int, int] = {1: 0, 2: 0}
        peaks_pss: dict[int, int] = {1: 0, 2: 0}
        main_cpu: list[float] = []
        for round_number in range(rounds):
            for workers in (1, 2) if round_number % 2 == 0 else (2, 1):
                seconds, cpu_seconds, peak, peak_pss, own = run_report(users, workers)
                times[workers].append(seconds)
                cpu[workers].append(cpu_seconds)
                peaks[workers] = max(peaks[workers], peak)
                peaks_pss[workers] = max(peaks_pss[workers], peak_pss)
                if workers == 2:
                    main_cpu.append(own)
        ratios = [a / b for a, b in zip(times[1], times[2], strict=True)]
        main_cpu_per_million[size] = statistics.median(main_cpu) * 1_000_000 / size
        for workers in (1, 2):
            median = statistics.median(times[workers])
            cpu_median = statistics.median(cpu[workers])
            if workers == 2:
                per_million[size] = median * 1_000_000 / size
            rows.append(
                (
                    f"{size:,}",
                    workers,
                    f"{median:.1f}",
                    f"{size / median:,.0f}",
                    f"{median * 1_000_000 / size:.0f}",
                    f"{cpu_median * 1_000_000 / size:.0f}",
                    f"{cpu_median / median:.2f}",
                    f"{peaks[workers] / 1024:.0f}",
                    f"{peaks_pss[workers] / 1024:.0f}",
                    f"{statistics.median(ratios):.2f}×" if workers == 2 else "1 (baseline)",
                )
            )
    table(
        f"secinfo report end to end (median of {rounds} interleaved runs; 2-core machine, "
        f"load {os.getloadavg()[0]:.1f} at the end)",
        rows,
        (
            "users",
            "--workers",
            "seconds",
            "users/s",
            "s per million",
            "CPU s per million",
            "cores busy",
            "peak RSS MB (summed)",
            "peak PSS MB (summed)",
            "speed-up over --workers 1",
        ),
    )
    for size, seconds in main_cpu_per_million.items():
        print(
            f"\n{size:,} users, --workers 2: the main process (reading, writing, ordering) used "
            f"{seconds:.0f} CPU s per million users."
        )
    if len(per_million) > 1:
        smallest, largest = min(per_million), max(per_million)
        print(
            f"\nLinearity (--workers 2): {per_million[largest] / per_million[smallest]:.2f}× the "
            f"per-user time at {largest:,} users as at {smallest:,} (1.00 = linear)."
        )


def section_compare(
    size: int, rounds: int, source: Path, directory: Path, workers: int = 2
) -> None:
    """``secinfo report --workers N`` of this checkout against another version's."""
    users = directory / f"users-{size}.jsonl"
    if not users.exists():
        _generator.main([str(size), "--seed", "1", "--out", str(users)])
    times: dict[str, list[float]] = {"this": [], "other": []}
    cpu: dict[str, list[float]] = {"this": [], "other": []}
    for round_number in range(rounds):
        for name in ("this", "other") if round_number % 2 == 0 else ("other", "this"):
            other = None if name == "this" else source
            seconds, cpu_seconds, _, _, _ = run_report(users, workers, other)
            times[name].append(seconds)
            cpu[name].append(cpu_seconds)
    ratios = [a / b for a, b in zip(times["other"], times["this"], strict=True)]
    cpu_ratios = [a / b for a, b in zip(cpu["other"], cpu["this"], strict=True)]
    table(
        f"secinfo report --workers {workers} on {size:,} users: this checkout against {source} "
        f"(median of {rounds} interleaved runs)",
        (
            (
                name,
                f"{statistics.median(times[name]):.1f}",
                f"{statistics.median(cpu[name]):.1f}",
                f"{statistics.median(cpu[name]) / statistics.median(times[name]):.2f}",
            )
            for name in ("other", "this")
        ),
        ("version", "seconds", "CPU seconds", "cores busy"),
    )
    print(
        f"\nThis checkout is {statistics.median(ratios):.2f}× as fast and uses "
        f"{1 / statistics.median(cpu_ratios):.2f}× the CPU (medians of ratios)."
    )


_EVALUATE_TIMER = """
import gc, json, sys, time
from datetime import datetime
from secinfo import evaluate, load_policy, load_user
users_path, policy_path, now_text = sys.argv[1:4]
policy = load_policy(json.loads(open(policy_path, encoding="utf-8").read()))
now = datetime.fromisoformat(now_text.replace("Z", "+00:00"))
with open(users_path, encoding="utf-8") as handle:
    lines = handle.read().splitlines()
users = [load_user(json.loads(line)) for line in lines]
def evaluating():
    for user in users:
        evaluate(policy, user, now=now)
def whole_line():
    for line in lines:
        json.dumps(evaluate(policy, load_user(json.loads(line)), now=now).to_dict())
timings = []
for case in (evaluating, whole_line):
    case()  # two passes warm the per-policy memos (kept from a shape's second user on)
    case()
    passes = []
    for _ in range(3):
        gc.collect()
        start = time.process_time()
        case()
        passes.append(time.process_time() - start)
    timings.append(sorted(passes)[1])
print(*timings)
"""
_TIMED = (
    "evaluate",
    "load + evaluate + serialise (json.loads, load_user, evaluate, to_dict, json.dumps)",
)


def section_compare_evaluate(count: int, rounds: int, source: Path, directory: Path) -> None:
    """``evaluate`` per user, and a whole line through the public API, of this checkout against
    another version's, each in a process of its own (one per version and round, alternating
    which goes first): the same users, the same policy, two passes to warm the memos, then the
    median CPU time of three passes."""
    users = directory / f"evaluate-{count}.jsonl"
    users.write_text("".join(json.dumps(d) + "\n" for d in documents(count, seed=1)))
    seconds: dict[tuple[str, str], list[float]] = {
        (name, case): [] for name in ("this", "other") for case in _TIMED
    }
    for round_number in range(rounds):
        for name in ("this", "other") if round_number % 2 == 0 else ("other", "this"):
            path = ROOT / "src" if name == "this" else source
            output = subprocess.run(
                [sys.executable, "-c", _EVALUATE_TIMER, str(users), str(POLICY_PATH), NOW_TEXT],
                env={**os.environ, "PYTHONPATH": str(path)},
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for case, value in zip(_TIMED, output.split(), strict=True):
                seconds[name, case].append(float(value))
    rows = []
    for case in _TIMED:
        ratios = [a / b for a, b in zip(seconds["other", case], seconds["this", case], strict=True)]
        for name in ("other", "this"):
            median = statistics.median(seconds[name, case])
            rows.append(
                (
                    case,
                    name,
                    f"{median * 1e6 / count:.1f}",
                    f"{count / median:,.0f}",
                    f"{statistics.median(ratios):.2f}×" if name == "this" else "1 (baseline)",
                )
            )
    table(
        f"Per user, {count:,} users: this checkout against {source} "
        f"(median of {rounds} interleaved processes, CPU time, memos warm)",
        rows,
        ("case", "version", "µs/user", "users/s", "as fast as the other"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=5000, help="users for the in-process cases")
    parser.add_argument("--growth-users", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (in-process)")
    parser.add_argument("--report-users", type=int, nargs="*", default=[100_000])
    parser.add_argument("--report-rounds", type=int, default=3)
    parser.add_argument("--million", action="store_true", help="also report on 1,000,000 users")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument(
        "--compare-with", type=Path, help="the src/ directory of another secinfo to compare with"
    )
    parser.add_argument(
        "--compare-workers", type=int, default=2, help="--workers of the --compare-with runs"
    )
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=("evaluate", "caches", "growth", "report", "sizes")
    )
    args = parser.parse_args()
    if args.quick:
        args.users, args.growth_users, args.rounds = 300, 100, 3
        args.report_users, args.report_rounds = [2000], 1
    sizes = list(args.report_users) + ([1_000_000] if args.million else [])
    policy = load_policy(json.loads(POLICY_PATH.read_text()))
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    if "evaluate" not in args.skip:
        section_evaluate(policy, args.users, args.rounds)
    if "caches" not in args.skip:
        section_caches(policy, args.users, args.rounds)
    if "growth" not in args.skip:
        section_growth(policy, args.growth_users, args.rounds)
    if args.compare_with is not None and "evaluate" not in args.skip:
        with tempfile.TemporaryDirectory() as directory:
            section_compare_evaluate(args.users, args.rounds, args.compare_with, Path(directory))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\nPeak RSS of this process (in-process cases): {rss / 1024:.0f} MB")
    if "report" not in args.skip and sizes:
        with tempfile.TemporaryDirectory() as directory:
            if "sizes" not in args.skip:  # --skip sizes: only the --compare-with runs
                section_report(sizes, args.report_rounds, Path(directory))
            if args.compare_with is not None:
                section_compare(
                    sizes[0],
                    args.report_rounds,
                    args.compare_with,
                    Path(directory),
                    args.compare_workers,
                )
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
