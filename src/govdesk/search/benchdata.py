"""Synthetic corpus for the search and duplicate benchmarks: a county office with
township and department units and N submitted items written from a pool of
realistic sentences. Each distinct sentence is segmented by jieba once and reused,
which gives exactly the tokens a full segmentation would (sentences end at
punctuation) at a fraction of the cost. Run the benchmarks on a scratch database."""

import importlib
import multiprocessing
import random
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta

import numpy as np
from django.core.management.color import no_style
from django.db import connection, transaction

from govdesk.accounts.models import User
from govdesk.items.models import Item, ItemKind, State
from govdesk.lib import clock, segment
from govdesk.lib.orm import insert_rows, restore_keys, set_aside_for_load
from govdesk.search import dedup, index
from govdesk.search.models import LshBand, SearchDoc, Signature
from govdesk.units.models import Level, Unit, UnitKind
from govdesk.units.services import unit_create

_VECTORS = importlib.import_module("govdesk.search.migrations.0005_item_vectors")

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


class Sentences(Sequence):
    """The pool's sentences in order, each with its segmentation, which is made when a
    sentence is first drawn: a small run (the memory benchmark's 200 items) uses part
    of the pool, and the draws are the same as from a list (``random.choice`` and
    ``random.sample`` need only the length and indexing by position)."""

    def __init__(self, sentences):
        self._sentences = sorted(sentences)
        self._segmented: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._sentences)

    def __getitem__(self, i: int) -> tuple[str, str]:
        sentence = self._sentences[i]
        i %= len(self)
        if i not in self._segmented:
            self._segmented[i] = segment.index_text(sentence)
        return sentence, self._segmented[i]


class Corpus:
    """A pool of sentences with their segmentations, and items drawn from it."""

    def __init__(self, seed: int = 2026, pool: int = 60000):
        self.rng = random.Random(seed)
        index.load_dictionary()
        self.sentences = Sentences({_sentence(self.rng) for _ in range(pool)})
        self._titles: dict[str, str] = {}

    def text(self) -> tuple[str, str, str, str]:
        """(title, body, segmented title, segmented body) of one item. A title is a
        clause of a pool sentence: each distinct one is segmented once."""
        picked = self.rng.sample(self.sentences, self.rng.randint(4, 9))
        title = picked[0][0].split("，")[-1].rstrip("。")[:40]
        if title not in self._titles:
            self._titles[title] = segment.index_text(title)
        return title, body_of(picked), self._titles[title], " ".join(t for _, t in picked)


def body_of(picked) -> str:
    return "".join(s for s, _ in picked)


class Signer:
    """MinHash signatures with each distinct shingle hashed once. A signature is the
    element-wise minimum of its shingles' hash values (what ``MinHash.update_batch``
    computes), so this equals ``dedup.signature`` of the same text at a fraction of
    the cost: the corpus's texts share a small set of shingles."""

    def __init__(self):
        self._values: dict[str, np.ndarray] = {}

    def __call__(self, text: str) -> np.ndarray:
        values = []
        for shingle in dedup.shingles(text):
            value = self._values.get(shingle)
            if value is None:
                value = self._values[shingle] = dedup.signature({shingle})
            values.append(value)
        return np.min(values, axis=0) if values else dedup.signature(set())


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


# --- the build -----------------------------------------------------------------------
#
# Worker processes (forked, so they share the parent's sentence pool) write a batch's
# rows as plain values; the parent loads them with COPY. Every stored value is what
# production stores for that text: segment.index_text per distinct sentence and title
# (a body's segmentation is its sentences', which end at punctuation), the signature
# as dedup.signature computes it (Signer), dedup.bands of it (tests/search/test_benchdata).

_ITEM_FIELDS = [f for f in Item._meta.concrete_fields]
ITEM_COLUMNS = [f.column for f in _ITEM_FIELDS]
_VARYING = ["id", "unit_id", "title", "body", "kind"]
_TIMES = ["submitted_at", "last_submitted_at", "created_at", "updated_at"]
_build: dict = {}  # the parent's corpus and row template, inherited by forked workers


def _batch(first_id: int, size: int) -> tuple[list, list, list, list]:
    """Rows for items first_id … first_id + size - 1: items, search docs, signatures,
    LSH bands."""
    corpus, signer = _build["corpus"], _build["signer"]
    template, units, office_id, now = (_build[k] for k in ("template", "units", "office_id", "now"))
    corpus.rng = rng = random.Random(first_id)
    positions = [ITEM_COLUMNS.index(c) for c in _VARYING + _TIMES]
    items, docs, signatures, bands = [], [], [], []
    for pk in range(first_id, first_id + size):
        title, body, seg_title, seg_body = corpus.text()
        unit = rng.choice(units)
        at = now - timedelta(minutes=rng.randint(0, 720 * 24 * 60))
        row = list(template)
        values = [pk, unit.pk, title, body, rng.choice(ItemKind.values)] + [at] * len(_TIMES)
        for position, value in zip(positions, values, strict=True):
            row[position] = value
        items.append(row)
        docs.append((pk, seg_title, seg_body, _build["metas"][unit.pk], now))
        signed = signer(dedup.item_text(title, body))
        signatures.append((pk, office_id, signed.tobytes()))
        bands.extend((pk, n, h) for n, h in enumerate(dedup.bands(signed)))
    return items, docs, signatures, bands


