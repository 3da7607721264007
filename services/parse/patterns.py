"""Patterns and selectors of the clean-document step, in one data module.

Every regex is compiled once at import; the other modules only use them. Rules describe a family
of page furniture (CHROME.md), never one site's spelling: brackets, colons and spaces vary.
"""

from __future__ import annotations

import re

CJK = "\u3400-\u9fff"
CJK_RE = re.compile(f"[{CJK}]")
NON_CJK_RUN_RE = re.compile(f"[^{CJK}]+")  # what is left after removing runs of it: the CJK
KANA_RE = re.compile("[\u3040-\u30ff]")
HANGUL_RE = re.compile("[\uac00-\ud7af]")

# Separators and brackets that sites put around labels and widgets.
_C = r"\s*[:：]\s*"  # a label's colon, either width
_OB, _CB = r"[【\[〔(（<《]", r"[】\]〕)）>》]"

# ---------------------------------------------------------------- decode
BOM_ENCODINGS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
HTTP_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# Characters of bytes that are not text: controls other than layout ones, replacement marks.
BINARY_CHAR_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
META_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# Declarations that name a subset of what the bytes may hold: decode with the superset.
WIDER_ENCODING = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "x-big5": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}

# ---------------------------------------------------------------- html
# Tags whose content is never article text.
DROP_TAGS = [
    "script", "style", "noscript", "iframe", "select", "option", "button", "textarea", "input", "svg", "canvas", "template", "object",
    "embed", "video", "audio", "map", "head", "title", "link", "meta",
]  # fmt: skip
SECTION_TAGS = ("nav", "header", "footer", "aside", "form")
# class/id words of page furniture: widgets, navigation, comments, related lists, QR codes.
NEGATIVE_ATTR_RE = re.compile(
    r"(?:^|[\s_-])(?:share|bdshare|print|close|fontsize|font-size|font_size|ewm|qrcode|qr-code|"
    r"erweima|breadcrumb|crumb|position|location|weizhi|"
    r"prev|next|pre-next|prenext|sxp|related|relate|xgxw|xgwz|recommend|tuijian|hot|hotnews|"
    r"sidebar|side|aside|footer|foot|header|nav|navbar|menu|topbar|toolbar|tools|ad|ads|advert|"
    r"banner|login|search|copyright|bottom|subscribe|tags?|keywords?|author-info|"
    r"popup|modal|dialog|mask|fixed|gotop|backtop|rank|paihang|weixin|wechat|weibo|"
    r"disclaimer|statement|shengming|hidden|display-none)(?:$|[\s_-]|\d)",
    re.I,
)
# Comment areas can outweigh the article itself: they go whatever their size.
COMMENT_ATTR_RE = re.compile(
    r"(?:^|[\s_-])(?:comments?|pinglun|reply|replies|respond|feedback|discuss|cmt)(?:$|[\s_-]|\d)",
    re.I,
)
# Body containers government and news CMSs use, most specific first.
CONTENT_SELECTORS = [
    ".TRS_Editor", "#vsb_content", "[id^=vsb_content]", ".j-fontContent", "#UCAP-CONTENT",
    ".UCAP-CONTENT", "#zoom", ".zoom", "#Zoom", "#fontzoom", ".pages_content", "#pages_content",
    ".article-content", ".article_content", "#article_content", ".articleContent",
    "#articleContent", ".article-body", ".article_body", "#ArticleContent", ".TRS_UEDITOR",
    ".content_text", ".news_content", "#news_content", ".newsContent", "#newsContent",
    ".detail-content", ".detail_content", "#detailContent", ".con_text", ".main-text",
    "#endText", ".post_body", "#artibody", ".rich_media_content", "[itemprop=articleBody]",
]  # fmt: skip
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "table",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
        "blockquote",
        "pre",
        "center",
        "main",
        "figure",
        "figcaption",
        "hr",
        "address",
        "tbody",
        "thead",
        "caption",
    ]
)
LINE_BREAK_TAGS = frozenset({"br", "hr"})

