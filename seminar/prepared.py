"""ORM queries compiled to SQL once, then run with other values: for a hall's hottest paths.

Building and compiling a small queryset is most of what it costs. Measured on the bench
machine (BENCHMARKS.md, issue 19): a participant looked up by its cookie took 1.3-1.4 ms
through the ORM and 0.03-0.05 ms as the same compiled SQL run again; the phone's page
made four such queries. A `PreparedQuery` is written as an ordinary `values_list`
queryset, so the ORM still names the tables, joins and quotes; it is compiled the first
time it runs, with sample values that are then found again among the SQL's parameters,
and after that only the cursor runs. Its rows come back as the queryset's would, with
the database's converters applied (SQLite's dates and booleans).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]

# Dates are not among them: SQLite's backend turns a date into text before the SQL.
Value = int | str
Row = tuple[Any, ...]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # For each of the SQL's parameters: the name of a value to put there, or a constant.
    parameters: tuple[tuple[str, None] | tuple[None, object], ...]
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]
    # What Django's ModelIterable reads off the compiler to make instances of the rows.
    select: Any
    klass_info: Any
    annotated: bool


class PreparedQuery:
    """`build(**samples)` returns a `values_list` queryset; `run(**values)` returns the
    rows that `build(**values)` would, without building or compiling it again.

    Each sample stands for one value: it must be of the value's type and must occur in
    no query by chance (the default samples do not). A lookup that changes its value
    before it reaches the SQL (`contains`, `in`) cannot be prepared, and says so."""

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], **samples: Value) -> None:
        self._build = build
        self._samples = samples
        self._compiled: _Compiled | None = None
        self._lock = threading.Lock()

    def run(self, **values: Value) -> list[Row]:
        if values.keys() != self._samples.keys():
            raise TypeError(f"expected the values {sorted(self._samples)}, got {sorted(values)}")
        compiled = self._compiled or self._compile()
        connection = connections[DEFAULT_DB_ALIAS]
        parameters: list[Any] = [
            values[name] if name is not None else constant for name, constant in compiled.parameters
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, parameters)
            rows = cursor.fetchall()
        if not compiled.converters:
            return [tuple(row) for row in rows]
        converted: list[Row] = []
        for row in rows:
            fields = list(row)
            for position, functions, expression in compiled.converters:
                for convert in functions:
                    fields[position] = convert(fields[position], expression, connection)
            converted.append(tuple(fields))
        return converted

    def _compile(self) -> _Compiled:
        with self._lock:
            if self._compiled is not None:
                return self._compiled
            queryset = self._build(**self._samples)
            compiler = queryset.query.get_compiler(using=DEFAULT_DB_ALIAS)
            sql, sample_parameters = compiler.as_sql()
            by_sample = {(type(value), value): name for name, value in self._samples.items()}
            parameters: list[tuple[str, None] | tuple[None, object]] = []
            for parameter in sample_parameters:
                name = by_sample.get((type(parameter), parameter))
                parameters.append((name, None) if name is not None else (None, parameter))
            missing = set(self._samples) - {name for name, _constant in parameters if name}
            if missing:
                raise ValueError(
                    f"the samples {sorted(missing)} are not among the SQL's parameters "
                    f"{sample_parameters!r}: their lookups change them, so the query "
                    "cannot be prepared"
                )
            if getattr(queryset, "_prefetch_related_lookups", ()):
                raise ValueError("a queryset with prefetch_related cannot be prepared")
            selected = [column for column, _sql, _alias in compiler.select]
            converters = compiler.get_converters(selected)
            self._compiled = _Compiled(
                sql=sql,
                parameters=tuple(parameters),
                converters=tuple(
                    (position, tuple(functions), expression)
                    for position, (functions, expression) in converters.items()
                ),
                select=compiler.select,
                klass_info=compiler.klass_info,
                # For a values() queryset, its columns; for instances, any annotations.
                annotated=bool(compiler.annotation_col_map),
            )
            return self._compiled


class PreparedModels(PreparedQuery):
    """As PreparedQuery, for a queryset of model instances (with `select_related`, no
    annotations, no prefetching): `instances(**values)` returns them as iterating
    `build(**values)` would, each with its related objects in place. The instances are
    made as Django's ModelIterable makes them (`Model.from_db`, `RelatedPopulator`)."""

    _makers: tuple[Any, int, int, list[str], list[Any]] | None = None

    def instances(self, **values: Value) -> list[Any]:
        rows = self.run(**values)
        model, first, last, own_fields, related = self._makers or self._prepare_makers()
        found = []
        for row in rows:
            instance = model.from_db(DEFAULT_DB_ALIAS, own_fields, row[first:last])
            for populator in related:
                populator.populate(row, instance)
            found.append(instance)
        return found

    def _prepare_makers(self) -> tuple[Any, int, int, list[str], list[Any]]:
        compiled = self._compiled
        if compiled is None or compiled.klass_info is None or compiled.annotated:
            raise ValueError("only a queryset of model instances, without annotations")
        klass_info, select = compiled.klass_info, compiled.select
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        own_fields = [column[0].target.attname for column in select[first:last]]
        related = get_related_populators(klass_info, select, DEFAULT_DB_ALIAS)
        self._makers = (klass_info["model"], first, last, own_fields, related)
        return self._makers


# Samples that no real value equals: ids far past any seminar's rows (yet in range of a
# 32-bit integer column, where Django would compile a value beyond it as "no rows"), and
# text no one types.
SAMPLE_ID = 2_147_480_001
SAMPLE_OTHER_ID = 2_147_480_002


def sample_text(name: str) -> str:
    return f"\x1fplenum-sample-{name}"
