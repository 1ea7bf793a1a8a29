"""``python -m admin create-user NAME --role reviewer``: create a staff account.

The password is read from a prompt (asked twice) or, when stdin is not a
terminal, from its first line, so it never appears in the shell history or
the process list.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy.orm import Session

from admin.accounts import AccountError, create_user
from admin.models import ROLES, create_tables


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再输入一次：") != first:
        raise AccountError("两次输入的密码不一致")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m admin", description="i深圳助手内容管理后台")
    parser.add_argument("--url", help="知识库数据库 URL（默认 ISZ_KB_URL 或 var/data/kb.db）")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="创建后台账号（密码从提示或标准输入读取）")
    create.add_argument("name")
    create.add_argument("--role", choices=ROLES, default="editor",
                        help="editor 起草修改；reviewer 审核并发布")
    args = parser.parse_args(argv)

    from services_db.db import make_engine

    engine = make_engine(args.url)
    create_tables(engine)
    try:
        password = _read_password()
        with Session(engine, future=True) as session, session.begin():
            create_user(session, args.name, password, args.role)
    except AccountError as error:
        print(f"未创建：{error}", file=sys.stderr)
        return 1
    print(f"已创建账号“{args.name}”（{args.role}）。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
