"""Who and where the demo deployment is: a city office, the 清河县 office under it and
the units reporting to each, plus the name pools people and places are drawn from.

Plain data: the builder turns it into rows, ``content`` into text. Unit names, codes
and sizes are fixed so README screenshots and printed logins stay stable; people's
names and villages are drawn from the seeded random generator.
"""

from dataclasses import dataclass, field, replace

CITY = "某市"
COUNTY = "清河县"
CITY_OFFICE = "某市人民政府办公室"
COUNTY_OFFICE = "清河县人民政府办公室"


@dataclass(frozen=True)
class UnitSpec:
    code: str  # ascii, used in usernames: <code>_officer / <code>_reviewer
    name: str
    short_name: str
    kind: str  # govdesk.units.models.UnitKind value
    domains: tuple[str, ...]  # topic domains in govdesk.demo.topics
    category: tuple[str, str]  # assessment category for 2025, 2026
    activity: float  # items per month at scale 1
    self_ref: str  # how a body refers back to the unit: 该镇 / 该局 …
    scope: str  # 全镇 / 全县 …
    reviewer_title: str
    officer_title: str
    counterpart: str = ""  # code of the counterpart department (基层信息直报点)
    sub_places: str = "village"  # village | community | none
    extra: dict = field(default_factory=dict)


TOWN_DOMAINS = ("agri", "rural", "safety", "env", "grassroots", "people", "invest")
STREET_DOMAINS = ("community", "urban", "safety", "grassroots", "people", "invest", "env")


def _town(code, name, short, cats, activity, *, mountain=False, kind="镇"):
    domains = TOWN_DOMAINS + (("fire_forest",) if mountain else ("flood",))
    self_ref, scope = {"镇": ("该镇", "全镇"), "乡": ("该乡", "全乡")}[kind]
    reviewer = {"镇": "党委委员、副镇长", "乡": "党委委员、副乡长"}[kind]
    return UnitSpec(
        code,
        name,
        short,
        "township",
        domains,
        cats,
        activity,
        self_ref,
        scope,
        reviewer,
        "党政办干部",
    )


def _street(code, name, short, cats, activity):
    return UnitSpec(
        code,
        name,
        short,
        "township",
        STREET_DOMAINS,
        cats,
        activity,
        "该街道",
        "全街道",
        "党工委委员、办事处副主任",
        "党政办干部",
        sub_places="community",
    )


TOWNSHIPS = [
    _town("chengguan", "城关镇人民政府", "城关镇", ("A", "A"), 4.2),
    _street("dongcheng", "东城街道办事处", "东城街道", ("A", "A"), 3.6),
    _street("xicheng", "西城街道办事处", "西城街道", ("A", "B"), 3.0),
    _street("beiguan", "北关街道办事处", "北关街道", ("B", "B"), 2.6),
    _town("hekou", "河口镇人民政府", "河口镇", ("A", "A"), 3.8),
    _town("liulin", "柳林镇人民政府", "柳林镇", ("A", "A"), 3.4),
    _town("shiqiao", "石桥镇人民政府", "石桥镇", ("B", "A"), 3.0),
    _town("yangzhuang", "杨庄镇人民政府", "杨庄镇", ("B", "B"), 2.4),
    _town("madian", "马店镇人民政府", "马店镇", ("B", "B"), 2.2),
    _town("longquan", "龙泉镇人民政府", "龙泉镇", ("A", "A"), 3.2, mountain=True),
    _town("baisha", "白沙镇人民政府", "白沙镇", ("B", "B"), 2.6),
    _town("gucheng", "古城镇人民政府", "古城镇", ("A", "B"), 2.8),
    _town("yongan", "永安镇人民政府", "永安镇", ("B", "B"), 2.0),
    _town("xinji", "新集镇人民政府", "新集镇", ("B", "A"), 2.9),
    _town("qingshan", "青山乡人民政府", "青山乡", ("B", "B"), 2.0, mountain=True, kind="乡"),
    _town("taoyuan", "桃园乡人民政府", "桃园乡", ("B", "B"), 2.2, kind="乡"),
    _town("shuanghe", "双河乡人民政府", "双河乡", ("B", "B"), 1.8, kind="乡"),
    _town("huangtuling", "黄土岭乡人民政府", "黄土岭乡", ("B", "B"), 1.6, mountain=True, kind="乡"),
]


