#!/usr/bin/env bash
# The test command (make test / .ci/run): lint, set up, validate the training
# data, train or reuse the model, conversation tests, held-out NLU test, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
# PostgreSQL and Redis run on every machine here (CI included): the tests that
# prove the scale-out settings use them.
export ISZ_MOCK_TEST_PG_URL=${ISZ_MOCK_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
step() { echo; echo "==== [$1] $2"; }

step 1/6 "ruff"
.venv/bin/ruff check .

step 2/6 "准备知识库与模型（输入未变时复用缓存的模型）"
setup_output=$($py -m bot setup)
echo "$setup_output"
model=${setup_output##*准备完成：}

step 3/6 "rasa data validate"
$py -m bot rasa data validate --config config.yml --domain domain.yml --data data var/build/nlu

step 4/6 "conversation tests: rasa test core --stories tests/ --fail-on-prediction-errors"
$py -m bot rasa test core --stories tests/ --model "$model" --fail-on-prediction-errors --out results/core

step 5/6 "held-out NLU test (tests/nlu/test_nlu.yml)"
$py -m bot rasa test nlu --nlu tests/nlu/test_nlu.yml --model "$model" --out results/nlu

step 6/6 "pytest (unit, end-to-end against the real processes, browser)"
bash scripts/setup_browser.sh
$py -m pytest
