"""The worker's registry of periodic jobs.

An app that needs something done regularly registers a function here from its
`AppConfig.ready()`; `manage.py run_worker` then calls it every `every`:

    from chancery.scheduling.jobs import register
    register("syndication.poll_due_feeds", poll_due_feeds, every=dt.timedelta(seconds=30))

Jobs run one after another in the worker's job thread, so each must return within its
interval (bound every network call with a timeout). Scheduled go-live and expiry run in the
worker's main thread and are never held up by a job. Every worker that runs calls every job,
so a job must be safe when two workers call it at once.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Callable[[], object]
    every: dt.timedelta


_registry: dict[str, PeriodicJob] = {}


def register(name: str, func: Callable[[], object], *, every: dt.timedelta) -> PeriodicJob:
    """Add (or replace, by name) a job the worker calls every `every`."""
    if every <= dt.timedelta(0):
        raise ValueError(f"The interval of job {name!r} must be positive.")
    job = PeriodicJob(name=name, func=func, every=every)
    _registry[name] = job
    return job


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registered_jobs() -> list[PeriodicJob]:
    """The registered jobs, in the order they were first registered."""
    return list(_registry.values())
