"""A CRM export as Bitrix24 writes one (leads, CSV): cp1251, ``;``, every field quoted, CRLF.

The demo's leads, for trying the Bulk view and ``b24chat bulk --id-column`` on the files admins
really have; tests and the README screenshot use it too. Deterministic.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

LEAD_COLUMNS = (
    "ID",
    "Название лида",
    "Имя",
    "Фамилия",
    "Статус",
    "Рабочий телефон",
    "Рабочий e-mail",
    "Ответственный",
    "Дата создания",
)
_FIRST = ("Анна", "Иван", "Мария", "Сергей", "Ольга", "Дмитрий", "Елена", "Алексей")
_LAST = ("Смирнова", "Кузнецов", "Попова", "Волков", "Соколова", "Лебедев", "Новикова", "Морозов")
_TITLES = ("Заявка с сайта", "Звонок", "Запрос прайса", "Форма обратной связи", "Чат на сайте")
_STATUSES = ("Новая заявка", "В работе", "Обработан", "Некачественный лид")
_OWNERS = ("Мария Иванова", "Пётр Соколов")


def lead_rows(count: int = 12) -> list[list[str]]:
    """The header and ``count`` leads, IDs 1..count (the demo portal's leads)."""
    rows = [list(LEAD_COLUMNS)]
    for n in range(1, count + 1):
        first, last = _FIRST[n % len(_FIRST)], _LAST[n % len(_LAST)]
        rows.append(
            [
                str(n),
                f"{_TITLES[n % len(_TITLES)]} #{n}",
                first,
                last,
                _STATUSES[n % len(_STATUSES)],
                f"+7 900 {100 + n:03d}-{n % 100:02d}-{(n * 7) % 100:02d}",
                f"client{n}@example.ru",
                _OWNERS[n % len(_OWNERS)],
                f"{1 + n % 28:02d}.11.2026 {9 + n % 9:02d}:{(n * 13) % 60:02d}:00",
            ]
        )
    return rows


def lead_export_bytes(count: int = 12, encoding: str = "cp1251") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows(lead_rows(count))
    return text.getvalue().encode(encoding)


def write_lead_export(path: Path, count: int = 12, encoding: str = "cp1251") -> Path:
    path.write_bytes(lead_export_bytes(count, encoding))
    return path
