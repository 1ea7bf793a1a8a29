"""Alembic environment: runs on the connection handed over by services_db.migrate."""
from __future__ import annotations

from alembic import context

from services_db.db import make_engine
from services_db.models import metadata


def _owned_here(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001 - Alembic hook
    """The admin (admin/models.py) creates its own admin_* tables; autogenerate leaves them alone."""
    return not (type_ == "table" and name.startswith("admin_"))


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=_owned_here,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run `python -m services_db migrate`.")
run_migrations_online()
