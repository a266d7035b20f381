"""The audit trail: every create, change and delete of data that feeds a KPI, a report
or a survey, kept read-only (issue #11).

``acting_as(user)`` names the actor outside a request; ``record_bulk(...)`` records a
write that bypasses the model signals (bulk inserts, COPY)."""

from .context import acting_as


def record_bulk(*args, **kwargs):
    from .recorder import record_bulk as record

    return record(*args, **kwargs)


__all__ = ["acting_as", "record_bulk"]
