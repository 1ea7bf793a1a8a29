"""The README documents every setting, with its default."""
from bot.settings import PROJECT_ROOT, describe


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name, default, _ in describe():
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, f"{name} missing from the README's configuration table"
        assert (f"`{default}`" if default else "(empty)") in row, f"{name}: default not documented"
