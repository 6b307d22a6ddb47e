#!/usr/bin/env python3
"""Cross-checks Berth's optimal planner against HiGHS on the same integer programs.

Usage:
    swift build -c release --product berth-bench
    .build/release/berth-bench export /tmp/berth-models          # writes NAME.lp, NAME.json
    python3 benchmarks/cross-check-highs.py /tmp/berth-models [--time-limit 60] [--csv FILE]

For each stage-1 model NAME.lp (CPLEX LP format, maximise weighted jobs placed) that
`berth-bench export` wrote, this script solves it

  * with HiGHS (the `highspy` wheel from PyPI: `pip install highspy`), relative gap 0, one
    thread, and
  * with GLPK's own `glpsol --cuts` when it is on PATH (cold: no warm start),

and prints them beside what Berth's optimal planner achieved on the same instance
(NAME.json: weighted jobs placed, status, proven bound, seconds for the whole planner, which
also runs the bound model and stages 2 and 3).

The exit status is 1 when two solvers both claim a proven optimum of the same model and the
optima differ (one of them is wrong), or when a solver's feasible solution is better than
another's proven optimum; 0 otherwise. It is a manual check, not part of CI.
"""
import argparse
import csv
import json
import math
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time


def solve_highs(path, time_limit):
    try:
        import highspy
    except ImportError:
        sys.exit("cross-check-highs.py: highspy is missing; install it with: pip install highspy")
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(time_limit))
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("threads", 1)
    if highs.readModel(str(path)) != highspy.HighsStatus.kOk:
        return {"status": "unreadable", "objective": None, "bound": None, "seconds": 0.0}
    started = time.perf_counter()
    highs.run()
    seconds = time.perf_counter() - started
    status = highs.modelStatusToString(highs.getModelStatus())
    info = highs.getInfo()
    has_solution = info.primal_solution_status == 2
    objective = info.objective_function_value if has_solution else None
    bound = info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else None
    return {"status": status, "objective": objective, "bound": bound, "seconds": seconds}


def solve_glpsol(path, time_limit):
    glpsol = shutil.which("glpsol")
    if glpsol is None:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        report = pathlib.Path(scratch) / "report.txt"
        started = time.perf_counter()
        subprocess.run(
            [glpsol, "--lp", str(path), "--cuts", "--tmlim", str(int(math.ceil(time_limit))),
             "-o", str(report)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        seconds = time.perf_counter() - started
        text = report.read_text() if report.exists() else ""
    status = re.search(r"^Status:\s+(.+)$", text, re.MULTILINE)
    objective = re.search(r"^Objective:\s+\S+\s+=\s+([-+0-9.eE]+)", text, re.MULTILINE)
    status_text = status.group(1).strip() if status else "no report"
    found = objective is not None and "UNDEFINED" not in status_text
    return {
        "status": status_text,
        "objective": float(objective.group(1)) if found else None,
        "bound": None,
        "seconds": seconds,
    }


def proven(result, highs_like):
    if result is None or result["objective"] is None:
        return False
    if highs_like:
        return result["status"] == "Optimal"
    return result["status"] == "INTEGER OPTIMAL"


def fmt(value, digits=0):
    if value is None:
        return "-"
    if abs(value) < 0.5 * 10 ** -digits:
        value = 0.0
    return f"{value:,.{digits}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=pathlib.Path)
    parser.add_argument("--time-limit", type=float, default=60.0,
                        help="seconds per solver per model (default 60)")
    parser.add_argument("--csv", type=pathlib.Path, help="also write the rows as CSV")
    args = parser.parse_args()

    models = sorted(args.directory.glob("*.lp"))
    if not models:
        sys.exit(f"cross-check-highs.py: no .lp files in {args.directory}; "
                 "run berth-bench export DIR first")

    rows = []
    problems = []
    for model in models:
        berth_file = model.with_suffix(".json")
        berth = json.loads(berth_file.read_text()) if berth_file.exists() else {}
        highs = solve_highs(model, args.time_limit)
        glpk = solve_glpsol(model, args.time_limit)
        name = model.stem
        berth_placed = berth.get("weightedJobsPlaced")

        optima = []
        if proven(highs, True):
            optima.append(("HiGHS", highs["objective"]))
        if proven(glpk, False):
            optima.append(("glpsol", glpk["objective"]))
        for (left, a), (right, b) in zip(optima, optima[1:]):
            if abs(a - b) > 0.5:
                problems.append(f"{name}: {left} proves {a:g} but {right} proves {b:g}")
        for label, value in optima:
            for other, found in (("HiGHS", highs["objective"]),
                                 ("glpsol", glpk["objective"] if glpk else None)):
                if found is not None and found > value + 0.5:
                    problems.append(f"{name}: {other} found {found:g}, above {label}'s optimum {value:g}")

        optimum = optima[0][1] if optima else None
        rows.append({
            "instance": name,
            "berth_weighted": berth_placed,
            "berth_status": berth.get("status"),
            "berth_bound": berth.get("bound"),
            "berth_seconds": berth.get("seconds"),
            "glpsol_objective": glpk["objective"] if glpk else None,
            "glpsol_status": glpk["status"] if glpk else "not installed",
            "glpsol_seconds": glpk["seconds"] if glpk else None,
            "highs_objective": highs["objective"],
            "highs_bound": highs["bound"],
            "highs_status": highs["status"],
            "highs_seconds": highs["seconds"],
            "berth_below_optimum": (optimum - berth_placed)
            if optimum is not None and berth_placed is not None else None,
        })

    header = ("instance", "Berth (status, s)", "glpsol --cuts (status, s)",
              "HiGHS (status, bound, s)", "Berth short of optimum")
    print(" | ".join(header))
    for row in rows:
        print(" | ".join([
            row["instance"],
            f"{fmt(row['berth_weighted'])} ({row['berth_status']}, {fmt(row['berth_seconds'], 2)})",
            f"{fmt(row['glpsol_objective'])} ({row['glpsol_status']}, {fmt(row['glpsol_seconds'], 2)})",
            f"{fmt(row['highs_objective'])} ({row['highs_status']}, {fmt(row['highs_bound'])}, "
            f"{fmt(row['highs_seconds'], 2)})",
            fmt(row["berth_below_optimum"]),
        ]))
    if args.csv:
        with args.csv.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0].keys()))
            writer.writeheader()
            writer.writerows(rows)
    for problem in problems:
        print(f"MISMATCH: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
