"""The gateway's own records: chat sessions, transcript, feedback and ratings.

Only masked text ever reaches this store (the chat handler masks first).
"""
from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from bot.db import make_engine

metadata = MetaData()

sessions = Table(
    "chat_sessions", metadata,
    Column("id", String(64), primary_key=True),
    Column("secret_hash", String(64), nullable=False),
    Column("mode", String(16), nullable=False, default="standard"),
    Column("persona_id", String(64)),
    Column("persona_name", String(64)),
    Column("login_token", Text),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)

messages = Table(
    "chat_messages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(64), ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True),
    Column("role", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("buttons", Text),
    Column("meta", Text),
    Column("ts", Float, nullable=False),
)

feedback = Table(
    "chat_feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(64), index=True),
    Column("message_id", Integer, index=True),
    Column("value", String(8), nullable=False),
    Column("question", Text),
    Column("answer", Text),
    Column("ts", Float, nullable=False),
)

ratings = Table(
    "chat_ratings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(64), index=True),
    Column("score", Integer, nullable=False),
    Column("comment", Text),
    Column("ts", Float, nullable=False),
)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


@dataclass
class Session:
    id: str
    mode: str
    persona_id: Optional[str]
    persona_name: Optional[str]
    login_token: Optional[str]


class ChatStore:
    """Synchronous store; calls are short and run in the default executor."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = make_engine(url)
        metadata.create_all(self.engine)

    # ---- sessions --------------------------------------------------------
    def get_session(self, session_id: str, secret: Optional[str]) -> tuple[bool, Optional[Session]]:
        """(exists, session): the session only when ``secret`` matches its owner's."""
        with self.engine.connect() as conn:
            row = conn.execute(select(sessions).where(sessions.c.id == session_id)).mappings().first()
        if row is None:
            return False, None
        if not secret or not secrets.compare_digest(row["secret_hash"], hash_secret(secret)):
            return True, None
        return True, Session(row["id"], row["mode"], row["persona_id"], row["persona_name"], row["login_token"])

    def create_session(self, session_id: str, secret: str, mode: str) -> Session:
        now = time.time()
        with self.engine.begin() as conn:
            conn.execute(insert(sessions).values(id=session_id, secret_hash=hash_secret(secret), mode=mode,
                                                 created_at=now, updated_at=now))
        return Session(session_id, mode, None, None, None)

    def update_session(self, session_id: str, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(sessions).where(sessions.c.id == session_id)
                         .values(updated_at=time.time(), **values))

    def delete_session(self, session_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(messages).where(messages.c.session_id == session_id))
            conn.execute(delete(sessions).where(sessions.c.id == session_id))

    # ---- transcript ------------------------------------------------------
    def add_message(self, session_id: str, role: str, text: str,
                    buttons: Optional[list] = None, meta: Optional[dict] = None) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(insert(messages).values(
                session_id=session_id, role=role, text=text, ts=time.time(),
                buttons=json.dumps(buttons or [], ensure_ascii=False),
                meta=json.dumps(meta, ensure_ascii=False) if meta is not None else None))
            return int(result.inserted_primary_key[0])

    def history(self, session_id: str, limit: int = 200) -> list[dict[str, Any]]:
        query = (select(messages).where(messages.c.session_id == session_id)
                 .order_by(messages.c.id.desc()).limit(limit))
        with self.engine.connect() as conn:
            rows = list(conn.execute(query).mappings())
        return [{"id": r["id"], "role": r["role"], "text": r["text"],
                 "buttons": json.loads(r["buttons"] or "[]"),
                 "meta": json.loads(r["meta"]) if r["meta"] else None, "ts": r["ts"]}
                for r in reversed(rows)]

    def message(self, session_id: str, message_id: int) -> Optional[dict[str, Any]]:
        with self.engine.connect() as conn:
            row = conn.execute(select(messages).where(messages.c.id == message_id,
                                                      messages.c.session_id == session_id)).mappings().first()
            if row is None:
                return None
            question = conn.execute(select(messages.c.text).where(
                messages.c.session_id == session_id, messages.c.role == "user",
                messages.c.id < message_id).order_by(messages.c.id.desc()).limit(1)).scalar()
        return {"text": row["text"], "role": row["role"], "question": question}

    # ---- feedback --------------------------------------------------------
    def add_feedback(self, session_id: str, message_id: int, value: str,
                     question: Optional[str], answer: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(feedback).where(feedback.c.session_id == session_id,
                                                feedback.c.message_id == message_id))
            conn.execute(insert(feedback).values(session_id=session_id, message_id=message_id, value=value,
                                                 question=question, answer=answer, ts=time.time()))

    def add_rating(self, session_id: str, score: int, comment: Optional[str]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(ratings).values(session_id=session_id, score=score, comment=comment,
                                                ts=time.time()))

    def count(self, table: Table) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def ping(self) -> bool:
        with self.engine.connect() as conn:
            conn.execute(select(1))
        return True
