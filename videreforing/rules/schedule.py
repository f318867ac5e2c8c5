"""Critical path schedule and Monte Carlo risk for the continuation plan.

Pure Python and numpy: no Django import. Days are whole calendar days counted from
`today` (day 0). Dependencies are finish-to-start with a lag in days.

Deterministic schedule: each activity takes its most likely duration. Forward pass
gives the earliest start and finish, backward pass from the plan's finish the latest
start and finish; slack = latest start − earliest start; slack 0 marks the critical path.
Work already started keeps its actual start; finished work keeps its actual dates.
Work not yet started starts no earlier than today, nor before its `not_before` day (the
actual start of the phase it belongs to, when that phase has started).

Risk: durations are drawn from the PERT distribution (a beta distribution on
[optimistic, pessimistic] with mode `likely` and shape λ = 4, the classic PERT
weighting), with a seeded generator so that the same plan always gives the same
figures. The forward pass is vectorised over the samples: the only Python loop runs
over activities.

Stored values may lie far outside the bounds new input gets (a task started on
9999-12-31, durations of two billion days): offsets are plain integers and floats, and
turning them back into dates saturates at date.min / date.max instead of overflowing.
Estimates whose points are out of order are read in order (lowest, clipped mode,
highest) rather than refused.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

import numpy as np

from .dates import safe_add

K = TypeVar("K", bound=Hashable)
PERT_LAMBDA = 4.0
DEFAULT_SAMPLES = 10_000


@dataclass(frozen=True)
class Activity:
    id: Hashable
    name: str
    optimistic: float
    likely: float
    pessimistic: float
    predecessors: tuple[tuple[Hashable, int], ...] = ()
    actual_start: date | None = None
    actual_finish: date | None = None
    # Work not started yet starts no earlier than this (its phase's actual start).
    not_before: date | None = None

    @classmethod
    def fixed(cls, id: Hashable, name: str, days: float, **kwargs) -> Activity:
        return cls(id=id, name=name, optimistic=days, likely=days, pessimistic=days, **kwargs)

    @property
    def duration(self) -> int:
        return int(math.ceil(self.likely))

    @property
    def done(self) -> bool:
        return self.actual_finish is not None

    @property
    def started(self) -> bool:
        return self.actual_start is not None


class CycleError(ValueError):
    """The dependencies form a cycle; `cycle` lists the activities in it, in order."""

    def __init__(self, cycle: list[Hashable]):
        super().__init__("dependency cycle: " + " → ".join(map(str, cycle)))
        self.cycle = cycle


class UnknownPredecessor(ValueError):
    def __init__(self, activity: Hashable, predecessor: Hashable):
        super().__init__(f"{activity} depends on unknown {predecessor}")
        self.activity = activity
        self.predecessor = predecessor


def find_cycle(edges: Mapping[K, Iterable[K]]) -> list[K] | None:
    """A cycle in the graph `node -> predecessors`, or None. Iterative DFS."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = {node: WHITE for node in edges}
    for root in edges:
        if colour[root] != WHITE:
            continue
        stack = [(root, iter(edges[root]))]
        path = [root]
        colour[root] = GREY
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                colour[node] = BLACK
                continue
            if child not in colour:
                continue
            if colour[child] == GREY:
                start = path.index(child)
                # path runs from successor to predecessor; report it in work order
                return list(reversed(path[start:]))
            if colour[child] == WHITE:
                colour[child] = GREY
                path.append(child)
                stack.append((child, iter(edges[child])))
    return None