# <meta> names, lower-cased, that carry record fields; the first present wins.
META_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("articletitle", "og:title", "twitter:title"),
    "published_at": (
        "pubdate", "publishdate", "publish_date", "publishtime", "article:published_time",
        "og:release_date", "firstpublishedtime", "datepublished", "release_date", "ptime",
        "og:article:published_time", "weibo:article:create_at", "dc.date", "date",
        "dc.date.issued", "article:modified_time", "lastmodifiedtime",
    ),
    "source_name": ("contentsource", "source", "og:article:source", "article:source"),
    "keywords": ("keywords",),
    "summary": ("description", "og:description"),
    "author": ("author", "article:author", "og:article:author", "dc.creator"),
    "column": ("columnname",),
    "site": ("sitename", "og:site_name"),
    "url": ("og:url", "url"),
}  # fmt: skip

# ---------------------------------------------------------------- dates
# Patterns open with a plain character or class, never with a look-behind, so that the regex
# engine skips to the next possible first character instead of trying every position: the
# look-behind that keeps "12023" or "1/2023" out comes after the first characters.
_YEAR_MONTH = r"((?:19|20)(?<![\d/.]..)\d{2})(?:[-/.]|\s*年\s*)(\d{1,2})"
_DAY = r"(?:[-/.]|\s*月\s*)(\d{1,2})\s*日?"
_TIME = r"(?:[\sT]*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?(?![\d/])"
DATE_RE = re.compile(f"{_YEAR_MONTH}(?:{_DAY})?{_TIME}")  # "2023-07" … "2023/2/2 10:30:45"
FULL_DATE_RE = re.compile(f"{_YEAR_MONTH}{_DAY}{_TIME}")  # a day is required
TIMED_DATE_RE = re.compile(f"{_YEAR_MONTH}{_DAY}[\\sT]*\\d{{1,2}}[:：]\\d{{2}}")
# American order, seen on old ASP sites: 9/17/2004 5:54:13 AM
US_DATE_RE = re.compile(
    r"(\d(?<![\d/]\d)\d?)/(\d{1,2})/((?:19|20)\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*([AP]M)?)?(?![\d/])",
    re.I,
)
# A date label: 发布时间： 日期: 发表于 … as branches that each open with a plain character.
_DATE_VERBS = ("发布", "更新", "发表", "发稿", "刊发", "上传", "录入", "添加", "出版", "成文", "印发", "")  # fmt: skip
DATE_LABEL_RE = re.compile(
    "|".join(f"{verb}{noun}{_C}" for verb in _DATE_VERBS for noun in ("时间", "日期"))
    + "|发表于|发布于"
)
URL_DATE_RES = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_"),
    re.compile(r"/((?:19|20)\d{2})-(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})/"),
    re.compile(r"[/_]((?:19|20)\d{2})(\d{2})(\d{2})(?:\d|[/_])"),
)

