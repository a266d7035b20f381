"""The registry of exportable datasets: every main dataset of the portal as CSV or XLSX,
scoped to the user, from one page (``/exports/``) and the API
(``/api/exports/<code>.csv`` or ``.xlsx``).

How an app adds a dataset (the surveys app's survey answers, for instance): write
``<app>/exports.py`` with::

    from tracekei import access
    from tracekei.exports import CHUNK_SIZE

    def answer_rows(user):
        answers = (
            access.scope(Answer.objects.all(), user, cluster_field="response__cluster")
            .select_related("response__cluster", "question")   # no query per row
            .order_by("pk")
            .iterator(chunk_size=CHUNK_SIZE)                   # streamed, never all in memory
        )
        header = ["cluster", "question", "answer"]
        return header, ([a.response.cluster.acronym, a.question.text, a.value] for a in answers)

    def register(registry):
        registry.add("survey-answers", _("Survey answers"), answer_rows, app="surveys")

``tracekei.plugins.app_modules("exports")`` finds the module; nothing else to wire.
Rules: ``rows(user)`` starts from ``tracekei.access`` (or the app's selector built on
it); it returns the header and a lazy iterable of rows; it makes a constant number of
queries per chunk of rows (``select_related``, or ``prefetch_related`` with
``iterator(chunk_size=...)``). Cells are made spreadsheet-safe by the writers here,
so a dataset returns plain values (str, numbers, dates, None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

#: Rows fetched per database round trip when a dataset streams.
CHUNK_SIZE = 2000

RowsFunction = Callable[[object], tuple[Sequence[str], Iterable[Sequence]]]


@dataclass(frozen=True)
class Dataset:
    code: str
    title: str
    rows: RowsFunction
    app: str = ""
    description: str = ""


class Registry:
    def __init__(self) -> None:
        self._datasets: dict[str, Dataset] = {}

    def add(self, code: str, title, rows: RowsFunction, *, app: str = "", description="") -> None:
        if code in self._datasets:
            raise ValueError(f"Export dataset {code!r} is registered twice")
        self._datasets[code] = Dataset(code, title, rows, app, description)

    def get(self, code: str) -> Dataset | None:
        return self._datasets.get(code)

    def __iter__(self):
        return iter(self._datasets.values())

    def __len__(self) -> int:
        return len(self._datasets)


@cache
def registry() -> Registry:
    """Every app's datasets, in the order of the navigation."""
    from tracekei import plugins

    found = Registry()
    for module in plugins.app_modules("exports"):
        register = getattr(module, "register", None)
        if register is not None:
            register(found)
    return found