def _dept(code, name, short, domains, cats, activity, *, committee=False):
    return UnitSpec(
        code,
        name,
        short,
        "department",
        domains,
        cats,
        activity,
        "该委" if committee else "该局",
        "全县",
        "党组成员、副主任" if committee else "党组成员、副局长",
        "办公室科员",
        sub_places="none",
    )


DEPARTMENTS = [
    _dept("fagai", "县发展和改革局", "县发改局", ("econ",), ("A", "A"), 3.0),
    _dept("jiaoyu", "县教育局", "县教育局", ("edu",), ("A", "A"), 3.2),
    _dept("keji", "县科学技术局", "县科技局", ("tech",), ("C", "C"), 1.2),
    _dept("gongxin", "县工业和信息化局", "县工信局", ("industry",), ("A", "A"), 2.6),
    _dept("gongan", "县公安局", "县公安局", ("police",), ("A", "A"), 2.8),
    _dept("minzheng", "县民政局", "县民政局", ("civil",), ("B", "B"), 2.2),
    _dept("sifa", "县司法局", "县司法局", ("legal",), ("B", "B"), 1.8),
    _dept("caizheng", "县财政局", "县财政局", ("finance",), ("B", "B"), 1.8),
    _dept("renshe", "县人力资源和社会保障局", "县人社局", ("hr",), ("A", "B"), 2.4),
    _dept("ziran", "县自然资源和规划局", "县自然资源局", ("land",), ("B", "B"), 2.0),
    _dept("shengtai", "市生态环境局清河分局", "县生态环境分局", ("env_dept",), ("A", "A"), 2.4),
    _dept("zhujian", "县住房和城乡建设局", "县住建局", ("housing",), ("A", "A"), 2.6),
    _dept("jiaotong", "县交通运输局", "县交通运输局", ("transport",), ("B", "B"), 2.0),
    _dept("shuili", "县水利局", "县水利局", ("water", "flood"), ("B", "A"), 2.2),
    _dept("nongye", "县农业农村局", "县农业农村局", ("agri", "rural"), ("A", "A"), 3.0),
    _dept("shangwu", "县商务局", "县商务局", ("commerce",), ("B", "B"), 1.8),
    _dept("wenlv", "县文化和旅游局", "县文旅局", ("culture",), ("B", "B"), 2.2),
    _dept("weijian", "县卫生健康局", "县卫健局", ("health",), ("A", "A"), 2.8),
    _dept("tuiyi", "县退役军人事务局", "县退役军人局", ("veterans",), ("C", "C"), 1.1),
    _dept(
        "yingji",
        "县应急管理局",
        "县应急管理局",
        ("safety", "flood", "fire_forest"),
        ("A", "A"),
        3.2,
    ),
    _dept("shenji", "县审计局", "县审计局", ("audit",), ("C", "C"), 1.0),
    _dept("shichang", "县市场监督管理局", "县市场监管局", ("market",), ("A", "A"), 2.6),
    _dept("tongji", "县统计局", "县统计局", ("stats",), ("B", "B"), 1.6),
    _dept("yibao", "县医疗保障局", "县医保局", ("medins",), ("B", "C"), 1.4),
    _dept("linye", "县林业局", "县林业局", ("forest", "fire_forest"), ("C", "B"), 1.5),
    _dept("chengguanju", "县城市管理局", "县城管局", ("urban",), ("B", "B"), 2.0),
    _dept("xinfang", "县信访局", "县信访局", ("petition",), ("B", "B"), 1.4),
    _dept("zhengwu", "县政务服务和数据管理局", "县政务服务局", ("govservice",), ("B", "A"), 2.0),
    _dept("liangchu", "县粮食和物资储备局", "县粮储局", ("grain",), ("C", "C"), 1.0),
    _dept("shuiwu", "国家税务总局清河县税务局", "县税务局", ("tax",), ("C", "C"), 1.2),
]