def topological_order(activities: Sequence[Activity]) -> list[Hashable]:
    """Activities ordered so that each comes after its predecessors (Kahn)."""
    ids = {a.id for a in activities}
    successors: dict[Hashable, list[Hashable]] = {a.id: [] for a in activities}
    indegree = {a.id: 0 for a in activities}
    for a in activities:
        for pred, _lag in a.predecessors:
            if pred not in ids:
                raise UnknownPredecessor(a.id, pred)
            successors[pred].append(a.id)
            indegree[a.id] += 1
    queue = [a.id for a in activities if indegree[a.id] == 0]
    order: list[Hashable] = []
    head = 0
    while head < len(queue):
        node = queue[head]
        head += 1
        order.append(node)
        for succ in successors[node]:
            indegree[succ] -= 1
            if indegree[succ] == 0:
                queue.append(succ)
    if len(order) != len(activities):
        done = set(order)
        remaining: dict[Hashable, list[Hashable]] = {
            a.id: [p for p, _ in a.predecessors] for a in activities if a.id not in done}
        raise CycleError(find_cycle(remaining) or sorted(remaining, key=str))
    return order


@dataclass
class ScheduledActivity:
    id: Hashable
    earliest_start: date
    earliest_finish: date
    latest_start: date
    latest_finish: date
    slack_days: int
    critical: bool
    done: bool


@dataclass
class Schedule:
    today: date
    finish: date
    activities: dict[Hashable, ScheduledActivity] = field(default_factory=dict)
    critical_path: list[Hashable] = field(default_factory=list)
    order: list[Hashable] = field(default_factory=list)


def _offset(day: date | None, today: date) -> int:
    assert day is not None
    return (day - today).days


def _earliest(a: Activity, today: date) -> int:
    """The first day (offset) work not yet started may start: today or later."""
    return max(_offset(a.not_before, today), 0) if a.not_before else 0


def compute_schedule(activities: Sequence[Activity], today: date) -> Schedule:
    order = topological_order(activities)
    by_id = {a.id: a for a in activities}
    es: dict[Hashable, int] = {}
    ef: dict[Hashable, int] = {}
    for node in order:
        a = by_id[node]
        if a.done:
            ef[node] = _offset(a.actual_finish, today)
            es[node] = _offset(a.actual_start, today) if a.started else ef[node] - a.duration
        elif a.started:
            es[node] = _offset(a.actual_start, today)
            ef[node] = max(es[node] + a.duration, 0)
        else:
            start = _earliest(a, today)
            for pred, lag in a.predecessors:
                start = max(start, ef[pred] + lag)
            es[node] = start
            ef[node] = start + a.duration
    finish = max(ef.values(), default=0)

    successors: dict[Hashable, list[tuple[Hashable, int]]] = {a.id: [] for a in activities}
    for a in activities:
        for pred, lag in a.predecessors:
            successors[pred].append((a.id, lag))
    ls: dict[Hashable, int] = {}
    lf: dict[Hashable, int] = {}
    for node in reversed(order):
        a = by_id[node]
        finish_by = finish
        for succ, lag in successors[node]:
            finish_by = min(finish_by, ls[succ] - lag)
        if a.done:
            lf[node], ls[node] = ef[node], es[node]
        else:
            lf[node] = max(finish_by, ef[node]) if a.started else finish_by
            ls[node] = lf[node] - (ef[node] - es[node])

    schedule = Schedule(today=today, finish=safe_add(today, finish), order=order)
    for node in order:
        a = by_id[node]
        slack = 0 if a.done else max(ls[node] - es[node], 0)
        critical = not a.done and slack == 0
        schedule.activities[node] = ScheduledActivity(
            id=node,
            earliest_start=safe_add(today, es[node]),
            earliest_finish=safe_add(today, ef[node]),
            latest_start=safe_add(today, ls[node]),
            latest_finish=safe_add(today, lf[node]),
            slack_days=slack,
            critical=critical,
            done=a.done,
        )
        if critical:
            schedule.critical_path.append(node)
    return schedule


# ---------------------------------------------------------------- Monte Carlo


def plan_seed(activities: Sequence[Activity], today: date) -> int:
    """A seed derived from the plan itself: the same plan gives the same figures."""
    digest = hashlib.sha256()
    digest.update(today.isoformat().encode())
    for a in sorted(activities, key=lambda a: str(a.id)):
        digest.update(repr((str(a.id), a.optimistic, a.likely, a.pessimistic,
                            tuple((str(p), lag) for p, lag in a.predecessors),
                            a.actual_start, a.actual_finish)).encode())
        if a.not_before:  # only when set, so that plans without it keep their seed
            digest.update(repr(("not_before", a.not_before)).encode())
    return int.from_bytes(digest.digest()[:8], "little")


