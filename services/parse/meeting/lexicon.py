"""Word lists the meeting step reads: surnames, posts, role verbs and organisation suffixes.

Data only, so that the rules in the sibling modules stay short and the vocabulary can grow in one
place. Everything here is an immutable constant built at import time.
"""

from __future__ import annotations

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
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯",
        "长孙", "宇文", "司徒", "端木", "西门", "南宫", "独孤", "轩辕", "呼延", "申屠", "澹台",
        "太史", "闻人", "钟离", "宗政", "赫连", "拓跋", "东郭", "左丘", "万俟", "濮阳",
    }
)

# Words that start with a surname character but are not people ("文件要求", "全市通报").
NOT_NAMES = frozenset(
    {
        "全市", "全县", "全区", "全省", "全镇", "全乡", "全国", "全体", "全面", "全力", "国家",
        "国务院", "文件", "方案", "时间", "平台", "高度", "原则", "公司", "明确", "同时", "相关",
        "信息", "安全", "常委", "常务", "会议", "通知", "政府", "党委", "单位", "部门", "领导",
        "上级", "中央", "省委", "市委", "县委", "区委", "大会", "报告", "任务", "项目", "华夏",
        "孙中山", "毛泽东", "邓小平", "江泽民", "胡锦涛", "习近平", "李克强", "温家宝", "周恩来",
        "习总书记", "总书记", "黄河", "长江", "太湖", "洪湖", "汉江", "淮河", "珠江", "海河",
        "辽河", "松花江", "金沙江", "雅鲁藏布江", "江汉平原", "秦岭", "祁连山", "贺兰山",
        "党中央", "同志", "代表", "成员", "负责人", "各级", "各地", "农业", "工业", "商务",
        "交通", "公安", "水利", "林业", "发改", "住建", "环保", "城管", "宣传", "组织",
        "安排", "研究", "统筹", "严格", "深入", "及时", "全市上下", "全县上下", "全区上下", "会同",
        "有关", "相关部门", "尚未", "于是", "由此", "常态", "高位", "强力", "平稳", "明显",
    }
)

# Characters a given name rarely ends with: they end organisations and places instead.
NOT_NAME_ENDINGS = frozenset("会委局部办区县市省镇乡村队组处科室厅院所站府署们等地得")
# Function words that never sit inside a name.
NOT_NAME_CHARS = frozenset("的了是在要将把被对从向与及等也都还就之其这那我你他她它们某")

# Posts a title ends with. A title is any short run of organisation words ending in one of these.
POSTS = (
    "书记", "常委", "委员", "主任", "主席", "秘书长", "专员", "巡视员", "调研员", "检察长",
    "督察长", "总经理", "董事长", "经理", "理事长", "政委", "司令员", "总工程师", "总经济师",
    "总会计师", "总监", "组长", "党组成员", "盟长", "州长", "旗长",
    "省长", "市长", "县长", "区长", "镇长", "乡长", "局长", "厅长", "处长", "科长", "部长",
    "院长", "所长", "站长", "队长", "行长", "校长", "会长", "社长", "庭长", "署长", "主委",
)

# Strings that make a run of text something other than a title ("市领导", "会议期间市委书记").
NOT_IN_TITLE = (
    "的", "了", "在", "是", "要", "将", "召开", "会议", "讲话", "期间", "时", "以来", "我",
    "全市", "全县", "全区", "全省", "强调", "指出", "主持", "出席", "参加", "同志", "领导",
    "记者", "报道", "通讯员", "摄影", "表示", "认为", "并", "等",
)

# Organisation endings for units that report or make statements.
ORG_SUFFIXES = (
    "局", "委", "办", "厅", "部", "处", "科", "室", "院", "所", "站", "中心", "区", "县", "市",
    "镇", "乡", "街道", "村", "社区", "园区", "管委会", "委员会", "公司", "集团", "厂", "商城",
    "城", "店", "场", "行", "社", "协会", "学会", "联合会", "队", "校", "大学", "医院", "银行",
    "法院", "检察院", "馆", "旗", "州", "盟", "单位", "企业", "基地", "矿", "港", "码头",
)

# Endings of documents named without book-title marks ("2023年…目标任务书").
DOC_SUFFIXES = (
    "任务书", "责任书", "承诺书", "通知", "方案", "意见", "办法", "决定", "规划", "计划", "细则",
    "纲要", "清单", "条例", "规定", "通报", "决议", "实施意见", "工作要点",
)

# Words that say a year is this year's place in a plan ("十三五"的开局之年).
FIVE_YEAR_START = ("开局", "起步", "开篇", "第一年")
FIVE_YEAR_END = ("收官", "决胜", "最后一年", "完成")

CHINESE_DIGITS = {
    "〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}
