"""The emergency override: danger words win over whatever the classifier said."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.emergency import EmergencyOverride


def classified(text: str, intent: str = "request_human") -> Message:
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.8},
                            "intent_ranking": [{"name": intent, "confidence": 0.8},
                                               {"name": "emergency", "confidence": 0.1}]})
    return EmergencyOverride().process([message])[0]


@pytest.mark.parametrize("text", ["我被人打了", "楼下着火了", "有人受伤了，在流血", "我不想活了",
                                  "救命啊", "我老公在打我", "樓下著火了", "隔壁闻到煤气味"])
def test_danger_words_make_it_an_emergency_first_in_the_ranking(text: str) -> None:
    message = classified(text)
    assert message.get("intent") == {"name": "emergency", "confidence": 1.0}
    ranking = message.get("intent_ranking")
    assert ranking[0]["name"] == "emergency" and [r["name"] for r in ranking].count("emergency") == 1


@pytest.mark.parametrize("text", ["转人工", "居住证怎么办", "如何预防火灾", "等会儿打我电话", "/request_human"])
def test_other_messages_keep_their_intent(text: str) -> None:
    assert classified(text).get("intent")["name"] == "request_human"