def pert_samples(rng: np.random.Generator, a: Activity, n: int) -> np.ndarray:
    """Durations in days drawn from the PERT (beta) distribution of one activity.

    Points out of order (a stored most likely above the pessimistic, say) are read as
    the lowest and highest point with the mode clipped between them."""
    low, mode, high = a.optimistic, a.likely, a.pessimistic
    if not low <= mode <= high:
        low, high = min(low, mode, high), max(low, mode, high)
        mode = min(max(a.likely, low), high)
    if high <= low:
        return np.full(n, float(mode))
    alpha = 1 + PERT_LAMBDA * (mode - low) / (high - low)
    beta = 1 + PERT_LAMBDA * (high - mode) / (high - low)
    return low + rng.beta(alpha, beta, size=n) * (high - low)


@dataclass
class Risk:
    samples: int
    probability_on_time: float
    p50: date
    p80: date
    seed: int


def simulate_finish(
    activities: Sequence[Activity], today: date, *, samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> tuple[np.ndarray, int]:
    """Finish day offsets, one per sample. Memory stays proportional to the samples
    times the activities whose successors are not yet computed."""
    order = topological_order(activities)
    by_id = {a.id: a for a in activities}
    seed = plan_seed(activities, today) if seed is None else seed
    rng = np.random.default_rng(seed)
    remaining_successors = {a.id: 0 for a in activities}
    for a in activities:
        for pred, _lag in a.predecessors:
            remaining_successors[pred] += 1
    finish_of: dict[Hashable, np.ndarray] = {}
    finish = np.zeros(samples)
    for node in order:
        a = by_id[node]
        durations = pert_samples(rng, a, samples)
        if a.done:
            ef = np.full(samples, float(_offset(a.actual_finish, today)))
        elif a.started:
            ef = np.maximum(_offset(a.actual_start, today) + durations, 0.0)
        else:
            start = np.full(samples, float(_earliest(a, today)))
            for pred, lag in a.predecessors:
                np.maximum(start, finish_of[pred] + lag, out=start)
            ef = start + durations
        for pred, _lag in a.predecessors:
            remaining_successors[pred] -= 1
            if remaining_successors[pred] == 0:
                del finish_of[pred]
        if remaining_successors[node]:
            finish_of[node] = ef
        np.maximum(finish, ef, out=finish)
    return np.ceil(finish), seed


def simulate_risk(
    activities: Sequence[Activity], today: date, deadline: date, *,
    samples: int = DEFAULT_SAMPLES, seed: int | None = None,
) -> Risk:
    finish, seed = simulate_finish(activities, today, samples=samples, seed=seed)
    deadline_offset = _offset(deadline, today)
    p50, p80 = np.percentile(finish, [50, 80], method="higher")
    return Risk(
        samples=samples,
        probability_on_time=float(np.mean(finish <= deadline_offset)),
        p50=safe_add(today, int(p50)),
        p80=safe_add(today, int(p80)),
        seed=seed,
    )


def simulate_finish_python(
    activities: Sequence[Activity], today: date, durations: dict[Hashable, Sequence[float]],
) -> list[float]:
    """The same forward pass, one sample at a time in plain Python (for the benchmark)."""
    order = topological_order(activities)
    by_id = {a.id: a for a in activities}
    n = len(next(iter(durations.values()))) if durations else 0
    result: list[float] = []
    for s in range(n):
        ef: dict[Hashable, float] = {}
        finish = 0.0
        for node in order:
            a = by_id[node]
            d = durations[node][s]
            if a.done:
                value = float(_offset(a.actual_finish, today))
            elif a.started:
                value = max(_offset(a.actual_start, today) + d, 0.0)
            else:
                start = float(_earliest(a, today))
                for pred, lag in a.predecessors:
                    start = max(start, ef[pred] + lag)
                value = start + d
            ef[node] = value
            finish = max(finish, value)
        result.append(math.ceil(finish))
    return result
