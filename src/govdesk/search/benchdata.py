"""Synthetic corpus for the search and duplicate benchmarks: a county office with
township and department units and N submitted items written from a pool of
realistic sentences. Each distinct sentence is segmented by jieba once and reused,
which gives exactly the tokens a full segmentation would (sentences end at
punctuation) at a fraction of the cost. Run the benchmarks on a scratch database."""

import random
from datetime import timedelta

from django.db import connection, transaction

from govdesk.accounts.models import User
from govdesk.items.models import Item, ItemKind, State
from govdesk.lib import clock, segment
from govdesk.lib.orm import insert_rows
from govdesk.search import dedup, index
from govdesk.search.models import LshBand, SearchDoc, Signature
from govdesk.units.models import Level, Unit, UnitKind
from govdesk.units.services import unit_create

OFFICE_NAME = "基准测试县人民政府办公室"
PLACES = [
    "城关",
    "河口",
    "清溪",
    "石桥",
    "马坪",
    "白沙",
    "青山",
    "龙泉",
    "柳林",
    "新店",
    "双河",
    "古城",
    "东岭",
    "西坪",
    "南湖",
    "北岗",
    "桃源",
    "杨庄",
    "李集",
    "高桥",
    "金山",
    "银湖",
    "凤凰",
    "黄坡",
    "红星",
    "太平",
    "长乐",
    "永安",
    "兴隆",
    "和平",
]
DEPARTMENTS = [
    "应急管理局",
    "农业农村局",
    "卫生健康局",
    "教育局",
    "住建局",
    "交通运输局",
    "生态环境局",
    "民政局",
    "水利局",
    "林业局",
    "市场监管局",
    "人社局",
    "自然资源局",
    "文旅局",
    "商务局",
    "公安局",
]
TOPICS = [
    "防汛",
    "抗旱",
    "疫情防控",
    "安全生产",
    "秸秆禁烧",
    "乡村振兴",
    "招商引资",
    "森林防火",
    "环境整治",
    "信访维稳",
    "民生实事",
    "项目建设",
    "义务教育",
    "医疗保障",
    "养老服务",
    "河长制",
    "垃圾分类",
    "文明创建",
    "春耕生产",
    "消防安全",
    "食品安全",
    "防溺水",
    "耕地保护",
    "营商环境",
    "就业创业",
    "低保救助",
    "危房改造",
    "农村电商",
    "高标准农田",
    "人居环境",
    "道路交通",
    "燃气安全",
    "校园安全",
    "药品监管",
    "医保基金",
    "退役军人",
    "残疾人帮扶",
    "未成年人保护",
    "妇女儿童",
    "粮食安全",
    "生猪生产",
    "茶叶产业",
    "乡村旅游",
    "文化惠民",
    "全民健身",
    "网格化管理",
    "矛盾纠纷",
    "平安建设",
    "扫黑除恶",
    "反诈宣传",
    "禁毒宣传",
    "普法教育",
    "政务服务",
    "数字政府",
    "优化审批",
    "减税降费",
    "企业帮扶",
    "重点项目",
    "园区建设",
    "土地征收",
    "棚户区改造",
    "老旧小区",
    "物业管理",
    "供水保障",
    "电力保障",
    "冬季取暖",
    "地质灾害",
    "气象预警",
    "水库安全",
    "河道清淤",
    "植树造林",
    "大气污染",
    "水污染",
    "土壤污染",
    "节能减排",
    "碳达峰",
    "安全检查",
    "隐患排查",
    "应急演练",
    "值班值守",
    "疫苗接种",
    "家庭医生",
    "义诊",
    "健康教育",
    "控辍保学",
    "校舍改造",
    "营养餐",
    "技能培训",
    "劳务输出",
    "返乡创业",
    "小额贷款",
    "产业扶持",
]
VERBS = [
    "召开",
    "部署",
    "开展",
    "启动",
    "推进",
    "落实",
    "组织",
    "检查",
    "督导",
    "举办",
    "研究",
    "安排",
    "开启",
    "深化",
    "强化",
]
ACTIONS = [
    "专题会议",
    "应急演练",
    "集中排查",
    "督查检查",
    "业务培训",
    "宣传活动",
    "现场观摩",
    "攻坚行动",
    "调研走访",
    "整改落实",
    "推进会",
    "座谈会",
    "联席会议",
    "专项整治",
    "百日行动",
    "入户走访",
    "观摩评比",
    "考核验收",
]
FIGURES = [
    "个村",
    "名干部",
    "户群众",
    "项隐患",
    "家企业",
    "万元资金",
    "场次活动",
    "处点位",
    "人次",
    "吨物资",
    "亩",
    "公里",
]