OTHERS = [
    UnitSpec(
        "kaifaqu",
        "清河经济开发区管理委员会",
        "清河经开区",
        "dev_zone",
        ("industry", "invest", "safety", "econ"),
        ("A", "A"),
        3.0,
        "该区",
        "全区",
        "党工委委员、管委会副主任",
        "综合办公室科员",
        sub_places="none",
    ),
    UnitSpec(
        "zhusheng",
        "清河县人民政府驻省城办事处",
        "县驻省城办事处",
        "liaison",
        ("liaison",),
        ("C", "C"),
        0.9,
        "该办",
        "全县",
        "副主任",
        "综合科科员",
        sub_places="none",
    ),
    UnitSpec(
        "zb_wangzhuang",
        "柳林镇王庄村基层信息直报点",
        "王庄村直报点",
        "grassroots",
        ("agri", "rural", "people"),
        ("C", "C"),
        1.0,
        "该村",
        "全村",
        "村党支部书记、村委会主任",
        "村文书",
        counterpart="nongye",
        sub_places="none",
        extra={"place": "柳林镇王庄村"},
    ),
    UnitSpec(
        "zb_xingfu",
        "东城街道幸福社区基层信息直报点",
        "幸福社区直报点",
        "grassroots",
        ("community", "people"),
        ("C", "C"),
        1.0,
        "该社区",
        "全社区",
        "社区党委书记、居委会主任",
        "社区网格员",
        counterpart="minzheng",
        sub_places="none",
        extra={"place": "东城街道幸福社区"},
    ),
    UnitSpec(
        "zb_yiyuan",
        "县人民医院基层信息直报点",
        "县人民医院直报点",
        "grassroots",
        ("health",),
        ("C", "C"),
        0.9,
        "该院",
        "全院",
        "副院长",
        "院办干事",
        counterpart="weijian",
        sub_places="none",
        extra={"place": "县人民医院"},
    ),
]


def _city_dept(code, name, short, domains, cats, activity, *, committee=False):
    spec = _dept(code, name, short, domains, cats, activity, committee=committee)
    return replace(spec, scope="全市")


CITY_DEPARTMENTS = [
    _city_dept(
        "shi_fagai", "市发展和改革委员会", "市发改委", ("econ",), ("A", "A"), 2.0, committee=True
    ),
    _city_dept("shi_yingji", "市应急管理局", "市应急管理局", ("safety", "flood"), ("A", "A"), 2.0),
    _city_dept("shi_nongye", "市农业农村局", "市农业农村局", ("agri", "rural"), ("A", "A"), 1.8),
    _city_dept("shi_jiaoyu", "市教育局", "市教育局", ("edu",), ("B", "B"), 1.5),
    _city_dept("shi_zhujian", "市住房和城乡建设局", "市住建局", ("housing",), ("B", "B"), 1.5),
]

# Other counties of the city, for city-level text ("全市{n}个县（市、区）").
# Publications above the deployment whose adoptions the city scheme prices (政务信息通报
# 范文6 二(二)、(三)): (level, issuer, name, adoption kinds).
EXTERNAL_PUBLICATIONS = [
    (40, "省政府办公厅", "信息简报", ()),
    (40, "省政府办公厅", "共享信息", ()),
    (40, "省政府办公厅", "专报信息", ("general", "research")),
    (40, "省政府办公厅", "领导批示与反馈", ()),
    (40, "省政府办公厅", "信息摘报", ()),
    (50, "国务院办公厅", "国办要情", ()),
    (50, "国务院办公厅", "国办综合", ()),
    (50, "国务院办公厅", "国办送阅", ()),
    (50, "国务院办公厅", "专报信息", ()),
    (50, "国务院办公厅", "信息参考", ()),
    (50, "国务院办公厅", "政务情况交流", ()),
]
CITY_COUNTIES = ["清河县", "安平县", "永宁县", "白水县", "城南区", "城北区", "临川市"]