# ---------------------------------------------------------------- chrome lines
# Families that start a line: every pattern begins with ^ and has no top-level |, so that one
# alternation of them all is only tried at the line's start (``match``), not at every position.
CHROME_START_RES = (
    # location / breadcrumb
    re.compile(r"^(?:当前位置|您(?:现在)?的?(?:当前)?所?在?的?位置|所在位置|位置)" + _C),
    re.compile(r"^首页\s*(?:[>＞»›/|]|&gt;)"),
    # reading widgets: a line made only of bracketed widgets or widget words
    re.compile(
        r"^(?:"
        + _OB
        + r"?\s*(?:字体|字号)"
        + _C
        + r".{0,12}"
        + _CB
        + r"?\s*)?(?:"
        + _OB
        + r"?\s*(?:打印(?:本页|此页|文章)?|关闭(?:本页|窗口|此页)?|收藏(?:本页)?|返回顶部|"
        r"返回列表|加入收藏|保存|分享|纠错|大|中|小|默认|复制链接)\s*" + _CB + r"?\s*)+$"
    ),
    re.compile(r"^" + _OB + r"?\s*(?:字体|字号)" + _C + ".{0,16}$"),
    re.compile(r"^(?:扫一扫|用微信扫|微信扫一扫|手机扫|扫描二维码|扫码)"),
    re.compile(r"^(?:分享到|分享至|分享)\s*[:：]?"),
    # article navigation and related lists
    re.compile(r"^" + _OB + r"?\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇)"),
    re.compile(
        r"^" + _OB + r"?\s*(?:相关(?:新闻|阅读|链接|文章|报道|稿件|推荐|专题)|推荐阅读|热点新闻|"
        r"热门(?:新闻|文章|推荐|阅读|评论)|延伸阅读|猜你喜欢|更多(?:新闻|精彩|阅读|>+)?|"
        r"精彩推荐|热门排行|点击排行|阅读排行|24小时排行|往期回顾|今日推荐|编辑推荐)\s*"
        + _CB
        + r"?\s*[:：>]?\s*$"
    ),
    # comments
    re.compile(
        r"^(?:网友评论|发表评论|我要评论|评论区|查看评论|全部评论|最新评论|热门评论|评论|"
        r"\d+\s*条评论|已有\s*\d+\s*(?:条|人)(?:评论|参与)).{0,12}$"
    ),
    # site furniture
    re.compile(r"^(?:资讯中心|新闻中心|联系我们|网站地图|关于我们|设为首页|加入收藏|返回首页)$"),
    re.compile(r"^(?:主办单位|承办单位|协办单位|技术支持|运维单位|主管单位)" + _C),
    # edit trail
    re.compile(
        r"^" + _OB + r"?\s*(?:责任编辑|责编|编辑|审核|审校|校对|终审|初审|复审|值班编辑|"
        r"网络编辑|监制|签发)" + _C + r"[^。]{0,30}$"
    ),
    # buttons and badges of news apps and encyclopedias, alone on their line
    re.compile(
        r"^(?:广告|播报|编辑|举报|点赞|赞|转发|复制|收起|展开|展开全文|阅读全文|查看全文|"
        r"阅读剩余全文\s*\(?\s*\)?|打开APP|下载APP|APP内打开|×|✕|\d(?:\.\d+)?x|"
        r"出错了.{0,12}|加载中.{0,6}|播报文章|听新闻|语音播报)$",
        re.I,
    ),
    # an ad badge run into its caption; a line with a full stop is a sentence about advertising
    re.compile(r"^广告\s*\S[^。]{0,40}$"),
    # platform disclaimers: a statement heading or a reprint note
    re.compile(r"^(?:(?:免责)?声明\s*[:：]|本文(?:来自|转载自|系转载|为转载))"),
    # image furniture
    re.compile(
        r"^(?:图片|点击查看大图|查看大图|点击图片|视频加载中.*|Play Video|"
        r"\d{1,2}:\d{2}(?:\s*/\s*\d{1,2}:\d{2})?|/\s*\d{1,2}:\d{2})$",
        re.I,
    ),
)
CHROME_START_RE = re.compile(
    "|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" for p in CHROME_START_RES)
)
# Families found anywhere in a line, as one flat alternation of words: every branch starts with
# a plain character, so the engine jumps between those characters instead of trying each branch
# at each position.
CHROME_WORDS_RE = re.compile(
    # site furniture: registration numbers and copyright
    r"网站标识码|ICP\s*备|ICP\s*证|公网安备|京公网|网安备|版权所有|©|"
    # lures of speech-template sites
    r"预览(?:阅读)?已?结束|免费获取全文|联系老师|下载后查看|点击下载|"
    r"下面是小编|小编为大家|供大家参考|本文由网友投稿|欢迎阅读|仅供参考|"
    # platform disclaimers under user-uploaded articles
    r"仅提供信息(?:存储|发布)(?:空间)?服务|不代表本(?:站|网|平台)(?:观点|立场)"
)
CHROME_WORDS_I_RE = re.compile(r"Copyright|All Rights Reserved", re.I)