def _sentence(rng: random.Random) -> str:
    place = rng.choice(PLACES) + rng.choice(["镇", "乡", "街道"])
    figure = f"{rng.randint(2, 900)}{rng.choice(FIGURES)}"
    patterns = [
        f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{place}{rng.choice(VERBS)}"
        f"{rng.choice(TOPICS)}{rng.choice(ACTIONS)}",
        f"全{place[-1]}共涉及{figure}，{rng.choice(VERBS)}{rng.choice(TOPICS)}工作责任",
        f"{rng.choice(DEPARTMENTS)}围绕{rng.choice(TOPICS)}{rng.choice(VERBS)}{rng.choice(ACTIONS)}，"
        f"覆盖{figure}",
        f"下一步，{place}将持续做好{rng.choice(TOPICS)}和{rng.choice(TOPICS)}工作",
    ]
    return rng.choice(patterns) + "。"


class Corpus:
    """A pool of sentences with their segmentations, and items drawn from it."""

    def __init__(self, seed: int = 2026, pool: int = 60000):
        self.rng = random.Random(seed)
        index.load_dictionary()
        sentences = {_sentence(self.rng) for _ in range(pool)}
        self.sentences = [(s, segment.index_text(s)) for s in sorted(sentences)]

    def text(self) -> tuple[str, str, str, str]:
        """(title, body, segmented title, segmented body) of one item."""
        picked = self.rng.sample(self.sentences, self.rng.randint(4, 9))
        title = picked[0][0].split("，")[-1].rstrip("。")[:40]
        body = "".join(s for s, _ in picked)
        return title, body, segment.index_text(title), " ".join(t for _, t in picked)


def office() -> Unit:
    found = Unit.objects.filter(name=OFFICE_NAME).first()
    if found:
        return found
    county = unit_create(
        actor=None, parent=None, name=OFFICE_NAME, kind=UnitKind.OFFICE, level=Level.COUNTY
    )
    for place in PLACES:
        unit_create(actor=None, parent=county, name=f"{place}镇人民政府", kind=UnitKind.TOWNSHIP)
    for name in DEPARTMENTS:
        unit_create(actor=None, parent=county, name=f"基准县{name}", kind=UnitKind.DEPARTMENT)
    return county


def populate(count: int, *, progress=None, batch: int = 10_000) -> Unit:
    """Make sure the benchmark office holds at least ``count`` items, indexed and signed."""
    county = office()
    have = Item.objects.filter(office=county).count()
    if have >= count:  # built by an earlier run: reused as it is
        return county
    units = list(Unit.objects.filter(path__startswith=county.path, depth=county.depth + 1))
    user, _ = User.objects.get_or_create(username="bench", defaults={"full_name": "基准测试"})
    corpus = Corpus(seed=have)
    now = clock.now()
    while have < count:
        size = min(batch, count - have)
        rows = [corpus.text() for _ in range(size)]
        with transaction.atomic():
            items = Item.objects.bulk_create(
                Item(
                    unit=corpus.rng.choice(units),
                    office=county,
                    title=title,
                    body=body,
                    kind=corpus.rng.choice(ItemKind.values),
                    created_by=user,
                    state=State.SUBMITTED,
                    submission_count=1,
                    submitted_at=(
                        at := now - timedelta(minutes=corpus.rng.randint(0, 720 * 24 * 60))
                    ),
                    last_submitted_at=at,
                    created_at=at,
                    updated_at=at,
                )
                for title, body, _, _ in rows
            )
            # The index rows as plain values (COPY on PostgreSQL): at 2,000,000 items
            # the 28,000,000 band rows as model instances would take most of the build.
            insert_rows(
                SearchDoc,
                ["item_id", "title", "body", "meta", "indexed_at"],
                (
                    (item.pk, seg_title, seg_body, item.unit.name, now)
                    for item, (_, _, seg_title, seg_body) in zip(items, rows, strict=True)
                ),
            )
            values = [dedup.signature(dedup.item_text(i.title, i.body)) for i in items]
            insert_rows(
                Signature,
                ["item_id", "office_id", "hashvalues"],
                ((item.pk, county.pk, v.tobytes()) for item, v in zip(items, values, strict=True)),
            )
            insert_rows(
                LshBand,
                ["item_id", "band", "hash"],
                (
                    (item.pk, number, band)
                    for item, v in zip(items, values, strict=True)
                    for number, band in enumerate(dedup.bands(v))
                ),
            )
        have += size
        if progress:
            progress(have)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load (statistics, the visibility map
        # that index-only probes read), at once, so that runs measure a settled database.
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM (ANALYZE) items_item, search_searchdoc, search_itemvector, search_lshband"
            )
    return county
