"""Which part of a guide a question asks about (fee, materials, …).

Keyword rules on normalized text: they are predictable, explainable to staff
and do not need training data.  Order matters: specific aspects come first and
``how`` (怎么…) last, because "怎么收费" is a fee question.
"""
from __future__ import annotations

import re

# aspect → regex alternatives on normalize()d text
_END = r"[^，。,.?？!！;；]{0,14}(吗|么|不|没)?[?？]?$"
_RULES: tuple[tuple[str, str], ...] = (
    ("fee", r"多少钱|几钱|多钱|收费|费用|要钱|花钱|免费|免不免|价格|工本费|交钱|付钱|几块钱|贵不贵|贵吗|收钱|"
            r"钱吗|钱呢|费吗|啥费|什么费|给钱|哪些钱|哪些费|交什么钱|交多少|收不收|掏钱|加钱|租金|"
            r"房租多少|便宜多少|要不要交.{0,4}费|交.{0,3}费吗"),
    ("materials", r"材料|资料|带什么|带啥|带哪些|准备什么|准备啥|准备哪些|证件|要什么东西|要啥东西|"
                  r"提交什么|提交哪些|拿什么|需要什么证|需要啥证|证明材料|要带|提供什么|提供哪些|提供啥|"
                  r"证据|要什么证明|要哪些证明|哪些证明|需要哪些|输入哪些|输入什么|填什么|写些什么|写什么|需要什么$|"
                  r"交哪些|要不要交|要不要带|要不要提供"),
    ("hotline", r"电话|热线|号码是|打给谁|打哪个|客服|人工咨询|咨询方式|联系方式|找谁问"),
    # channel questions ("网上能办吗", "手机上能查到吗") before the yes/no eligibility form
    ("how", r"(网上|线上|手机上?|自助机|app|i深圳|小程序|在线)(上)?(能|可以|怎么|咋|办|申请|查|打印|补|续|看)"),
    # strong eligibility wording before time: "交满多久才能贷款" asks for a condition
    ("conditions", r"条件|资格|符合|要求|满足|门槛|够不够|算不算|才能|才可以|才行|交满|交够|满多久|"
                   r"谁可以|什么人|哪些人|啥人|哪些(小孩|孩子|学生|老人|人员|企业|家庭)"),
    ("time", r"多久|多长时间|几天|时限|多少天|几个工作日|工作日|要等|周期|多快|什么时候|啥时候|几时|何时|"
             r"期限|当天能|马上能|几个月|几月份|到账"),
    ("conditions", r"(能|可以|可不可以|能不能|能否|可否|还能|可不可)(办|申请|领|享受|报|提|取|用|迁|随迁|落户|"
                   r"入户|参加|转|刷|租|换|去|在|拿|免|不)" + _END),
    ("where", r"哪里办|哪儿办|在哪|去哪|哪个地方|地点|地址|窗口|网点|大厅|服务点|哪个部门|哪里可以办|"
              r"哪里申请|哪里领|哪里交|到哪|哪里弄|哪里可以|哪里开|哪开|哪里补|哪补|哪里有|哪个位置|找哪"),
    ("how", r"怎么办|怎么弄|咋办|咋弄|咋搞|怎么搞|如何|流程|步骤|怎样|手续|怎么申请|怎么操作|怎么|咋|"
            r"咋整|办理方式|入口|操作|第一步|先做什么|要做什么|能不能当天|加急|预约吗|代办"),
)
_COMPILED = tuple((aspect, re.compile(pattern)) for aspect, pattern in _RULES)
ASPECT_NAMES = tuple(dict.fromkeys(aspect for aspect, _ in _RULES))

# aspect → the guide fields an answer about it relies on (for the "unverified" note)
ASPECT_FIELDS: dict[str, tuple[str, ...]] = {
    "fee": ("fee",),
    "materials": ("materials",),
    "conditions": ("conditions",),
    "time": ("statutory_time_limit", "promised_time_limit"),
    "where": ("locations", "channels"),
    "how": ("steps", "channels"),
    "hotline": ("hotline",),
    "general": ("summary", "channels"),
}


def detect_aspect(text: str) -> str | None:
    """The aspect a normalized question asks about, or None for a general question."""
    for aspect, pattern in _COMPILED:
        if pattern.search(text):
            return aspect
    return None


def aspect_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of every aspect keyword (so they are not mistaken for content)."""
    return [m.span() for _, pattern in _COMPILED for m in pattern.finditer(text)]