def populate(
    count: int, *, progress=None, batch: int = 10_000, pool: int = 60000, workers: int = 2
) -> Unit:
    """Make sure the benchmark office holds at least ``count`` items, indexed and signed."""
    county = office()
    have = Item.objects.filter(office=county).count()
    if have >= count:  # built by an earlier run: reused as it is
        return county
    units = list(Unit.objects.filter(path__startswith=county.path, depth=county.depth + 1))
    user, _ = User.objects.get_or_create(username="bench", defaults={"full_name": "基准测试"})
    template = Item(
        unit=units[0], office=county, created_by=user, state=State.SUBMITTED, submission_count=1
    )
    first = (Item.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    _build.update(
        corpus=Corpus(seed=have, pool=pool),
        signer=Signer(),
        template=[getattr(template, f.attname) for f in _ITEM_FIELDS],
        units=units,
        # What index._meta_text gives an item without writer, topics, authors or files.
        metas={
            u.pk: segment.index_text(" ".join(filter(None, (u.name, u.short_name)))) for u in units
        },
        office_id=county.pk,
        now=clock.now(),
    )
    starts = [(first + n, min(batch, count - have - n)) for n in range(0, count - have, batch)]
    # datasketch (and the SciPy it imports) loaded and the permutations drawn here, once:
    # the forked workers inherit them instead of each importing them again.
    dedup.minhash()
    with (
        multiprocessing.get_context("fork").Pool(workers) as workers_pool,
        _bulk_load(first),
    ):
        pending = deque()
        for start in starts:
            pending.append(workers_pool.apply_async(_batch, start))
            if len(pending) > workers:  # a few batches ahead, not the whole corpus in memory
                have = _load(pending.popleft().get(), have, progress)
        while pending:
            have = _load(pending.popleft().get(), have, progress)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Item]):
            cursor.execute(sql)
    return county


def _load(rows, have: int, progress) -> int:
    items, docs, signatures, bands = rows
    with transaction.atomic():
        insert_rows(Item, ITEM_COLUMNS, items)
        insert_rows(SearchDoc, ["item_id", "title", "body", "meta", "indexed_at"], docs)
        insert_rows(Signature, ["item_id", "office_id", "hashvalues"], signatures)
        insert_rows(LshBand, ["item_id", "band", "hash"], bands)
    have += len(items)
    if progress:
        progress(have)
    return have


# PostgreSQL: the tables a build fills, loaded without their secondary indexes, foreign
# keys and the search vectors' trigger, which are rebuilt in bulk afterwards (at
# 2,000,000 items, 28,000,000 band rows each checked against items one by one took
# most of the build).
_LOADED = [
    "items_item",
    "search_searchdoc",
    "search_itemvector",
    "search_signature",
    "search_lshband",
]
_VECTOR_TRIGGER = "search_itemvector_sync"


@contextmanager
def _bulk_load(first: int):
    if connection.vendor != "postgresql":
        yield
        return
    indexes, keys = set_aside_for_load(_LOADED)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE search_searchdoc DISABLE TRIGGER {_VECTOR_TRIGGER}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(item_id) FROM search_searchdoc")
            last = cursor.fetchone()[0] or 0
        # What the trigger writes (migration 0005's expression), in two halves at once.
        middle = (first + last) // 2
        vectors = (
            f"INSERT INTO search_itemvector (item_id, vector, title_vector) "
            f"SELECT d.item_id, {_VECTORS._vectors('d')} FROM search_searchdoc d "
            f"WHERE d.item_id BETWEEN %s AND %s"
        )
        _in_parallel([[(vectors, [first, middle])], [(vectors, [middle + 1, last])]])
        memory = ("SET maintenance_work_mem = '512MB'", [])
        _in_parallel([[memory, (sql, [])] for _, sql in indexes])
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE search_searchdoc ENABLE TRIGGER {_VECTOR_TRIGGER}")
        restore_keys(keys)
        with connection.cursor() as cursor:
            # What autovacuum does soon after a bulk load (statistics, the visibility map
            # that index-only probes read), at once, so that runs measure a settled database.
            cursor.execute("VACUUM (ANALYZE) " + ", ".join(_LOADED))


def _in_parallel(scripts: list[list[tuple[str, list]]]) -> None:
    """Each script (statements and their parameters) on its own connection, two at a
    time (the machine's cores)."""

    def run(script):
        try:
            with connection.cursor() as cursor:
                for sql, params in script:
                    cursor.execute(sql, params)
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as threads:
        for future in [threads.submit(run, script) for script in scripts]:
            future.result()
