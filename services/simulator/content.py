"""Generated news: meeting reports and everyday items of a local government, in Chinese.

Deterministic: the same place, key and date always give the same story, so a test can name the
article it expects and a benchmark can be re-run. Roughly three stories in four report a meeting
on environmental work; the rest are the other news a column carries, so title filters matter.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏付方邹孟熊秦江薛段雷侯龙史陶贺顾毛郝龚邵万严武戴孔汤"
GIVEN_NAMES = [
    "建国",
    "志强",
    "海燕",
    "晓明",
    "红梅",
    "卫东",
    "玉兰",
    "振华",
    "国栋",
    "丽娟",
    "文斌",
    "春生",
    "立新",
    "秀英",
    "明辉",
    "永刚",
    "雪峰",
    "桂芳",
    "德胜",
    "晓峰",
    "建华",
    "俊杰",
    "光荣",
    "静",
    "勇",
    "军",
    "涛",
    "敏",
    "斌",
    "磊",
    "红",
    "洁",
    "鹏",
    "伟",
    "芳",
    "宁",
    "云飞",
    "庆丰",
    "学军",
    "向东",
]
MEETINGS = (
    "生态环境保护委员会全体会议",
    "中央生态环境保护督察反馈问题整改工作推进会",
    "污染防治攻坚战工作调度会",
    "河湖长制工作会议",
    "大气污染防治工作专题会议",
    "政府常务会议",
    "安全生产和生态环境保护工作会议",
    "省生态环境保护督察反馈意见整改落实工作部署会",
    "长江高水平保护工作推进会",
)
MEETING_TITLES = (
    "{place}召开{meeting}",
    "{name}主持召开{place}{meeting}",
    "{place}{year}年{meeting}召开",
    "{place}召开{meeting} 部署{topic}工作",
)
OTHER_TITLES = (
    "{place}开展春季义务植树活动",
    "{name}调研春耕生产工作",
    "{place}举办全民健身运动会",
    "{place}召开优化营商环境新闻发布会",
    "{place}启动{year}年“文明城市”创建工作",
    "{name}走访慰问困难群众",
)
DOCTRINES = (
    "习近平生态文明思想",
    "全国生态环境保护大会精神",
    "中央生态环境保护督察反馈意见",
    "省委、省政府关于深入打好污染防治攻坚战的实施意见",
)
TOPICS = (
    "空气质量改善",
    "长江大保护",
    "城市黑臭水体整治",
    "土壤污染防治",
    "督察反馈问题整改",
    "秸秆禁烧",
    "饮用水水源地保护",
    "工业园区污水处理",
)
UNITS = ("生态环境局", "发展改革委", "自然资源和规划局", "住房城乡建设局", "水利局", "农业农村局")
VENUES = ("行政中心第一会议室", "委常委会议室", "政府二楼会议室", "会议中心报告厅")
TARGETS = (
    "PM2.5平均浓度下降到35微克/立方米以下",
    "空气质量优良天数比例达到85%以上",
    "国控断面水质优良比例保持100%",
    "督察反馈问题按期整改销号",
)
SLOGANS = ("绿水青山就是金山银山", "守护好一江碧水", "打赢蓝天碧水净土保卫战")
DEMANDS = (
    "要提高政治站位，切实扛牢生态环境保护政治责任",
    "要坚持问题导向，聚焦突出环境问题精准施策",
    "要压实工作责任，党政同责、一岗双责落到实处",
    "要强化督查考核，对工作不力的严肃追责问责",
    "要加强统筹调度，形成齐抓共管的工作合力",
)


@dataclass(frozen=True)
class Place:
    """A local government: its region and the one character its offices are named by (市/县/区)."""

    province: str
    city: str
    county: str | None = None

    @property
    def name(self) -> str:
        return self.county or self.city

    @property
    def office(self) -> str:
        return self.name[-1]


@dataclass(frozen=True)
class Story:
    """One article's text and the facts its page shows around it."""

    title: str
    paragraphs: tuple[str, ...]
    source_name: str
    author: str
    editor: str
    views: int
    is_meeting: bool


@lru_cache(maxsize=8192)
def write_story(place: Place, key: str, when: datetime) -> Story:
    """The story ``key`` (a seed, site and article id) tells about ``place`` on ``when``."""
    rng = random.Random(key)
    if rng.random() < 0.75:
        title, paragraphs = _meeting_report(rng, place, when)
        is_meeting = True
    else:
        title, paragraphs = _other_news(rng, place, when)
        is_meeting = False
    return Story(
        title=title,
        paragraphs=paragraphs,
        source_name=rng.choice((f"{place.name}融媒体中心", f"{place.name}{UNITS[0]}", "本站")),
        author=_person(rng),
        editor=_person(rng),
        views=rng.randint(12, 4800),
        is_meeting=is_meeting,
    )


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def _meeting_report(
    rng: random.Random, place: Place, when: datetime
) -> tuple[str, tuple[str, ...]]:
    office = place.office
    meeting, topic = rng.choice(MEETINGS), rng.choice(TOPICS)
    presider, deputy, other = _person(rng), _person(rng), _person(rng)
    presider_title = rng.choice((f"{office}委书记", f"{office}长"))
    fields = {"place": place.name, "meeting": meeting, "name": presider, "topic": topic}
    title = rng.choice(MEETING_TITLES).format(year=when.year, **fields)
    time_of_day = rng.choice(("上午", "下午"))
    unit = f"{office}{rng.choice(UNITS)}"
    first, second = rng.sample(DEMANDS, 2)
    paragraphs = (
        f"{when.month}月{when.day}日{time_of_day}，{place.name}{meeting}在{office}{rng.choice(VENUES)}"
        f"召开。{presider_title}{presider}主持会议并讲话，{office}委副书记、{office}长{deputy}出席会议。",
        f"会议传达学习了{rng.choice(DOCTRINES)}，听取了{unit}关于{topic}工作情况的汇报，"
        f"研究部署了下一阶段重点工作。",
        f"{presider}指出，{first}，以“{rng.choice(SLOGANS)}”为遵循，确保{rng.choice(TARGETS)}。",
        f"{presider}强调，{second}。各地各部门要对照任务清单，倒排工期、挂图作战，"
        f"以钉钉子精神抓好各项任务落实。",
        f"{office}领导{other}，{office}直有关部门主要负责同志参加会议。",
    )
    return title, paragraphs


def _other_news(rng: random.Random, place: Place, when: datetime) -> tuple[str, tuple[str, ...]]:
    name = _person(rng)
    title = rng.choice(OTHER_TITLES).format(place=place.name, name=name, year=when.year)
    paragraphs = (
        f"{when.month}月{when.day}日，{title}。{place.office}领导{name}参加活动，与干部群众深入交流。",
        f"{name}表示，要坚持以人民为中心的发展思想，把好事办实、把实事办好，"
        f"不断增强群众的获得感、幸福感、安全感。",
    )
    return title, paragraphs
