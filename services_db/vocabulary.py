"""Fixed words the knowledge base adds to the tokenizer dictionaries (docs/conventions.md)."""
from __future__ import annotations

DISTRICTS = ("福田区", "罗湖区", "南山区", "盐田区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区",
             "大鹏新区", "深汕特别合作区", "深汕")

# Places whose services this assistant does not cover.  Hong Kong, Macao and
# Taiwan are absent on purpose: travel permits to them are Shenzhen services.
OTHER_PLACES = tuple("""
北京 上海 天津 重庆 广州 东莞 惠州 佛山 珠海 中山 江门 汕头 湛江 肇庆 河源 汕尾 清远 韶关 梅州 潮州 揭阳 茂名 阳江 云浮
杭州 南京 苏州 武汉 成都 西安 长沙 郑州 青岛 济南 厦门 福州 合肥 南昌 南宁 昆明 贵阳 海口 三亚 沈阳 大连 长春 哈尔滨
石家庄 太原 呼和浩特 兰州 西宁 银川 乌鲁木齐 拉萨 宁波 无锡 温州 桂林
河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 海南 四川 贵州 云南 陕西 甘肃 青海
内蒙古 广西 西藏 宁夏 新疆 美国 日本 韩国 英国 加拿大 澳大利亚 新加坡
""".split())
# Words that make another place part of a Shenzhen question (社保从湖南转到深圳).
PLACE_CONTEXT_WORDS = ("深圳", "转", "迁", "回", "从", "异地", "跨省", "老家", "外地", "来深", "到深", "去")
