"""`python -m services_db` as an operator runs it."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from services_db.cli import main


def test_setup_seeds_once_then_is_a_fast_no_op(sqlite_url: str, seed_dir: Path,
                                                capsys: pytest.CaptureFixture) -> None:
    assert main(["--url", sqlite_url, "--seed-dir", str(seed_dir), "setup"]) == 0
    assert "6 项服务" in capsys.readouterr().out
    assert main(["--url", sqlite_url, "--seed-dir", str(seed_dir), "setup"]) == 0
    assert "无需重新导入" in capsys.readouterr().out


def test_stats_counts_per_category(sqlite_url: str, seed_dir: Path, capsys: pytest.CaptureFixture) -> None:
    main(["--url", sqlite_url, "--seed-dir", str(seed_dir), "setup"])
    capsys.readouterr()
    assert main(["--url", sqlite_url, "stats"]) == 0
    lines = {line.split()[0]: line.split()[1:3] for line in capsys.readouterr().out.splitlines()[1:]}
    assert lines["exit_entry"] == ["2", "6"] and lines["tax"] == ["0", "0"] and lines["合计"] == ["6", "19"]


def test_export_dict_writes_jieba_dictionary_and_rasa_lookup(sqlite_url: str, seed_dir: Path,
                                                            tmp_path: Path) -> None:
    main(["--url", sqlite_url, "--seed-dir", str(seed_dir), "setup"])
    assert main(["--url", sqlite_url, "export-dict", str(tmp_path / "dict")]) == 0
    userdict = (tmp_path / "dict" / "userdict.txt").read_text(encoding="utf-8").splitlines()
    assert "居住证 20000" in userdict and "社宝卡 20000" in userdict and "福田区 20000" in userdict
    assert all(len(line.rsplit(" ", 1)) == 2 and line.rsplit(" ", 1)[1].isdigit() for line in userdict)
    lookup = yaml.safe_load((tmp_path / "dict" / "service_lookup.yml").read_text(encoding="utf-8"))
    table = lookup["nlu"][0]
    assert table["lookup"] == "service"
    values = [line[2:] for line in table["examples"].splitlines()]
    assert "港澳通行证" in values and "深圳经济特区居住证申领" in values and "社宝卡" not in values


def test_export_dict_refuses_an_empty_knowledge_base(sqlite_url: str, tmp_path: Path) -> None:
    main(["--url", sqlite_url, "migrate"])
    assert main(["--url", sqlite_url, "export-dict", str(tmp_path)]) == 1