# --- people --------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
    "薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN_NAMES = [
    "建国",
    "志强",
    "晓梅",
    "丽娟",
    "海涛",
    "文静",
    "俊杰",
    "雪莲",
    "立新",
    "春燕",
    "国强",
    "秀英",
    "卫东",
    "红梅",
    "永刚",
    "淑芬",
    "明辉",
    "慧敏",
    "振华",
    "玉兰",
    "海燕",
    "德胜",
    "晓东",
    "婷婷",
    "鹏",
    "磊",
    "静",
    "敏",
    "勇",
    "娜",
    "芳",
    "涛",
    "洁",
    "超",
    "强",
    "军",
    "伟",
    "艳",
    "杰",
    "丹",
    "浩",
    "颖",
    "宁",
    "琳",
    "斌",
    "波",
    "鑫",
    "瑶",
    "凯",
    "佳",
    "晨阳",
    "思远",
    "子涵",
    "雨桐",
    "文博",
    "欣怡",
    "宏伟",
    "金凤",
    "庆华",
    "向东",
    "新民",
    "爱华",
    "春生",
    "秋菊",
    "冬梅",
    "建华",
    "小龙",
    "晓光",
    "玉峰",
    "长江",
    "少华",
    "利民",
    "学军",
    "光明",
    "亚楠",
    "梦瑶",
    "一鸣",
    "浩然",
    "嘉琪",
    "晓雯",
    "国庆",
    "红霞",
    "保国",
    "海波",
    "丽萍",
    "志刚",
    "桂英",
    "家豪",
    "天宇",
    "晓燕",
]

# --- places -----------------------------------------------------------------------

VILLAGE_FIRST = list("王李张刘陈杨赵周吴孙马朱胡郭何高梁宋韩冯董曹袁许彭田潘杜丁任沈")
VILLAGE_SECOND = list("庄楼营集屯寨湾店岗洼坡桥台堡坊")
VILLAGE_NATURE = [
    "杏花",
    "枣林",
    "槐树",
    "柳河",
    "石门",
    "青龙",
    "白塔",
    "黄泥",
    "沙坡",
    "桃花",
    "梨园",
    "松林",
    "竹园",
    "双井",
    "三官",
    "五里",
    "七里",
    "十里铺",
    "龙王",
    "凤凰",
    "前进",
    "红星",
    "和平",
    "团结",
]
COMMUNITIES = [
    "东关社区",
    "幸福社区",
    "和平社区",
    "建设路社区",
    "人民路社区",
    "育才社区",
    "滨河社区",
    "新华社区",
    "文化路社区",
    "锦绣社区",
    "花园社区",
    "阳光社区",
    "西关社区",
    "车站社区",
    "北苑社区",
    "南湖社区",
]
COMPANIES = [
    "清河县鑫源食品有限公司",
    "清河华瑞纺织有限公司",
    "清河县宏达建材有限责任公司",
    "清河绿源农业科技有限公司",
    "清河县恒泰机械制造有限公司",
    "清河金穗面业有限公司",
    "清河县天成新材料有限公司",
    "清河永兴包装有限公司",
    "清河县康宁医疗器械有限公司",
    "清河晟达电子科技有限公司",
    "清河县福临门家具有限公司",
    "清河润泽生物科技有限公司",
]
PROJECTS = [
    "城东污水处理厂扩建项目",
    "县城至柳林镇公路改建工程",
    "清河经开区标准化厂房二期项目",
    "县人民医院新院区建设项目",
    "城北片区老旧小区改造项目",
    "清河湿地公园生态修复项目",
    "县职业教育中心实训楼项目",
    "冷链物流园建设项目",
    "农村供水保障提升工程",
    "城区雨污分流改造工程",
]
SCHOOLS = [
    "县实验小学",
    "县第一中学",
    "县第二中学",
    "县实验中学",
    "县职业教育中心",
    "城关镇中心小学",
]
ROADS = ["人民路", "建设路", "滨河大道", "清河大道", "解放路", "文化路", "新华街", "迎宾大道"]
RIVERS = ["清河", "沙河", "柳河", "白水河"]
MOUNTAINS = ["青山", "黄土岭", "凤凰山", "龙泉山"]
SCENIC = ["清河湿地公园", "青山森林公园", "古城历史文化街区", "桃园生态观光园", "龙泉山景区"]
OTHER_PLACES = ["浙江省某县", "江苏省某市", "山东省某县", "四川省某区", "安徽省某县", "福建省某市"]
CROPS = ["食用菌", "中药材", "黄桃", "草莓", "辣椒", "小杂粮", "山药", "花生", "茶叶", "葡萄"]
MEDIA = ["《人民日报》", "新华社", "《经济日报》", "《光明日报》", "中国政府网", "《农民日报》"]
