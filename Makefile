# The two commands of the README's quick start:
#   make run   set up everything and start the assistant at http://127.0.0.1:8000
#   make test  set up everything and run every test
.PHONY: run test setup lint

setup:
	@bash scripts/setup.sh

run: setup
	@.venv/bin/python -m bot run

test: setup
	@bash scripts/test.sh

lint: setup
	@.venv/bin/ruff check .
