#!/usr/bin/env python3
"""Writes docs/PERFORMANCE.md from what `make bench` measured.

Every benchmark prints JSON lines, one per figure:
    {"figure": str, "value": number, "unit": str,
     "baseline": number|null, "baseline_label": str (optional),
     "target": str|number|null, "met": bool|null, "how": str,
     "detail": str (optional), "why": str (optional: why a target was missed,
     and what would fix it)}
A numeric target is an upper bound in the figure's unit. The ratio is value
over baseline. scripts/bench-run.sh leaves, in its output folder, NAME.jsonl
per benchmark (NAME.error when it failed, NAME.seconds for its time) and
meta.json; this script renders them into the part of docs/PERFORMANCE.md
between the `bench:begin` and `bench:end` markers and leaves the rest of the
file (the closing notes) as it is.

Usage: scripts/bench-report.py OUTPUT_DIR [PERFORMANCE_MD]
"""
import datetime
import json
import os
import pathlib
import platform
import re
import subprocess
import sys
import time

BEGIN = "<!-- bench:begin (written by make bench: edit scripts/bench-report.py, not this part) -->"
END = "<!-- bench:end -->"

# (file name, section title), in the order of the document.
SECTIONS = [
    ("sign-in", "SignIn against its floor"),
    ("load", "Load on one machine"),
    ("cold-start", "Cold start"),
    ("lambda-size", "Lambda binaries"),
    ("memory", "Memory under concurrent sign-ins"),
    ("app-size", "The app's weight"),
    ("app-load", "The app's first load"),
]


def number(value, unit):
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if unit == "B":
        if abs(value) >= 1_000_000:
            return f"{value / 1_000_000:.2f} MB"
        return f"{value / 1024:.1f} KiB"
    if unit == "req/s":
        return f"{value:,.0f} req/s"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    if unit in ("count", ""):
        return f"{value:,.0f}"
    return f"{value:g} {unit}"


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def rows(figures):
    out = [
        "| Figure | Value | Floor / baseline | Ratio | Target | Met | How measured |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        unit = f.get("unit", "")
        baseline = f.get("baseline")
        base = number(baseline, unit) if baseline is not None else "—"
        if baseline is not None and f.get("baseline_label"):
            base += f" ({f['baseline_label']})"
        ratio = "—"
        if isinstance(baseline, (int, float)) and baseline and isinstance(f.get("value"), (int, float)):
            ratio = f"{f['value'] / baseline:.3f}"
        target = f.get("target")
        target = number(target, unit) if isinstance(target, (int, float)) else (target or "—")
        met = {True: "yes", False: "**no**", None: "—"}[f.get("met")]
        how = f.get("how", "")
        if f.get("detail"):
            how += f" ({f['detail']})"
        out.append(
            "| " + " | ".join(cell(c) for c in (
                f.get("figure", "?"), number(f.get("value"), unit), base, ratio, target, met, how
            )) + " |"
        )
    return out


def machine(meta):
    def first(path, key):
        try:
            for line in open(path):
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown"

    try:
        rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        rustc = "unknown"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True).stdout.strip()
        commit += " with uncommitted changes" if dirty else ""
    except OSError:
        commit = "unknown"
    memory = first("/proc/meminfo", "MemTotal")
    if memory != "unknown":
        memory = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GiB"
    load_start = meta.get("load_start")
    load_end = os.getloadavg()
    return [
        f"- **Cores**: {os.cpu_count()} · **CPU**: {first('/proc/cpuinfo', 'model name')} · "
        f"**memory**: {memory}",
        f"- **Kernel**: {platform.system()} {platform.release()} ({platform.machine()}) · **rustc**: {rustc}",
        f"- **Commit**: {commit} · **measured**: "
        f"{datetime.datetime.fromtimestamp(meta.get('started', time.time()), datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        "- **Load average** (1 min) at the start and the end: "
        + (f"{load_start[0]:.2f}" if load_start else "?") + f" and {load_end[0]:.2f} "
        "(other work on the machine shows here; the ratios compare figures measured side by side)",
    ]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = pathlib.Path(sys.argv[1])
    target = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "docs/PERFORMANCE.md")
    meta = {}
    if (folder / "meta.json").exists():
        meta = json.loads((folder / "meta.json").read_text())
    wall = time.time() - meta.get("started", time.time())

    lines = [BEGIN, ""]
    lines.append(
        f"Measured by `make bench` in {wall / 60:.1f} minutes on the machine below; each floor or "
        "baseline marked \"this run\" was measured in the same run. Regenerate with `make bench`."
    )
    lines += [""] + machine(meta)
    times = []
    for name, _ in [("build", "")] + SECTIONS:
        seconds = folder / f"{name}.seconds"
        if seconds.exists():
            times.append(f"{name} {float(seconds.read_text()):.0f} s")
    if times:
        lines.append("- **Time per step**: " + ", ".join(times))

    misses = []
    for name, title in SECTIONS:
        lines += ["", f"### {title}", ""]
        results = folder / f"{name}.jsonl"
        error = folder / f"{name}.error"
        figures = []
        if results.exists():
            for raw in results.read_text().splitlines():
                raw = raw.strip()
                if raw.startswith("{"):
                    figures.append(json.loads(raw))
        if error.exists():
            lines.append(f"**Not measured in full**: {error.read_text().strip()}")
            lines.append("")
        if not figures:
            if not error.exists():
                lines.append("Not measured: the benchmark printed no figures.")
            continue
        lines += rows(figures)
        for f in figures:
            if f.get("met") is False:
                misses.append((f.get("figure", "?"), f.get("why") or
                               "no explanation was recorded by the benchmark that measured it"))

    lines += ["", "### Targets missed", ""]
    if misses:
        for figure, why in misses:
            lines.append(f"- **{figure}**: {why.rstrip('. ')}.")
    else:
        lines.append("None: every figure with a target met it.")
    lines += ["", END]
    block = "\n".join(lines)

    if target.exists():
        text = target.read_text()
        if BEGIN.split(" (")[0] in text and END in text:
            start = text.index(BEGIN.split(" (")[0])
            end = text.index(END) + len(END)
            text = text[:start] + block + text[end:]
        else:
            heading = re.match(r"# [^\n]*\n", text)
            at = heading.end() if heading else 0
            text = text[:at] + "\n" + block + "\n" + text[at:]
    else:
        text = (
            "# Performance\n\n"
            "What Twofold costs, measured against its floors (issue 11). The part between the markers is "
            "written by `make bench`; notes on what changed and why go below it.\n\n"
            + block + "\n"
        )
    target.write_text(text)
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