# ---------------------------------------------------------------- info lines → fields
# A label and its field; a line made only of labelled values is an info line.
INFO_LABELS: tuple[tuple[str, str], ...] = (
    (r"(?:发布|更新|发表|发稿|录入)?(?:时间|日期)", "published_at"),
    (r"来源|稿源|信息来源|文章来源|来自", "source_name"),
    (r"作者|撰稿|撰文|文|记者|通讯员|作者单位", "author"),
    (
        r"浏览(?:次数|量)?|阅读(?:次数|量|数)?|点击(?:数|量|率|次数)?|访问(?:量|次数)|人气|浏览次",
        "views",
    ),
    (r"关键词|关键字|标签", "keywords"),
    (r"导读|摘要|内容摘要|内容提要|提要", "summary"),
    (r"原标题", "original_title"),
    (r"责任编辑|责编|编辑|审核|审校|校对|字号|字体|分享到|分享|发布于|发自|IP属地", "drop"),
)
INFO_LABEL_RE = re.compile(
    r"(?:^|\s|[|｜丨])" + _OB + r"?\s*(" + "|".join(f"(?:{p})" for p, _ in INFO_LABELS) + r")" + _C
)
INFO_FIELD_RES = tuple((re.compile(f"^(?:{p})$"), field) for p, field in INFO_LABELS)
BARE_INT_RE = re.compile(r"^\d{1,9}$")
VIEWS_INLINE_RE = re.compile(r"(?:浏览|阅读|点击|访问)(?:次数|量|数|率)?\s*[:：]?\s*(\d+)\s*次?")
AUTHOR_RES = (
    re.compile(
        r"^[(（]?\s*记者\s*[:：]?\s*([^\s()（）报]{2,4}(?:[\s、,，]+[^\s()（）报]{2,4})*)\s*报道\s*[)）]?$"
    ),
    re.compile(r"^[(（]\s*(?:本报)?记者\s*[:：]?\s*([^()（）]{2,20}?)\s*[)）]$"),
    re.compile(r"^[(（]?\s*(?:文|作者|撰稿)\s*[/:：|]\s*([^\s()（）]{2,12})\s*[)）]?$"),
)
LEADING_AUTHOR_RE = re.compile(
    r"^((?:本报|本台|本刊|本网)讯?|[^\s，,。]{2,8}(?:网|社|报|台)讯?)\s*[(（]\s*(?:本报)?记者\s*[:：]?"
    r"\s*([^()（）]{2,20}?)\s*(?:报道)?\s*[)）]\s*"
)
TRUNCATION_RE = re.compile(r"-*\s*此处隐藏\s*[:：]?\s*(\d+)\s*字\s*[,，]?\s*(?:下载后查看)?\s*-*")
KEYWORD_SPLIT_RE = re.compile(r"[\s,，;；、|｜/]+")

# ---------------------------------------------------------------- normalize
# A reading in brackets after a Chinese character: 字(zì). The bracket comes first and the
# character is checked behind it, so that the engine only stops at brackets, not at every
# Chinese character; group 1 is the reading.
PINYIN_GLOSS_RE = re.compile(
    f"[(（](?<=[{CJK}][(（])" + r"([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]{1,7})[)）]"
)
# Runs of horizontal space (any width); the normalizer decides whether one space stays.
SPACES_RE = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u3000]+")
FULLWIDTH_ASCII = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
FULLWIDTH_RE = re.compile("[\uff01-\uff5e]")
ZERO_WIDTH_RE = re.compile("[\u200b-\u200f\u2028\u2029\u2060\ufeff\u00ad\r]")
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# ---------------------------------------------------------------- damage and redaction
# A '?' or a stray backslash squeezed between Chinese characters: bytes of a GBK run read one
# byte off, or a character the decoder could not map. Each pattern starts with its rare literal so
# that the regex engine only stops there; neighbours are checked by the caller.
QUESTION_RUN_RE = re.compile(r"\?[!！?]?")
BACKSLASH_RE = re.compile(f"\\\\(?<=[{CJK}]\\\\)(?=[{CJK}])")
# Each with the characters one of which any match holds: a cheap ``in`` test skips the scan.
DAMAGE_RES = (
    (BACKSLASH_RE, "\\"),
    (re.compile("\ufffd+"), "\ufffd"),
    (re.compile("锟斤拷|烫烫烫|屯屯屯"), "锟烫屯"),
    (re.compile("[ÃÂâ][\u0080-\u00bf]{1,2}"), "ÃÂâ"),
)
# '*' or X/XX placeholders next to Chinese text (the caller checks the neighbours).
STAR_RUN_RE = re.compile(r"\*{1,4}")
X_RUN_RE = re.compile(r"XX|xx|X{3}|x{3}|××")
