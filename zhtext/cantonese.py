"""Common written-Cantonese wording mapped to Mandarin of the same length.

Shenzhen citizens often type Cantonese (点样办、要唔要钱、喺边度).  The intent
classifier and the knowledge base are trained on Mandarin, so we rewrite the
frequent function words and question phrases.  Every replacement has the same
length as what it replaces; keys are in Simplified form because this runs after
Traditional → Simplified conversion.
"""
from __future__ import annotations

import re

# Longer phrases first is not required here: the regex alternation is built
# longest-first, so "喺边度" wins over "喺".
PHRASES: dict[str, str] = {
    "喺边度": "在哪里",
    "要唔要钱": "要不要钱",
    "使唔使": "用不用",
    "洗唔洗": "要不要",
    "得唔得": "行不行",
    "系唔系": "是不是",
    "几多钱": "多少钱",
    "喺边": "在哪",
    "边度": "哪里",
    "边个": "哪个",
    "边间": "哪间",
    "边位": "哪位",
    "几多": "多少",
    "几耐": "多久",
    "点样": "怎样",
    "点解": "为何",
    "点算": "咋办",
    "乜嘢": "什么",
    "乜野": "什么",
    "咩嘢": "什么",
    "做乜": "做啥",
    "系咪": "是否",
    "唔系": "不是",
    "唔该": "谢谢",
    "唔使": "不用",
    "而家": "现在",
    "宜家": "现在",
    "琴日": "昨天",
    "寻日": "昨天",
    "听日": "明天",
    "今日": "今天",
    "佢哋": "他们",
    "我哋": "我们",
    "你哋": "你们",
    "冇": "没",
    "唔": "不",
    "咩": "啥",
    "乜": "啥",
    "喺": "在",
    "佢": "他",
    "嘅": "的",
    "咗": "了",
    "睇": "看",
    "攞": "拿",
    "畀": "给",
    "嚟": "来",
    "揾": "找",
    "搵": "找",
    "啲": "些",
}

# 係 (simplified to 系) means 是 only after a subject or adverb, and never in
# 系统/系列/系数/系谱 (关系、联系 have other characters before 系).
_IS_PATTERN = re.compile(r"(?<=[我你他她都就仲真即又也])系(?![统列数谱])")

# 点 + verb is "how to" (点换 → 咋换), but not after a number or 一/有/快 (几点去, 快点办)
_HOW_PATTERN = re.compile(r"(?<![一二两三四五六七八九十几有快早晚差多少\d])点(?=[办做去搞弄换补查交领申报登用开拿写填改续签整])")

_PHRASE_PATTERN = re.compile(
    "|".join(re.escape(key) for key in sorted(PHRASES, key=len, reverse=True))
)

for _key, _value in PHRASES.items():  # guard the contract at import time
    if len(_key) != len(_value):
        raise ValueError(f"Cantonese mapping changes length: {_key} → {_value}")


def _replace(match: re.Match[str]) -> str:
    return PHRASES[match.group(0)]


def cantonese_to_mandarin(text: str) -> str:
    """Same-length Mandarin rewrite of Cantonese wording in Simplified ``text``."""
    text = _PHRASE_PATTERN.sub(_replace, text)
    text = _HOW_PATTERN.sub("咋", text)
    return _IS_PATTERN.sub("是", text)
