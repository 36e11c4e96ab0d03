"""Log lines as JSON, for log collectors (``TIDINGS_LOG_FORMAT=json``).

One object a line: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, the
``exception`` with its traceback when there is one, and the request's ``method``,
``path``, ``view``, ``status`` and ``duration_ms`` where the line was written while
serving one (``tidings.web.metrics`` notes the request being served; Django's own error
lines carry it too).
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

# The request this thread or task is serving, as the fields a log line shows of it.
serving: ContextVar[dict | None] = ContextVar("serving", default=None)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(serving.get() or {})
        line.update(request_fields(record))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def request_fields(record: logging.LogRecord) -> dict:
    """What a record says of its request: Django's error lines pass ``request`` and
    ``status_code``; the request lines of ``tidings.web.metrics`` pass their fields."""
    fields = {}
    request = getattr(record, "request", None)
    if request is not None and hasattr(request, "method"):
        fields.update(method=request.method, path=request.path)
    if (status := getattr(record, "status_code", None)) is not None:
        fields["status"] = status
    for name in ("status", "duration_ms", "view"):
        if (value := getattr(record, name, None)) is not None:
            fields[name] = value
    return fields
