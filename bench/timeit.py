#!/usr/bin/env python3
"""Times whole commands: runs each N times (after warm-up runs) and prints median and spread.

Usage: timeit.py RUNS LABEL -- CMD... [--- LABEL -- CMD...]
Each command's stdout goes to /dev/null; a command that fails is reported, not timed.
Prints one markdown table row per command: | label | median ms | min ms | max ms | runs |
"""
import statistics
import subprocess
import sys
import time


def measure(runs, argv, stdin_path=None):
    times = []
    for i in range(runs + 2):
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        start = time.perf_counter()
        result = subprocess.run(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = (time.perf_counter() - start) * 1000
        if stdin_path:
            stdin.close()
        if result.returncode != 0:
            return None, result.stderr.decode(errors="replace").strip().splitlines()[-1:]
        if i >= 2:  # two warm-up runs
            times.append(elapsed)
    return times, None


def main():
    runs = int(sys.argv[1])
    groups = " ".join(sys.argv[2:]).split(" --- ")
    for group in groups:
        label, _, command = group.partition(" -- ")
        stdin_path = None
        argv = command.split()
        if "<" in argv:
            i = argv.index("<")
            stdin_path = argv[i + 1]
            argv = argv[:i]
        times, error = measure(runs, argv, stdin_path)
        if times is None:
            print(f"| {label} | failed: {' '.join(error)} | | | |")
        else:
            print(
                f"| {label} | {statistics.median(times):.1f} | {min(times):.1f} | {max(times):.1f} | {len(times)} |"
            )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
