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

# Topics no category covers (the chat spec's out_of_scope: disaster and work safety, weather,
# sports, science; and the bureaus of science and technology, sport and cultural heritage,
# whose matters none of the 17 categories' departments handle — 研发费用加计扣除 is the tax
# bureau's and stays out of this list).  They compete with the categories for a question no service answers, so
# "企业发生生产安全事故后如何报告" is not routed to 企业服务 because it says 企业.
OUTSIDE_TOPICS = tuple("""
安全 安全生产 安全培训 安全生产许可证 生产安全事故 生产经营单位 安全事故 粉尘 防爆 有限空间 危险化学品 危化品 应急管理 应急预案 应急演练 应急避难
防汛 汛期 洪水 洪涝 暴雨 台风 地震 泥石流 山体滑坡 滑坡 雷电 雷雨 冰雹 中暑 寒潮 大风 暴雪 海啸
火灾 灭火 灭火器 逃生 疏散 自救 避险 溺水 防溺水 燃气泄漏 煤气中毒 一氧化碳 触电 踩踏 森林防火 烟花爆竹
天气 气温 下雨 降温 天气预报 气象 预警信号 雨天 雾天 雪天 铁路 水上 船舶
比赛 足球 篮球 排球 乒乓球 羽毛球 网球 奥运会 世界杯 运动员 冠军 马拉松 健身 球队 联赛
宇宙 行星 恒星 黑洞 光速 原子 分子 细胞 基因 进化 恐龙 化学反应 物理学 天文 星座
科技计划 科研项目 科研经费 科技成果 科技型中小企业 高新技术企业 高企 自然科学基金 技术合同 科技奖励
体育 体育局 体校 运动队 射击队 裁判员 教练员 体育彩票 彩票 体育场馆 全民健身 运动会 登山 滑雪
文物 博物馆 非物质文化遗产 非遗 考古 古建筑 长城
""".split())
