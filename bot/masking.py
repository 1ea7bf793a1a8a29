"""Mask personal identifiers before text is stored, logged or sent to Rasa.

PIPL treats ID numbers and financial accounts as sensitive, so the gateway
masks them at the door: nothing behind it (tracker store, logs, history,
analytics) ever holds the raw value.  Masks keep a few characters so a citizen
can still recognise "their" number when the assistant echoes it back.
"""
from __future__ import annotations

import re

# 18-digit resident ID (birth date inside) or the legacy 15-digit form.
_ID_CARD = re.compile(
    r"(?<![0-9A-Za-z])([1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]"
    r"|[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![0-9A-Za-z])"
)
# Bank cards: 16-19 digits, optionally grouped by spaces or dashes in fours.
_BANK_CARD = re.compile(r"(?<![0-9])(\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9])")
# Mainland mobile numbers, optionally written 138-1234-5678 or with +86.
_PHONE = re.compile(r"(?<![0-9])((?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2})(?![0-9])")
# Passports (E/G + 8 digits) and HK/Macao permits (C/H/M + 8 to 10 characters).
_TRAVEL_DOC = re.compile(r"(?<![0-9A-Za-z])([EeGg]\d{8}|[CcHhMm][0-9A-Za-z]\d{7,9})(?![0-9A-Za-z])")


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _mask_id(match: re.Match) -> str:
    value = match.group(1)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def _mask_bank(match: re.Match) -> str:
    digits = _digits(match.group(1))
    if not 16 <= len(digits) <= 19:
        return match.group(0)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def _mask_phone(match: re.Match) -> str:
    digits = _digits(match.group(1))[-11:]
    return digits[:3] + "****" + digits[-4:]


def _mask_doc(match: re.Match) -> str:
    value = match.group(1)
    return value[:1] + "*" * (len(value) - 3) + value[-2:]


def mask_pii(text: str) -> str:
    """Return ``text`` with ID-card, bank-card, phone and travel-document numbers masked."""
    if not text:
        return text
    text = _ID_CARD.sub(_mask_id, text)
    text = _BANK_CARD.sub(_mask_bank, text)
    text = _PHONE.sub(_mask_phone, text)
    return _TRAVEL_DOC.sub(_mask_doc, text)
