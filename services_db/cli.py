"""``python -m services_db <command>``: schema, seed and vocabulary export for operators and CI."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from services_db.db import make_engine
from services_db.seed_files import PACKAGE_SEED_DIR


def _migrate(engine: Engine, args: argparse.Namespace) -> int:
    from services_db.migrate import upgrade

    upgrade(engine)
    print("数据库结构已是最新版本。")
    return 0


def _seed(engine: Engine, args: argparse.Namespace) -> int:
    from services_db.seeding import seed_database

    report = seed_database(engine, args.seed_dir)
    state = f"已更新，修订号 {report.revision}" if report.changed else "内容没有变化"
    print(f"种子数据：{report.services} 项服务、{report.faqs} 条问答，{state}。")
    return 0


def _setup(engine: Engine, args: argparse.Namespace) -> int:
    """Migrate, then seed only when the seed files changed since the last seed."""
    from services_db.migrate import is_current
    from services_db.seeding import seed_is_current

    if not is_current(engine):
        _migrate(engine, args)
    if seed_is_current(engine, args.seed_dir):
        print("知识库已是最新，无需重新导入。")
        return 0
    return _seed(engine, args)


def _export_dict(engine: Engine, args: argparse.Namespace) -> int:
    from services_db.catalog import load_catalog
    from services_db.export import write_lookup, write_userdict

    with engine.connect() as conn:
        catalog = load_catalog(conn)
    if not catalog.services:
        print("知识库里还没有已发布的服务，请先运行 `python -m services_db setup`。", file=sys.stderr)
        return 1
    userdict = write_userdict(catalog, args.directory)
    lookup = write_lookup(catalog, args.lookup_dir or args.directory)
    print(f"已写出 {userdict} 和 {lookup}。")
    return 0


def _stats(engine: Engine, args: argparse.Namespace) -> int:
    from services_db.models import Category, Faq, KbMeta, Service

    with engine.connect() as conn:
        services = dict(conn.execute(select(Service.category_id, func.count()).where(
            Service.status == "published").group_by(Service.category_id)).all())
        faqs = dict(conn.execute(select(Service.category_id, func.count()).join(Faq, Faq.service_id == Service.id)
                                 .where(Service.status == "published", Faq.status == "published")
                                 .group_by(Service.category_id)).all())
        categories = conn.execute(select(Category.id, Category.name).order_by(Category.position)).all()
        revision = conn.execute(select(KbMeta.revision)).scalar()
    print(f"{'分类':<22}{'服务':>6}{'问答':>6}")
    for category_id, name in categories:
        print(f"{category_id:<22}{services.get(category_id, 0):>6}{faqs.get(category_id, 0):>6}  {name}")
    print(f"{'合计':<22}{sum(services.values()):>6}{sum(faqs.values()):>6}  修订号 {revision}")
    return 0


def _check(engine: Engine, args: argparse.Namespace) -> int:
    from services_db.seed_check import check_seed, seed_warnings

    problems, warnings = check_seed(args.seed_dir), seed_warnings(args.seed_dir)
    for line in [*problems, *(f"warning: {w}" for w in warnings)]:
        print(line)
    print(f"{len(problems)} problem(s), {len(warnings)} warning(s) in {args.seed_dir}")
    return 1 if problems else 0


def _verification(engine: Engine, args: argparse.Namespace) -> int:
    """Official sources and unverified fields, counted from the seed files."""
    from services_db.seed_check import verification_report

    for line in verification_report(args.seed_dir).lines():
        print(line)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services_db", description=__doc__)
    parser.add_argument("--url", help="database URL (default: ISZ_KB_URL or SQLite under var/data)")
    parser.add_argument("--seed-dir", type=Path, default=PACKAGE_SEED_DIR, help="seed folder")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="alembic upgrade head").set_defaults(run=_migrate)
    commands.add_parser("seed", help="load the YAML seed (idempotent)").set_defaults(run=_seed)
    commands.add_parser("setup", help="migrate, and seed when the seed files changed").set_defaults(run=_setup)
    export = commands.add_parser("export-dict", help="write userdict.txt and service_lookup.yml")
    export.add_argument("directory", type=Path)
    export.add_argument("--lookup-dir", type=Path, help="write service_lookup.yml here instead "
                        "(Rasa's JiebaTokenizer loads every file in its dictionary folder)")
    export.set_defaults(run=_export_dict)
    commands.add_parser("stats", help="published services and FAQs per category").set_defaults(run=_stats)
    commands.add_parser("check", help="validate the seed files").set_defaults(run=_check)
    commands.add_parser("verification", help="count official sources and unverified fields in the seed"
                        ).set_defaults(run=_verification)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    engine = make_engine(args.url)
    try:
        return args.run(engine, args)
    finally:
        engine.dispose()
        if args.command in ("setup", "seed", "migrate"):
            print(f"（用时 {time.perf_counter() - started:.2f} 秒）")
