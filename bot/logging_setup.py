"""Logging for every process: one format, the configured level, identifiers masked."""
from __future__ import annotations

import logging

from bot.masking import mask_pii
from bot.settings import settings


class MaskingFilter(logging.Filter):
    """Last line of defence: no log record, nor its traceback, leaves with a raw ID or phone number."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_pii(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:  # formatters reuse exc_text when it is set
            record.exc_text = mask_pii(self._formatter.formatException(record.exc_info))
        return True


def configure_logging(process: str) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(MaskingFilter())
    handler.setFormatter(logging.Formatter(f"%(asctime)s {process} %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
