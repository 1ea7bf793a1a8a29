"""domain.yml and the actions agree: names, forms, questions, and the numbered choices."""
from __future__ import annotations

from actions.forms import TransactionForm
from actions.tickets import ANONYMOUS_CHOICES
from tests.actions.simulator import ACTIONS, DOMAIN


def test_every_custom_action_in_the_domain_exists_and_no_placeholder_is_left() -> None:
    custom = [name for name in DOMAIN["actions"] if name.startswith(("action_", "validate_"))]
    assert sorted(set(custom) - set(ACTIONS)) == []
    assert "action_not_available_yet" not in DOMAIN["actions"]


def test_every_form_slot_is_validated_and_asked() -> None:
    for form, spec in DOMAIN["forms"].items():
        validator = TransactionForm.registry[form]
        assert f"validate_{form}" in DOMAIN["actions"]
        for slot in spec["required_slots"]:
            assert hasattr(validator, f"extract_{slot}") and hasattr(validator, f"validate_{slot}"), slot
            assert f"action_ask_{slot}" in ACTIONS or f"utter_ask_{slot}" in DOMAIN["responses"], slot
            assert DOMAIN["slots"][slot]["influence_conversation"] is False


def test_anonymous_question_numbers_its_choices_like_the_action_reads_them() -> None:
    titles = [c.title for c in ANONYMOUS_CHOICES]
    for variant in DOMAIN["responses"]["utter_ask_ticket_anonymous"]:
        payloads = [b["payload"] for b in variant["buttons"]]
        assert payloads == titles
        if "请回复 1 或 2" in variant["text"]:
            assert [line[3:7] for line in variant["text"].splitlines()[1:3]] == titles


def test_ticket_questions_carry_the_citizen_request_meta() -> None:
    for name in ("utter_ask_ticket_description", "utter_ask_ticket_location", "utter_ask_ticket_anonymous"):
        for variant in DOMAIN["responses"][name]:
            assert variant["metadata"]["meta"]["kind"] == "citizen_request"
