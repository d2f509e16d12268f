#!/usr/bin/env python3
"""Times whole commands paired and alternating, the way this project's figures are measured: every
round runs each command once, the order rotating from round to round, so a drift of the machine's
speed falls on all commands alike. Reports wall time and CPU time (user + system of the command and
every process it waited for) as medians with their ranges.

    python3 benchmarks/paired_time.py [--runs N] [--warmup W] [--csv FILE] LABEL=COMMAND [LABEL=COMMAND ...]

Each COMMAND runs through /bin/sh with its output discarded; one that fails stops the measurement.
"""
import argparse
import csv
import resource
import statistics
import subprocess
import sys
import time


def run_once(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f'paired_time: "{command}" exited {done.returncode}: {done.stderr.decode(errors="replace").strip()}')
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--runs', type=int, default=10, help='measured rounds (default 10)')
    parser.add_argument('--warmup', type=int, default=1, help='unmeasured rounds first (default 1)')
    parser.add_argument('--csv', help='also write label,round,wall_ms,cpu_ms rows to this file')
    parser.add_argument('commands', nargs='+', metavar='LABEL=COMMAND')
    args = parser.parse_args()
    commands = []
    for item in args.commands:
        label, sep, command = item.partition('=')
        if not sep or not label or not command:
            parser.error(f'expected LABEL=COMMAND, got "{item}"')
        commands.append((label, command))

    for _ in range(args.warmup):
        for _, command in commands:
            run_once(command)
    results = {label: [] for label, _ in commands}
    for r in range(args.runs):
        shift = r % len(commands)
        for label, command in commands[shift:] + commands[:shift]:
            results[label].append(run_once(command))

    width = max(len(label) for label, _ in commands)
    print(f'{"":{width}}  wall ms: median (min-max)      cpu ms: median (min-max)   runs={args.runs}')
    for label, _ in commands:
        walls = [w for w, _ in results[label]]
        cpus = [c for _, c in results[label]]
        print(f'{label:{width}}  {statistics.median(walls):8.0f} ({min(walls):.0f}-{max(walls):.0f})'
              f'      {statistics.median(cpus):8.0f} ({min(cpus):.0f}-{max(cpus):.0f})')
    if args.csv:
        with open(args.csv, 'w', newline='') as f:
            out = csv.writer(f)
            out.writerow(['label', 'round', 'wall_ms', 'cpu_ms'])
            for label, _ in commands:
                for i, (wall, cpu) in enumerate(results[label], 1):
                    out.writerow([label, i, f'{wall:.1f}', f'{cpu:.1f}'])


if __name__ == '__main__':
    main()
