"""Danger to life is recognised by its words, whatever the classifier thinks.

DIET learns ``emergency`` from examples and, like any classifier, sometimes
calls "我被人打了" a request for a human. For an emergency a miss costs far more
than a false alarm (which only shows the 110/119/120 numbers), so this
component runs after the classifiers and sets the intent to ``emergency`` when
the normalised text says that something is happening now: fire, injury,
violence, a threat to one's own life, a crime in progress.
"""
from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from zhtext import normalize

EMERGENCY_INTENT = "emergency"

# Present-tense danger, as people type it (after normalisation: simplified, Cantonese mapped).
EMERGENCY_WORDS = re.compile(
    "[着著]火了|起火了|失火了|烧起来了|火烧起来"
    "|有人受伤|受伤了|受了重伤|在流血|流了好多血|流血不止"
    "|有人打架|在打架|打起来了|被人打|有人打人|在打我|打我了|家暴|家庭暴力|砍人|拿刀|持刀"
    "|想不开|不想活|活不下去|想自杀|要自杀|轻生|跳楼|割腕"
    "|救命|晕倒了|昏倒了|昏迷了|没有呼吸|没呼吸了|喘不上气"
    "|出车祸了|撞车了|被车撞|被撞了"
    "|被抢了|抢劫|入室盗窃|有小偷在"
    "|煤气泄漏|燃气泄漏|闻到煤气味"
    "|有人落水|掉水里了|溺水了"
)


def says_emergency(text: str) -> bool:
    return bool(EMERGENCY_WORDS.search(normalize(text)))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyOverride(GraphComponent):
    """Sets the intent to ``emergency`` when the words say so; runs after every classifier."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> EmergencyOverride:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/") or not says_emergency(text):
                continue
            first = {INTENT_NAME_KEY: EMERGENCY_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            others = [r for r in message.get(INTENT_RANKING_KEY) or []
                      if r.get(INTENT_NAME_KEY) != EMERGENCY_INTENT]
            message.set(INTENT, first, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [first, *others], add_to_output=True)
        return messages
