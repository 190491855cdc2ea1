"""Refuse to start with a database set up so that two workers could publish one item twice."""

from django.core.checks import Error, register
from django.db import connections


@register("database")
def check_sqlite_transactions_serialise(app_configs, databases=None, **kwargs):
    """On SQLite, the worker's claim on a due item relies on `BEGIN IMMEDIATE`.

    SQLite has no row locks; an IMMEDIATE transaction takes the database's write lock when
    it begins, so a second worker waits until the first has published and committed.
    https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-transaction-behavior
    """
    errors = []
    for alias in connections:
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"] != "django.db.backends.sqlite3":
            continue
        mode = (settings_dict.get("OPTIONS") or {}).get("transaction_mode")
        if (mode or "").upper() != "IMMEDIATE":
            errors.append(
                Error(
                    f"The SQLite database {alias!r} must use transaction_mode IMMEDIATE.",
                    hint="Two scheduling workers could otherwise publish one item twice.",
                    id="scheduling.E001",
                )
            )
    return errors
