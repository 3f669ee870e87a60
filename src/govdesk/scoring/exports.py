"""A notice as files: .xlsx (one sheet per table, frozen header, numeric cells) and
.docx in the official document look of GB/T 9704 (red masthead, 文号, 仿宋 body,
黑体 headings, page numbers)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from govdesk.lib import clock, officialdoc
from govdesk.lib.officialdoc import NUMERALS, body, heading, official_document
from govdesk.lib.officialsheet import RATE, SCORE, Sheet, workbook_bytes
from govdesk.scoring.engine import shown
from govdesk.scoring.notices import Notice
from govdesk.scoring.selectors import RATE_DEFINITION

# --- .xlsx ---------------------------------------------------------------------------


def _table_rows(notice: Notice) -> tuple[list[str], list[list]]:
    levels = notice.table.levels
    headers = ["分组", "排名", "单位", "报送", "其中已采用", "采用"]
    headers += [f"{level.label}采用" for level in levels]
    headers += ["采用率(%)", "批示", "本期得分", "累计得分", "全年目标", "完成率(%)", "名次变化"]
    rows = [
        [
            row.group,
            row.rank,
            row.unit.display_name,
            row.submitted,
            row.sent_adopted,
            row.adopted,
            *row.level_counts,
            row.adoption_rate,
            row.annotations,
            row.score,
            row.cumulative,
            row.target,
            row.completion,
            row.rank_change,
        ]
        for row in notice.table.rows
    ]
    return headers, rows


SENT_ADOPTED = "本期报送的信息中，到导出时为止已被采用的条数（采用率的分子）"
# The printed table: the columns that fit a portrait A4 page (the .xlsx has them all).
PRINTED = ["排名", "单位", "报送", "采用", "采用率(%)", "批示", "本期得分", "累计得分", "完成率(%)"]


def _printed_groups(notice: Notice) -> dict[str, list[list]]:
    """The ranking as printed: one table per group (townships and departments are ranked
    separately), the ``PRINTED`` columns of the full table."""
    headers, rows = _table_rows(notice)
    group, picked = headers.index("分组"), [headers.index(h) for h in PRINTED]
    groups: dict[str, list[list]] = {}
    for row in rows:
        groups.setdefault(row[group], []).append([row[i] for i in picked])
    return groups


def _sheets(notice: Notice):
    yield ("考核情况", *_table_rows(notice))
    yield (
        "采用信息",
        ["单位", "刊物与标题"],
        [[unit, title] for unit, titles in notice.adopted for title in titles],
    )
    yield "零采用单位", ["单位"], [[unit] for unit in notice.zero_units]
    yield (
        "报送失误",
        ["日期", "单位", "类型", "情况说明"],
        [
            [p.occurred_on, p.unit.name, p.get_kind_display(), p.description]
            for p in notice.failures
        ],
    )
    yield (
        "领导批示",
        ["日期", "单位", "信息标题", "批示领导", "层级", "得分"],
        [
            [
                line.on,
                line.unit.display_name,
                line.item.title,
                line.annotation.leader_name,
                line.annotation.get_leader_level_display(),
                line.points,
            ]
            for line in notice.annotated
        ],
    )
    yield "指标说明", ["指标", "口径"], [["采用率", RATE_DEFINITION], ["其中已采用", SENT_ADOPTED]]


# What each figure of the table means, printed above it so the sheet stands alone.
DEFINITIONS = [
    "报送：本期报送的信息条数；采用：本期被各级刊物采用的条数（按刊物层级分列）。",
    f"采用率(%)：{RATE_DEFINITION}",
    f"其中已采用：{SENT_ADOPTED}。",
    "批示：本期获领导批示的信息条数。",
    "本期得分、累计得分：按考核方案计分，累计自年初起算。",
    "全年目标：考核方案为该类单位设定的全年得分目标；完成率(%)：累计得分 ÷ 全年目标 × 100。",
    "名次变化：与上期相比上升（正数）或下降（负数）的名次。",
]
FORMATS = {"采用率(%)": RATE, "完成率(%)": RATE, "本期得分": SCORE, "累计得分": SCORE}
FORMATS |= {"全年目标": SCORE, "得分": SCORE}


def notice_xlsx(notice: Notice, *, doc_number: str = "") -> bytes:
    heading = [notice.title, *([f"文号：{doc_number}"] if doc_number else [])]
    heading.append(f"统计期间：{notice.period.label}（{notice.period.start}至{notice.period.end}）")
    return workbook_bytes(
        Sheet(
            title,
            headers,
            rows,
            preamble=[*heading, *DEFINITIONS] if number == 0 else [f"{notice.title}：{title}"],
            formats=FORMATS,
        )
        for number, (title, headers, rows) in enumerate(_sheets(notice))
    )


# --- .docx ---------------------------------------------------------------------------


def _shown(value) -> str:
    if value is None:
        return ""
    return shown(value) if isinstance(value, Decimal) else str(value)


def table(doc, headers: list[str], rows: list[list]) -> None:
    officialdoc.table(doc, headers, [[_shown(value) for value in row] for row in rows])


def official_bytes(doc, *, office: str, written_on: date | None = None) -> bytes:
    """Close an ``official_document``: 落款, 成文日期 (``written_on`` when the document
    has a fixed one, else today by the clock), the 版记 with 印发机关和印发日期 (the same
    day), page numbers."""
    day = officialdoc.chinese_date(written_on or timezone.localdate(clock.now()))
    return officialdoc.close_official(doc, office=office, written=day, printed=day)


def notice_docx(notice: Notice, *, doc_number: str) -> bytes:
    office = notice.scheme.office.name
    doc = official_document(
        office=office, doc_number=doc_number, title=notice.title, addressee="各考核单位："
    )
    zero = len(notice.zero_units)
    body(
        doc,
        [
            f"现将{notice.period.label}各单位政务信息报送、采用和得分情况通报如下"
            f"（计分依据：{notice.scheme}）。本期共{len(notice.table.rows)}个考核单位，"
            f"{zero}个单位信息采用为零。"
        ],
    )
    heading(doc, "一、各单位得分情况")
    for number, (group, rows) in enumerate(_printed_groups(notice).items()):
        body(doc, [f"（{NUMERALS[number % 10]}）{group}"])
        table(doc, PRINTED, rows)
    body(doc, [f"注：{RATE_DEFINITION}"])
    heading(doc, "二、各单位被采用信息")
    body(doc, [f"{unit}：{'；'.join(titles)}。" for unit, titles in notice.adopted] or ["无。"])
    heading(doc, "三、信息采用为零的单位")
    body(doc, ["、".join(notice.zero_units) or "无。"])
    heading(doc, "四、重大情况漏报、迟报、误报")
    failures = [
        f"{p.unit.name}{p.get_kind_display()}（{p.occurred_on:%m月%d日}）：{p.description}"
        for p in notice.failures
    ]
    body(doc, failures or ["无。"])
    heading(doc, "五、领导批示信息")
    annotated = [
        f"{line.unit.display_name}《{line.item.title}》，{line.annotation.leader_name}批示。"
        for line in notice.annotated
    ]
    body(doc, annotated or ["无。"])
    return official_bytes(doc, office=office)
