"""How PHP and the portal shape what they read and write: form arrays, JSON arrays, time blocks."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

OPERATING_WINDOW = 600  # the portal's operating-time window: 10 minutes

_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def php_array(items: Mapping[str, Any]) -> Any:
    """PHP's json_encode: keys 0..n-1 in order make a list, and an empty array is ``[]``."""
    keys = list(items)
    if keys == [str(i) for i in range(len(keys))]:
        return list(items.values())
    return dict(items)


def php_params(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Turn ``cmd[key]=v`` form pairs into nested maps, as PHP does with ``$_POST``."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        head, bracket, _ = key.partition("[")
        parts = [head, *_BRACKETS.findall(key[len(head) :])] if bracket else [key]
        node = out
        for i, part in enumerate(parts):
            name = part if part != "" else str(sum(1 for k in node if k.isdigit()))
            if i == len(parts) - 1:
                node[name] = value
            else:
                child = node.get(name)
                if not isinstance(child, dict):
                    child = node[name] = {}
                node = child
    return out


def method_name(text: str) -> str:
    """The method a path or a batch command names: case and a ``.json`` tail do not matter."""
    name = text.strip().lower()
    return name[: -len(".json")] if name.endswith(".json") else name


def time_block(started: float, operating_reset_at: float | None = None) -> dict[str, Any]:
    """The ``time`` object every answer carries."""
    finished = time.time()
    zone = datetime.now(UTC).astimezone().tzinfo
    return {
        "start": started,
        "finish": finished,
        "duration": finished - started,
        "processing": finished - started,
        "date_start": datetime.fromtimestamp(started, zone).isoformat(timespec="seconds"),
        "date_finish": datetime.fromtimestamp(finished, zone).isoformat(timespec="seconds"),
        "operating_reset_at": (
            int(started) + OPERATING_WINDOW if operating_reset_at is None else operating_reset_at
        ),
        "operating": 0,
    }
