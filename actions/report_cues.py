"""Does a message the knowledge base cannot answer read like a problem to report?

Citizens write to 12345 in stories: an address, a date, what went wrong, how
long it has gone on, what they want done. The NLU sees the dates and places and
may call such a story ``inform`` or be unsure; when no guide answers it and no
category is clear, the right offer is a 民生诉求 ticket, not a list of services.
Two signals, either is enough: the NLU gives ``file_request`` some weight (more
when the message is phrased as a question), or the words say "problem + please
fix" (扰民, 拖欠, 至今, 请相关部门…).
"""
from __future__ import annotations

import re
from typing import Any, Iterable

REPORT_INTENT = "file_request"
MIN_REPORT_CONFIDENCE = 0.1  # file_request among the NLU's candidates, even if not first
MIN_REPORT_CONFIDENCE_FOR_A_QUESTION = 0.3  # "皮卡车可以加装后盖吗？" asks; it tells of no problem

# A message phrased as a question (a question word, or a final 吗 / question mark).
_QUESTION = re.compile(r"如何|是否|能否|可否|哪些|哪个|什么|怎样|怎么|多少|吗[？?]?$|[？?]$")

# What goes wrong, how long it lasts, and the plea: words a question about a
# service rarely uses. Kept to whole expressions (损坏 yes, 坏 no).
REPORT_CUES = (
    "扰民", "噪音", "太吵", "睡不着", "影响休息", "严重影响",
    "投诉", "举报", "反映", "诉求",
    "没人管", "无人管", "没人理", "不作为", "推脱", "推诿", "不处理", "没有解决", "未解决",
    "无果", "未果", "至今", "迟迟",
    "拖欠", "欠薪", "不给", "不退", "退费", "跑路",
    "隐患", "损坏", "坏了", "漏水", "违建", "违章搭建", "乱收费", "乱停", "堵塞", "发臭", "脏乱",
    "恳请", "领导", "帮忙解决", "尽快解决", "尽快处理", "有关部门", "相关部门", "管一管", "管管",
)


def reads_like_report(text: str, intent_ranking: Iterable[dict[str, Any]] = ()) -> bool:
    """True when ``text`` describes a problem someone should fix."""
    if any(cue in text for cue in REPORT_CUES):
        return True
    needed = MIN_REPORT_CONFIDENCE_FOR_A_QUESTION if _QUESTION.search(text) else MIN_REPORT_CONFIDENCE
    return any(candidate.get("name") == REPORT_INTENT and float(candidate.get("confidence") or 0.0) >= needed
               for candidate in intent_ranking)
