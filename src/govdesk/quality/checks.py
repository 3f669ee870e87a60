"""Pre-submission quality checks: an ordered pipeline of small check classes, each
looking at the draft and returning problems. Hints never change or drop the text;
only a classification (密级) word blocks submission, with the reason shown."""

import re
from dataclasses import dataclass

from govdesk.items.models import ItemKind
from govdesk.lib import segment
from govdesk.quality.models import Boilerplate, LexiconEntry, Severity


@dataclass(frozen=True)
class Draft:
    title: str
    body: str
    kind: str = ItemKind.DYNAMIC


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    blocking: bool = False


class Check:
    code = ""

    def run(self, draft: Draft) -> list[Problem]:
        raise NotImplementedError

    def problem(self, message: str, *, blocking: bool = False) -> Problem:
        return Problem(self.code, message, blocking)


_NUM = r"[0-9０-９一二三四五六七八九十百千万两]"
# The five basic elements (要素) and how to spot each in the body.
ELEMENTS = [
    (
        "时间",
        rf"{_NUM}+\s*(年|月|日|号|时)|今年|去年|近日|日前|近期|上午|下午|当天|本周|上旬|中旬|下旬|春节|汛期",
    ),
    ("地点", r"[\u4e00-\u9fff]{1,10}(省|市|县|区|镇|乡|村|街道|社区|园区|开发区|会议室|现场)"),
    (
        "主体",
        r"(镇|乡|县|市|区|局|委|办|政府|党委|中心|公司|学校|医院|街道|社区|村|部门|干部|群众)",
    ),
    (
        "事件",
        r"(召开|开展|举行|举办|部署|发生|完成|启动|组织|落实|推进|实施|出台|印发|检查|排查|救助|转移|签约|建成|投入)",
    ),
    ("数据", rf"{_NUM}+\s*(个|名|人|家|户|项|次|件|处|万|亿|元|吨|亩|公里|米|%|％|余|多)"),
]

# Body length (characters) a kind of item is expected to have.
LENGTH_NORMS = {
    ItemKind.DYNAMIC: (100, 1500),
    ItemKind.COMPREHENSIVE: (500, 4000),
    ItemKind.BRIEF: (60, 500),
    ItemKind.SPECIAL: (500, 5000),
    ItemKind.RESEARCH: (1000, 8000),
    ItemKind.EXPERIENCE: (500, 4000),
    ItemKind.SUGGESTION: (200, 3000),
    ItemKind.DIGEST: (100, 3000),
    ItemKind.EMERGENCY: (30, 2000),
}


class MissingElements(Check):
    code = "elements"

    def run(self, draft):
        missing = [name for name, pattern in ELEMENTS if not re.search(pattern, draft.body)]
        if not missing:
            return []
        return [self.problem(f"基本要素不全：正文未见{'、'.join(missing)}。")]


class TitleMatchesBody(Check):
    code = "title"
    MIN_SHARE = 0.3

    def run(self, draft):
        words = {w for w in segment.query_tokens(draft.title) if len(w) >= 2}
        if not words or not draft.body.strip():
            return []
        body = draft.body.lower()
        share = sum(1 for w in words if w in body) / len(words)
        if share >= self.MIN_SHARE:
            return []
        return [
            self.problem("标题与正文不符：标题中的主要词语在正文中很少出现，请核对题文是否一致。")
        ]


class LengthNorm(Check):
    code = "length"

    def run(self, draft):
        low, high = LENGTH_NORMS.get(draft.kind, (0, 100000))
        length = len(re.sub(r"\s", "", draft.body))
        label = ItemKind(draft.kind).label if draft.kind in ItemKind.values else "信息"
        if length < low:
            return [self.problem(f"篇幅偏短：{label}类信息正文一般不少于{low}字（现{length}字）。")]
        if length > high:
            return [
                self.problem(
                    f"篇幅偏长：{label}类信息正文一般不超过{high}字（现{length}字），请精简。"
                )
            ]
        return []


class BoilerplatePhrases(Check):
    code = "boilerplate"

    def run(self, draft):
        text = f"{draft.title}\n{draft.body}"
        return [
            self.problem(
                f"套话：“{b.phrase}”"
                + (f"，{b.advice}" if b.advice else "，建议删去或改写为具体做法。")
            )
            for b in Boilerplate.objects.all()
            if b.phrase in text
        ]


class Lexicon(Check):
    code = "lexicon"

    def run(self, draft):
        text = f"{draft.title}\n{draft.body}"
        problems = []
        for entry in LexiconEntry.objects.all():
            if entry.word not in text:
                continue
            if entry.severity == Severity.BLOCK:
                problems.append(
                    self.problem(f"不能报送：含有“{entry.word}”——{entry.reason}", blocking=True)
                )
            else:
                problems.append(self.problem(f"敏感词提醒：“{entry.word}”——{entry.reason}"))
        return problems


PIPELINE: list[Check] = [
    Lexicon(),
    MissingElements(),
    TitleMatchesBody(),
    LengthNorm(),
    BoilerplatePhrases(),
]


def run_checks(draft: Draft, pipeline: list[Check] = PIPELINE) -> list[Problem]:
    return [problem for check in pipeline for problem in check.run(draft)]


def blocking_problems(title: str, body: str) -> list[str]:
    """Why the text may not be submitted at all (classification words); empty if it may."""
    return [p.message for p in Lexicon().run(Draft(title, body)) if p.blocking]
