"""The Bulk view's results table: one compact tuple per input row, no per-row objects.

Rows arrive a batch at a time (one ``beginInsertRows`` per batch), so 10,000 rows stay cheap;
a filter proxy shows All / Found / No chat / Error and sorts by the real value, not the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from enum import IntEnum
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from gui.bitrix.bulk import BulkItem, BulkRow, RowStatus
from gui.bitrix.bulk_details import DETAIL_COLUMNS, RowDetails, cells_of
from gui.bitrix.errors import BitrixError
from gui.desktop.wording import translated

AnyIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = 4  # the Type, ID, Chat ID and Error columns of rows without their own


class Column(IntEnum):
    TYPE = 0
    ID = 1
    CHAT_ID = 2
    ERROR = 3


class ResultRow(NamedTuple):
    """One table row; a tuple, so 10,000 of them cost a few megabytes."""

    line: int
    entity_type: str
    entity_id: str
    chat_id: int | None
    error: str  # in English, as the CLI writes it; shown translated from ``fault``
    status: RowStatus
    fault: BitrixError | None = None  # the error itself: its kind and code reach an export
    details: RowDetails | None = None  # a run with details: the card, open-line chats
    cells: tuple[str, ...] = ()  # the file's own columns, when the table shows them


def result_row(row: BulkRow) -> ResultRow:
    item = row.item
    error = "" if row.error is None else str(row.error)
    return ResultRow(
        item.line,
        item.entity_type,
        item.entity_id,
        row.chat_id,
        error,
        row.status,
        row.error,
        row.details,
        item.cells,
    )


def preview_row(item: BulkItem) -> ResultRow:
    """A row before the run: invalid ones already show why they will not be sent."""
    if item.error is not None:
        return ResultRow(
            item.line,
            item.entity_type,
            item.entity_id,
            None,
            str(item.error),
            RowStatus.ERROR,
            item.error,
            cells=item.cells,
        )
    return ResultRow(
        item.line, item.entity_type, item.entity_id, None, "", RowStatus.PENDING, cells=item.cells
    )


def bulk_row(row: ResultRow) -> BulkRow:
    """A table row as the core's type, with its original error, for copy and export."""
    error = row.fault
    if error is None and row.error:
        error = BitrixError(row.error)  # a row built without its error object
    item = BulkItem(row.line, row.entity_type, row.entity_id, cells=row.cells)
    return BulkRow(item, row.chat_id, error, row.details)


def finished_bulk_rows(rows: Iterable[ResultRow]) -> Iterator[BulkRow]:
    """The looked-up rows as the exporter's type, so a file matches ``b24chat bulk``'s."""
    for row in rows:
        if row.status != RowStatus.PENDING:
            yield bulk_row(row)


def _tr(text: str) -> str:
    return QCoreApplication.translate("BulkResultsModel", text)


# Marked for lupdate here, translated through _tr at run time.
HEADERS = (
    QT_TRANSLATE_NOOP("BulkResultsModel", "Type"),
    QT_TRANSLATE_NOOP("BulkResultsModel", "ID"),
    QT_TRANSLATE_NOOP("BulkResultsModel", "Chat ID"),
    QT_TRANSLATE_NOOP("BulkResultsModel", "Error"),
)
DETAIL_HEADERS = (  # DETAIL_COLUMNS, in the user's words
    QT_TRANSLATE_NOOP("BulkResultsModel", "Title"),
    QT_TRANSLATE_NOOP("BulkResultsModel", "Chat type"),
    QT_TRANSLATE_NOOP("BulkResultsModel", "Members"),
    QT_TRANSLATE_NOOP("BulkResultsModel", "Messages"),
    QT_TRANSLATE_NOOP("BulkResultsModel", "Created"),
    QT_TRANSLATE_NOOP("BulkResultsModel", "CRM card"),
    QT_TRANSLATE_NOOP("BulkResultsModel", "Open-line chats"),
)
assert len(DETAIL_HEADERS) == len(DETAIL_COLUMNS)
NO_CHAT_TEXT = QT_TRANSLATE_NOOP("BulkResultsModel", "no chat")
COLUMN_NUMBER = QT_TRANSLATE_NOOP("BulkResultsModel", "Column {number}")


