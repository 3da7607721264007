"""Word lists the meeting step reads: surnames, posts, role verbs and organisation suffixes.

Data only, so that the rules in the sibling modules stay short and the vocabulary can grow in one
place. Everything here is an immutable constant built at import time.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    """Split a space-separated word list: long lists stay a few lines instead of one per word."""
    return tuple(text.split())


# Common single-character surnames (the few hundred that cover nearly all officials named in
# government reports). Characters that are also very common words (的, 是…) are left out on purpose.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁"
    "蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全"
    "佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀"
    "郁胥南班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝郜阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿"
    "狄计索宣晋初容敬扈晁芮普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危银亢"
    "嵇湛宾戎勾茅揭尉冶束檀衣展阴昝智幸奉植衡富尧闭和"
)

COMPOUND_SURNAMES = frozenset(
    _words(
        "万俟 上官 东方 东郭 令狐 公孙 南宫 司徒 司马 呼延 夏侯 太史 宇文 宗政 尉迟 "
        "左丘 慕容 拓跋 欧阳 澹台 濮阳 独孤 申屠 皇甫 端木 西门 诸葛 赫连 轩辕 钟离 "
        "长孙 闻人"
    )
)

# Words that start with a surname character but are not people ("文件要求", "全市通报"), among
# them the short names of departments that a post follows ("司法局长", "纪检组长", "武装部长").
NOT_NAMES = frozenset(
    _words(
        "上级 严厉 严密 严明 严格 严肃 严要求 中国 中央 习总书记 习近平 于是 于法 交通 代表 任务 "
        "会同 会议 住建 信息 党中央 党务 党员 党委 党政 党校 全乡 全体 全力 全区 全区上下 全县 "
        "全县上下 全国 全市 全市上下 全省 全镇 全面 公司 公安 农业 农工 农工党 区委 华丽 华夏 单位 "
        "卫生 原则 县委 及时 发改 司法 各地 各级 同志 同时 周密 周恩来 商务 国务院 国家 城管 大会 "
        "太湖 孙中山 安全 安排 安监 定期 宣传 尚未 工业 市委 常务 常委 常态 常规 平台 平稳 应急 "
        "强力 总书记 成员 房管 报告 支行 政府 文件 文体 文旅 文明 文联 方案 时间 明显 明确 有关 "
        "李克强 松花江 林业 林草 武装 毛泽东 水利 汉江 江汉平原 江泽民 洪湖 海河 淮河 深入 温家宝 "
        "环保 珠江 班子 由此 相关 相关部门 省委 研究 祁连山 秦岭 程序 管理 纪律 纪检 组织 统筹 "
        "胡锦涛 负责人 贺兰山 路政 车管 车间 辽河 通知 邓小平 郑重 部门 金沙江 金融 银行 长江 "
        "雅鲁藏布江 项目 领导 高位 高度 高标准 黄河"
    )
)

# Characters a given name rarely ends with: they end organisations and places instead, or start a
# post ("副" of "李四副市长").
NOT_NAME_ENDINGS = frozenset("会委局部办区县市省镇乡村队组处科室厅院所站府署们等地得化性度式率型副")
# Function words that never sit inside a name.
NOT_NAME_CHARS = frozenset("的了是在要将把被对从向与及等也都还就之其这那我你他她它们某")

# Dots that join the parts of a transliterated name ("艾尔肯·吐尼亚孜"): sites and OCR write any of
# them, and "·" is the one names are given with.
NAME_DOTS = "·•・‧･"
NAME_DOT = "·"
# Characters that never sit inside a part of a transliterated name: prose words. Fewer than
# NOT_NAME_CHARS, whose 都, 也, 其 and 那 are common in transliterations ("阿不都", "那仁").
NOT_TRANSLITERATION_CHARS = frozenset("的了是在要将把被从向与及等之这我你他她它们某")
# Characters that end brands and media rather than a part of a name ("新华日报·交汇点记者").
NOT_TRANSLITERATION_ENDINGS = NOT_NAME_ENDINGS | frozenset("报网社台刊")

# Posts a title ends with. A title is any short run of organisation words ending in one of these.
POSTS = tuple(
    _words(
        "书记 常委 委员 主任 主席 秘书长 专员 巡视员 调研员 检察长 督察长 总经理 "
        "董事长 经理 理事长 政委 司令员 总工程师 总经济师 总会计师 总监 组长 党组成员 "
        "盟长 州长 旗长 省长 市长 县长 区长 镇长 乡长 局长 厅长 处长 科长 部长 院长 "
        "所长 站长 队长 行长 校长 会长 社长 庭长 署长 主委"
    )
)

# Strings that make a run of text something other than a title ("市领导", "会议期间市委书记").
NOT_IN_TITLE = tuple(
    _words(
        "的 了 在 是 要 将 召开 会议 讲话 期间 时 以来 我 全市 全县 全区 全省 "
        "强调 指出 主持 出席 参加 同志 领导 记者 报道 通讯员 摄影 表示 认为 并 等"
    )
)

# Organisation endings for units that report or make statements.
ORG_SUFFIXES = tuple(
    _words(
        "局 委 办 厅 部 处 科 室 院 所 站 中心 区 县 市 镇 乡 街道 村 社区 "
        "园区 管委会 委员会 公司 集团 厂 商城 城 店 场 行 社 协会 学会 联合会 队 "
        "校 大学 医院 银行 法院 检察院 馆 旗 州 盟 单位 企业 基地 矿 港 码头"
    )
)

# Endings of documents named without book-title marks ("2023年…目标任务书").
DOC_SUFFIXES = tuple(
    _words(
        "任务书 责任书 承诺书 通知 方案 意见 办法 决定 规划 计划 细则 纲要 清单 条例 "
        "规定 通报 决议 实施意见 工作要点"
    )
)

# Words that say a year is this year's place in a plan ("十三五"的开局之年).
FIVE_YEAR_START = ("开局", "起步", "开篇", "第一年")
FIVE_YEAR_END = ("收官", "决胜", "最后一年", "完成")

CHINESE_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
