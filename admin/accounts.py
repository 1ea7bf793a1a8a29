"""Staff accounts: argon2id password hashes, creation and password checks."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.audit import record
from admin.models import ROLES, AdminUser

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()
# Verifying against this keeps an unknown name as slow as a wrong password (no name probing by timing).
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class AccountError(ValueError):
    """A Chinese message for whoever runs the command."""


def create_user(session: Session, name: str, password: str, role: str, by: str = "命令行") -> AdminUser:
    name = name.strip()
    if role not in ROLES:
        raise AccountError(f"角色只能是 {' 或 '.join(ROLES)}")
    if not name:
        raise AccountError("用户名不能为空")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符")
    if session.scalar(select(AdminUser).where(AdminUser.name == name)) is not None:
        raise AccountError(f"用户“{name}”已存在")
    user = AdminUser(name=name, password_hash=_hasher.hash(password), role=role)
    session.add(user)
    record(session, by, "创建账号", "user", name, f"角色：{role}")
    return user


def authenticate(session: Session, name: str, password: str) -> AdminUser | None:
    """The active user with this name and password, or None; upgrades old hash parameters."""
    user = session.scalar(select(AdminUser).where(AdminUser.name == name.strip()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def session_stamp(user: AdminUser) -> str:
    """Part of the hash kept in the login cookie: changing the password logs every session out."""
    return user.password_hash[-16:]