class BulkResultsModel(QAbstractTableModel):
    """Rows of a run: Type, ID, Chat ID, Error; or, for a file whose own columns are kept
    (:meth:`set_own_columns`), those columns, then Chat ID and Error."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ResultRow] = []
        self._own: tuple[str, ...] = ()  # the file's column names ("" for unnamed ones)
        self._pending = 0
        self.details = False  # the detail columns show

    # -- columns -------------------------------------------------------------------------
    def set_own_columns(self, names: tuple[str, ...] | None, width: int = 0) -> None:
        """Show a file's own columns (its header, or ``width`` unnamed ones); None and 0:
        the Type and ID columns."""
        own = names if names is not None else ("",) * width
        if own == self._own:
            return
        self.beginResetModel()
        self._own = own
        self.endResetModel()

    @property
    def chat_column(self) -> int:
        return len(self._own) if self._own else Column.CHAT_ID

    @property
    def error_column(self) -> int:
        return self.chat_column + 1

    def _header(self, section: int) -> str | None:
        if self._own and section < len(self._own):
            return self._own[section] or _tr(str(COLUMN_NUMBER)).format(number=section + 1)
        if not self._own and section < Column.CHAT_ID:
            return _tr(str(HEADERS[section]))
        extra = section - self.chat_column
        if extra in (0, 1):
            return _tr(str(HEADERS[Column.CHAT_ID + extra]))
        detail = section - self.error_column - 1
        return _tr(str(DETAIL_HEADERS[detail])) if 0 <= detail < len(DETAIL_HEADERS) else None

    def _own_text(self, row: ResultRow, column: int) -> str:
        if not self._own:
            return row.entity_type if column == Column.TYPE else row.entity_id
        return row.cells[column] if column < len(row.cells) else ""

    # -- reading -------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return self.error_column + 1 + (len(DETAIL_COLUMNS) if self.details else 0)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._header(section) if section >= 0 else None
        if 0 <= section < len(self._rows):
            return str(self._rows[section].line)  # the input line, for finding it in the file
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        chat_column = self.chat_column
        if column > chat_column + 1:
            return self._detail(row, column - chat_column - 2, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column < chat_column:
                return self._own_text(row, column)
            if column == chat_column:
                if row.chat_id is not None:
                    return str(row.chat_id)
                return _tr(str(NO_CHAT_TEXT)) if row.status == RowStatus.NO_CHAT else ""
            if column == chat_column + 1:
                return row.error if row.fault is None else translated(row.fault)
            return None
        if role == SORT_ROLE:
            if column == chat_column:
                return row.chat_id if row.chat_id is not None else -1
            return self._own_text(row, column) if column < chat_column else row.error
        if role == STATUS_ROLE:
            return row.status
        if role == Qt.ItemDataRole.TextAlignmentRole and column == chat_column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _detail(self, row: ResultRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            cells = cells_of(row.details)
            return cells[column] if column < len(cells) else ""
        if role == STATUS_ROLE:
            return row.status
        return None

    def multiData(self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role of a cell in one call from C++: a delegate asks for seven, and each call
        into Python waits for the GIL while the worker thread is busy."""
        if isinstance(roleDataSpan, QModelRoleData):
            roleDataSpan.setData(self.data(index, roleDataSpan.role()))
            return
        for k in range(roleDataSpan.size()):
            role_data = roleDataSpan[k]  # type: ignore[index]  # the binding has __getitem__
            role_data.setData(self.data(index, role_data.role()))

    def row(self, number: int) -> ResultRow:
        return self._rows[number]

    def rows(self) -> Sequence[ResultRow]:
        return self._rows

    def counts(self) -> dict[RowStatus, int]:
        counts = dict.fromkeys(RowStatus, 0)
        for row in self._rows:
            counts[row.status] += 1
        return counts

    def finished_count(self) -> int:
        """Rows looked up (or written off): what an export would hold."""
        return len(self._rows) - self._pending

    # -- changing ------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[ResultRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._pending = sum(1 for row in self._rows if row.status == RowStatus.PENDING)
        self.endResetModel()

    def append_rows(self, rows: Sequence[ResultRow]) -> None:
        """One insert notification for the whole batch: the view lays out once, not 50 times."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self._pending += sum(1 for row in rows if row.status == RowStatus.PENDING)
        self.endInsertRows()

    def replace_rows(self, first: int, rows: Sequence[ResultRow]) -> None:
        """Rows answered in place (a run fills the previewed table): one change notification."""
        if not rows:
            return
        end = first + len(rows)
        old = self._rows[first:end]
        self._pending += sum(1 for row in rows if row.status == RowStatus.PENDING) - sum(
            1 for row in old if row.status == RowStatus.PENDING
        )
        self._rows[first:end] = rows
        self.dataChanged.emit(self.index(first, 0), self.index(end - 1, self.error_column))

    def clear(self) -> None:
        self.set_rows([])

    def set_details(self, details: bool) -> None:
        """Show the detail columns (a run with details) or not."""
        if details != self.details:
            self.beginResetModel()
            self.details = details
            self.endResetModel()


class BulkFilterProxy(QSortFilterProxyModel):
    """Shows the rows of one status (None: all); sorts chat IDs as numbers."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._status: RowStatus | None = None
        self.setSortRole(SORT_ROLE)

    @property
    def status(self) -> RowStatus | None:
        return self._status

    def set_status(self, status: object) -> None:
        """Show the rows of ``status`` (a RowStatus or its value, as a combo box's data
        comes back), or all of them for None."""
        status = None if status is None else RowStatus(str(status))
        if status == self._status:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateRowsFilter before
            self.beginFilterChange()
            self._status = status
            self.endFilterChange()
        else:
            self._status = status
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._status is None:
            return True
        model = self.sourceModel()
        if not isinstance(model, BulkResultsModel):
            return True
        return model.row(source_row).status == self._status
