"""Idempotency-Key handling: a replayed submission returns the first answer.

The record is written in the same transaction as what the submission created,
and a unique (scope, owner, key) constraint makes a concurrent duplicate fail
instead of creating twice; the dispatcher then replays the winner's answer.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session

from mock_services.endpoints import Reply
from mock_services.errors import ApiError
from mock_services.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 200


def read_key(request: web.Request) -> str | None:
    """The request's key, None when absent; 400 when empty, too long or not printable ASCII."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise ApiError(400, "invalid_idempotency_key", f"Idempotency-Key 应为 1 到 {MAX_KEY_LENGTH} 个可见英文字符")
    return key


def fingerprint(path: str, body: dict[str, Any]) -> str:
    """Hash of what was asked, to tell a true replay from a reused key."""
    canonical = json.dumps({"path": path, "body": body}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def find(session: Session, scope: str, owner: str, key: str) -> IdempotencyRecord | None:
    return session.execute(select(IdempotencyRecord).where(
        IdempotencyRecord.scope == scope, IdempotencyRecord.owner == owner, IdempotencyRecord.key == key,
    )).scalar_one_or_none()


def replay(record: IdempotencyRecord, request_hash: str) -> Reply:
    """The stored answer, or 422 if the key was first used for a different request."""
    if record.request_hash != request_hash:
        raise ApiError(422, "idempotency_key_reused", "这个 Idempotency-Key 已用于另一项不同的提交，请换一个新的键")
    return Reply(json.loads(record.body), record.status, {REPLAYED_HEADER: "true"})


def remember(session: Session, *, scope: str, owner: str, key: str, request_hash: str, reply: Reply,
             now: datetime) -> None:
    session.add(IdempotencyRecord(scope=scope, owner=owner, key=key, request_hash=request_hash,
                                  status=reply.status, body=json.dumps(reply.payload, ensure_ascii=False),
                                  created_at=now))
    session.flush()
