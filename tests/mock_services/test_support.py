"""Signing key file and the command line."""
from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

import mock_services.__main__ as cli
from mock_services.db import make_engine
from mock_services.models import Persona
from mock_services.secret import KEY_FILE_NAME, token_key


def test_empty_secret_uses_a_private_key_file_that_persists(tmp_path: Path) -> None:
    first = token_key("", tmp_path)
    key_file = tmp_path / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert token_key("", tmp_path) == first
    assert first != key_file.read_bytes().strip()  # derived, not the shared secret itself


def test_configured_secret_needs_no_file_and_changes_the_key(tmp_path: Path) -> None:
    assert token_key("one", tmp_path) != token_key("two", tmp_path)
    assert not (tmp_path / KEY_FILE_NAME).exists()


def test_cli_init_only_reset_seeds_and_exits(tmp_path: Path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setattr(cli, "settings", replace(cli.settings, mock_db_url=url, secret_key="", data_dir=str(tmp_path)))
    monkeypatch.setenv("ISZ_MOCK_SEED_DATE", "2026-11-26")
    assert cli.main(["--init-only", "--reset"]) == 0
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Persona)).scalar_one() == 4
    engine.dispose()
    assert (tmp_path / KEY_FILE_NAME).exists()  # the key came from the given settings, not the real data dir
