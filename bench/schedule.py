"""Time the critical path schedule and the Monte Carlo simulation.

For plans of 10, 100, 1 000 and 10 000 tasks (random finish-to-start networks, each
task with one to three predecessors among the 50 before it, three-point estimates),
prints the time of the deterministic schedule, of the vectorised simulation with
10 000 samples, and of a plain per-sample Python implementation of the same forward
pass, run in the same process on the same sampled durations. For the larger plans the
Python version runs on fewer samples and its time is scaled linearly to 10 000 (said in
the output). The last column is the cost per task × sample, which stays flat when the
cost grows linearly.

    .venv/bin/python bench/schedule.py [--sizes 10,100,1000,10000] [--samples 10000]
"""

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from videreforing.rules.schedule import (  # noqa: E402
    Activity,
    compute_schedule,
    pert_samples,
    simulate_finish,
    simulate_finish_python,
    topological_order,
)

TODAY = date(2027, 1, 1)


def make_plan(n: int, seed: int = 1) -> list[Activity]:
    rnd = random.Random(seed)
    plan = []
    for i in range(n):
        preds = rnd.sample(range(max(0, i - 50), i), k=min(i, rnd.randint(1, 3))) if i else []
        low = rnd.randint(1, 20)
        mode = low + rnd.randint(0, 20)
        high = mode + rnd.randint(0, 40)
        plan.append(Activity(i, f"T{i}", low, mode, high,
                             tuple((p, rnd.choice((0, 0, 2))) for p in preds)))
    return plan


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--samples", type=int, default=10_000)
    args = parser.parse_args()
    samples = args.samples
    print(f"samples per simulation: {samples}; numpy {np.__version__}")
    header = (f"{'tasks':>6} {'schedule ms':>12} {'simulation ms':>14} {'python ms':>12} "
              f"{'py samples':>10} {'speed-up':>9} {'ns/(task*sample)':>17}")
    print(header)
    print("-" * len(header))
    for n in [int(x) for x in args.sizes.split(",")]:
        plan = make_plan(n)
        repeat = 5 if n <= 1000 else 2
        t_schedule = best_of(lambda plan=plan: compute_schedule(plan, TODAY), repeat)
        t_sim = best_of(lambda plan=plan: simulate_finish(plan, TODAY, samples=samples,
                                                           seed=42), repeat)
        py_samples = min(samples, max(20, 2_000_000 // n))
        rng = np.random.default_rng(42)
        by_id = {a.id: a for a in plan}
        durations = {node: pert_samples(rng, by_id[node], py_samples).tolist()
                     for node in topological_order(plan)}
        t_py = best_of(lambda plan=plan, durations=durations:
                       simulate_finish_python(plan, TODAY, durations), 1)
        t_py_scaled = t_py * samples / py_samples
        per = t_sim / (n * samples) * 1e9
        print(f"{n:>6} {t_schedule * 1e3:>12.2f} {t_sim * 1e3:>14.1f} {t_py_scaled * 1e3:>12.0f} "
              f"{py_samples:>10} {t_py_scaled / t_sim:>8.1f}x {per:>17.2f}")
    print("python ms is scaled linearly to the full sample count where py samples is smaller.")


if __name__ == "__main__":
    main()
