"""Check tables against the contract and report every problem at once.

Modules, from the smallest unit up: `report` (Problem, Report, TypedTable), `cells` (one
table's header, cells and keys), `rules` (within a row), `references` (across tables),
`outlines` (the outline file), `folder` (the whole data folder). Nothing here imports pandas.
"""

from zones.validate.cells import check_cell, check_table, parse_partial_date, split_list
from zones.validate.folder import CheckedTables, check_data, read_problem
from zones.validate.outlines import (
    check_outline_against_zone,
    check_outline_geometry,
    check_outlines,
)
from zones.validate.references import check_references
from zones.validate.report import Problem, Report, Row, Severity, TypedTable
from zones.validate.rules import FIGURE_SOURCES, check_target_rows, check_zone_rows

__all__ = [
    "FIGURE_SOURCES",
    "CheckedTables",
    "Problem",
    "Report",
    "Row",
    "Severity",
    "TypedTable",
    "check_cell",
    "check_data",
    "check_outline_against_zone",
    "check_outline_geometry",
    "check_outlines",
    "check_references",
    "check_table",
    "check_target_rows",
    "check_zone_rows",
    "parse_partial_date",
    "read_problem",
    "split_list",
]
