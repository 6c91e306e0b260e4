"""What a format makes of a product's rows: a spec to store, or the row errors that stop it.

A `Draft` keeps the line of every row so that an error found on the spec (``variants[3].price``)
is reported on the line and column the user typed it in (``line 14: variant_price: ...``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stockbridge.platform.errors import FieldError

from ..specs import ProductSpec

INDEXED = re.compile(r"^(?P<name>\w+)\[(?P<index>\d+)\](?:\.(?P<rest>.+))?$")


@dataclass(frozen=True, slots=True)
class Row:
    """One CSV record: the line it starts on and its cells by column name."""

    line: int
    cells: dict[str, str]
    problem: str = ""

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True, slots=True, order=True)
class RowError:
    """A bad row: its line in the file, the column at fault ("" for the whole row), and why."""

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        if self.column:
            return f"line {self.line}: {self.column}: {self.reason}"
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Columns:
    """How a format names the spec's fields, so errors point at the user's own columns."""

    product: dict[str, str]
    variant: dict[str, str]
    attribute_name: tuple[str, ...]
    attribute_values: tuple[str, ...]
    attribute_value: tuple[str, ...]
    images: str
    variant_images: str


@dataclass(slots=True)
class Draft:
    """A product read from consecutive rows. `key` is its handle; `spec` is None when the rows
    could not even be read into one."""

    key: str
    rows: list[Row]
    variant_lines: list[int]
    columns: Columns
    spec: ProductSpec | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return self.rows[0].line

    @property
    def last_line(self) -> int:
        return self.rows[-1].line

    def fail(self, line: int, column: str, reason: str) -> None:
        self.errors.append(RowError(line, column, reason))

    def add_spec_errors(self, errors: list[FieldError]) -> None:
        """Add spec-level errors where they were typed, one per cell: a cell that already has
        an error (a price that is not a number) is not also reported as missing."""
        taken = {(e.line, e.column) for e in self.errors}
        for error in errors:
            located = self.locate(error)
            if (located.line, located.column) not in taken:
                self.errors.append(located)
                taken.add((located.line, located.column))

    def locate(self, error: FieldError) -> RowError:
        """Where a spec-level FieldError was typed: its line and column."""
        cols = self.columns
        m = INDEXED.match(error.field)
        if m is None:
            if error.field == "variants":
                line = self.variant_lines[1] if len(self.variant_lines) > 1 else self.first_line
                return RowError(line, cols.attribute_name[0], error.reason)
            if error.field == "attributes":
                return RowError(self.first_line, cols.attribute_name[-1], error.reason)
            return RowError(
                self.first_line, cols.product.get(error.field, error.field), error.reason
            )
        name, index, rest = m["name"], int(m["index"]), m["rest"] or ""
        if name == "variants":
            line = self.variant_lines[index] if index < len(self.variant_lines) else self.first_line
            if rest == "attribute_values":
                return RowError(line, self._attribute_value_column(index), error.reason)
            return RowError(line, cols.variant.get(rest, rest), error.reason)
        if name == "attributes":
            i = min(index, len(cols.attribute_name) - 1)
            column = cols.attribute_name[i] if rest == "name" else cols.attribute_values[i]
            return RowError(self.first_line, column, error.reason)
        if name == "images":
            column = cols.variant_images if rest == "variant_skus" else cols.images
            return RowError(self.first_line, column, error.reason)
        return RowError(self.first_line, cols.product.get(name, name), error.reason)

    def _attribute_value_column(self, index: int) -> str:
        """The first attribute value column of variant `index` that does not fit its product."""
        cols = self.columns
        if self.spec is None or index >= len(self.spec.variants):
            return cols.attribute_value[0]
        values = self.spec.variants[index].attribute_values
        attributes = self.spec.attributes
        last = len(cols.attribute_value) - 1
        for i, value in enumerate(values):
            if i >= len(attributes) or value not in attributes[i].values:
                return cols.attribute_value[min(i, last)]
        if len(values) < len(attributes):
            return cols.attribute_value[min(len(values), last)]
        return cols.attribute_value[min(max(len(values) - 1, 0), last)]  # a repeated combination
