"""Matches played one after another or in worker processes, with a progress bar on a stream.

Results come back in the order they finish; callers sort them (by scenario and seed) before
writing anything, so the same arguments give the same output whatever ``jobs`` is.
"""

from __future__ import annotations

import multiprocessing
from typing import Callable, Sequence, TextIO, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")


def play_all(play: Callable[[Task], Result], tasks: Sequence[Task], jobs: int, progress: TextIO | None,
             *, chunksize: int = 1) -> list[Result]:
    """``play`` each task (a module-level function, so worker processes can find it)."""
    results: list[Result] = []
    show_progress(progress, 0, len(tasks))
    if jobs <= 1:
        for task in tasks:
            results.append(play(task))
            show_progress(progress, len(results), len(tasks))
    else:
        # "spawn" works the same on every platform and never inherits a parent's locks.
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            for result in pool.imap_unordered(play, tasks, chunksize=chunksize):
                results.append(result)
                show_progress(progress, len(results), len(tasks))
    if progress is not None:
        progress.write("\n")
        progress.flush()
    return results


def show_progress(stream: TextIO | None, done: int, total: int, width: int = 30) -> None:
    if stream is None:
        return
    filled = width * done // total if total else width
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} matches")
    stream.flush()
