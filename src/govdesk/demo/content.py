"""Text of the demo items: titles and bodies of real 政务信息 kinds, built from the
topics in ``govdesk.demo.texts`` so every item has time, place, subject, event and
figures (要素齐全) and no two titles are the same.

Django-free and deterministic: every choice comes from the ``random.Random`` passed in.
"""

import math
import random
import re
from dataclasses import dataclass, field
from datetime import datetime

from govdesk.demo import catalogue as cat
from govdesk.demo.texts import events as ev

NUMERALS = "一二三四五六七八九十"
_TOKEN = re.compile(r"\{([^{}]+)\}")
_STORE = re.compile(r"^([a-z]\w*)=(.+)$")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)~(\d+(?:\.\d+)?)$")


@dataclass(frozen=True)
class Num:
    value: float
    decimals: int = 0

    def __str__(self) -> str:
        return f"{self.value:.{self.decimals}f}"


class Filler:
    """Fills ``{…}`` slots; numbers drawn for one item stay consistent across its text."""

    def __init__(self, rng: random.Random, context: dict):
        self.rng = rng
        self.context = context
        self.vars: dict[str, Num] = {}

    def __call__(self, template: str) -> str:
        return _TOKEN.sub(lambda m: self._eval(m.group(1)), template)

    def _eval(self, expr: str) -> str:
        store = None
        m = _STORE.match(expr)
        if m:
            store, expr = m.groups()
        for alternative in expr.split("|"):
            value = self._alternative(alternative)
            if value is not None:
                break
        else:
            raise KeyError(f"无法填充模板变量 {{{expr}}}")
        if store:
            if not isinstance(value, Num):
                raise KeyError(f"只能保存数值：{{{expr}}}")
            self.vars[store] = value
        return str(value)

    def _alternative(self, alt: str):
        rng = self.rng
        m = _RANGE.match(alt)
        if m:
            lo, hi = m.groups()
            if "." in lo or "." in hi:
                decimals = max(len(s.split(".")[1]) if "." in s else 0 for s in (lo, hi))
                return Num(round(rng.uniform(float(lo), float(hi)), decimals), decimals)
            return Num(rng.randint(int(lo), int(hi)))
        if alt.startswith("%"):
            a, b = (self.vars.get(n) for n in alt[1:].split("/"))
            if a is None or b is None or not b.value:
                return None
            return Num(round(a.value / b.value * 100, 1), 1)
        for prefix, lo_f, hi_f in (("<<", 0.9, 1.0), ("<", 0.6, 1.0), (">", 1.0, 1.3)):
            if alt.startswith(prefix):
                base = self.vars.get(alt[len(prefix) :])
                if base is None:
                    return None
                if base.decimals:
                    value = rng.uniform(base.value * lo_f, base.value * hi_f)
                    return Num(round(value, base.decimals), base.decimals)
                lo, hi = (
                    math.ceil(base.value * lo_f),
                    max(math.ceil(base.value * lo_f), int(base.value * hi_f)),
                )
                return Num(rng.randint(lo, hi))
        if alt in self.vars:
            return self.vars[alt]
        if alt in self.context:
            value = self.context[alt]
            return self(value) if isinstance(value, str) and "{" in value else value
        return None


@dataclass
class Part:
    """One paragraph. ``short`` is what a first, weaker version said instead (None: nothing)."""

    tag: str
    text: str
    short: str | None = None


@dataclass
class Draft:
    form: str
    kind: str  # govdesk.items.models.ItemKind value
    title: str
    long_title: str
    parts: list[Part]
    keywords: str
    supplement: str = ""
    urgency: int = 5
    release: str = "not_public"
    solicited: bool = False
    meta: dict = field(default_factory=dict)

    def body(self, *, weaker: str | None = None) -> str:
        """The text as finally submitted, or a first version weaker in one respect."""
        lines = []
        for part in self.parts:
            if part.tag == "fluff":
                if weaker == "fluff":
                    lines.append(part.text)
                continue
            if part.tag == weaker:
                if part.short:
                    lines.append(part.short)
                continue
            lines.append(part.text)
        return "\n".join(lines)

    def first_version(self, weakness: str) -> tuple[str, str]:
        title = self.long_title if weakness == "title" else self.title
        return title, self.body(weaker=weakness)

    def weaknesses(self) -> set[str]:
        """Which return reasons fit this text (see ``texts.events.EDITOR_RETURNS``)."""
        tags = {p.tag for p in self.parts}
        return tags | {"title"} if self.long_title != self.title else tags

    def city_title(self) -> str | None:
        """The title as the city office wants it (县名打头), or None if it needs rewording."""
        title, unit = self.title, self.meta.get("unit", "")
        if title.startswith(cat.COUNTY[:2]):
            return None
        if title.startswith("全县"):
            return cat.COUNTY + title[2:]
        if title.startswith("县"):
            return cat.COUNTY[:2] + title
        if unit and title.startswith(unit):
            return cat.COUNTY + title
        return None


def ordinal_list(items: list[str], *, sep: str = "。", end: str = "。") -> str:
    return sep.join(f"{NUMERALS[i]}是{text}" for i, text in enumerate(items)) + end


def measures_text(measures, *, sep="。") -> str:
    return ordinal_list(
        [f"{head}。{detail}" if sep == "。" else f"{head}，{detail}" for head, detail in measures],
        sep=sep,
    )


# --- contexts -----------------------------------------------------------------------


def item_context(
    rng: random.Random, unit: dict, world: dict, event_day: datetime, created: datetime
):
    """Everything a template may name, for one item of ``unit`` written on ``created``."""
    month = created.month
    towns = [t for t in world["towns"] if t != unit["unit"]]
    town, town2 = rng.sample(towns, 2)
    if unit["villages"]:
        village, village2 = rng.sample(unit["villages"], 2)
    else:
        village = town + rng.choice(world["town_villages"][town])
        village2 = town2 + rng.choice(world["town_villages"][town2])
    road, road2 = rng.sample(cat.ROADS, 2)
    vice_title, vice = rng.choice(world["vices"])
    ytd = "今年以来" if month <= 2 or rng.random() < 0.4 else f"1—{month - 1}月"
    report_day = created if rng.random() < 0.5 else created.replace(day=max(1, created.day - 1))
    return {
        **unit,
        "county": cat.COUNTY,
        "city": cat.CITY,
        "date": f"{event_day.month}月{event_day.day}日",
        "date2": f"{report_day.month}月{report_day.day}日",
        "month": str(month),
        "month2": str(month % 12 + 1),
        "ytd": ytd,
        "town": town,
        "town2": town2,
        "village": village,
        "village2": village2,
        "community": rng.choice(unit["communities"] or cat.COMMUNITIES),
        "company": rng.choice(cat.COMPANIES),
        "project": rng.choice(cat.PROJECTS),
        "school": rng.choice(cat.SCHOOLS),
        "road": road,
        "road2": road2,
        "river": rng.choice(cat.RIVERS),
        "mountain": rng.choice(cat.MOUNTAINS),
        "scenic": rng.choice(cat.SCENIC),
        "crop": unit["crop"],
        "other": rng.choice(cat.OTHER_PLACES),
        "media": rng.choice(cat.MEDIA),
        "vice": vice,
        "vice_title": vice_title,
        "someone": rng.choice(cat.SURNAMES) + "某",
        "hh": str(event_day.hour),
        "mm": f"{event_day.minute:02d}",
        "hh2": str(min(23, event_day.hour + rng.randint(1, 3))),
        "activity": rng.choice(ev.ACTIVITIES),
        "approach": rng.choice(ev.APPROACH),
        "focus": rng.choice(ev.FOCUS),
    }


# --- forms --------------------------------------------------------------------------

DYNAMIC_TITLES = (
    "{unit}扎实推进{name}工作",
    "{unit}多措并举抓好{name}工作",
    "{unit}“{kcn}个到位”抓实{name}工作",
    "{unit}{name}工作取得阶段性成效",
    "{unit}聚焦关键环节推进{name}工作",
    "{unit}以“{slogan}”推动{name}工作走深走实",
)
DYNAMIC_LEADS = (
    "今年以来，{unit}把{name}工作作为{focus}的重要抓手，{approach}，各项工作取得阶段性成效。",
    "{month}月以来，{unit}聚焦{name}，{approach}，推动各项任务落地见效。",
    "{date}，{unit}召开{name}工作推进会，对近期重点任务进行再部署、再落实。会后，{self}{approach}，扎实推进各项工作。",
    "近期，{unit}{approach}，扎实抓好{name}工作。",
)
LONG_TAILS = (
    "为全县经济社会高质量发展提供有力保障",
    "切实增强人民群众获得感幸福感安全感",
    "推动各项工作再上新台阶",
)
VAGUE_MEASURES = "{unit}高度重视，多措并举、精准施策，认真抓好各项工作落实。"
VAGUE_DIGEST = "{other}多措并举、精准施策，相关工作取得积极进展。"
SUPPLEMENT = (
    "从全县面上看，{ytd}，{county}{name}工作总体进展顺利，年度目标任务已完成{70~95}%，"
    "{town}、{town2}等地形成了一批可复制可推广的做法。"
)
BRIEF_TITLES = ("{unit}开展{name}专项行动", "{unit}完成{name}阶段性任务", "{unit}推进{name}工作")
EXPERIENCE_TITLES = (
    "{unit}“{slogan}”推动{name}工作提质增效",
    "{unit}探索{name}工作新路径",
    "{unit}创新“{slogan}”工作法 {name}工作见实效",
    "{unit}以机制创新破解{name}工作难题",
)
SUGGESTION_TITLES = (
    "{unit}{name}工作中存在的问题及建议",
    "当前{name}工作中需关注的几个问题",
    "关于进一步加强{scope}{name}工作的建议",
    "{unit}{name}工作面临{kcn}方面问题需引起重视",
)
PEOPLE_ADVICE = (
    "建议有关部门深入调查核实，研究制定解决方案，及时回应群众关切。"
    "目前，{self}已将有关情况向有关部门反馈，并做好群众解释工作。"
)
PEOPLE_TITLES = ("{village}群众反映{short}", "{unit}群众反映{short}问题", "群众期盼解决{short}问题")
COMPREHENSIVE_TITLES = (
    "{unit}{name}工作情况综述",
    "{ytd}{scope}{name}工作进展情况",
    "{unit}关于{name}工作开展情况的报告",
)
RESEARCH_TITLES = (
    "关于{unit}{name}情况的调研报告",
    "{name}工作的实践与思考——以{unit}为例",
    "{unit}{name}工作调研报告",
    "{scope}{name}工作现状、问题与对策",
)
SPECIAL_TITLES = (
    "关于{unit}{name}有关情况的专题报告",
    "{unit}{name}工作专题报告",
    "关于{ytd}{unit}{name}工作情况的专题报告",
    "{unit}关于{name}工作进展情况的专题报告",
)


def _pick_title(f: Filler, rng, candidates, topic_titles=(), topic_share=0.5) -> str:
    if topic_titles and rng.random() < topic_share:
        return f(rng.choice(topic_titles))
    return f(rng.choice(candidates))


def _long(f: Filler, rng, title: str) -> str:
    return f"{title}，{rng.choice(LONG_TAILS)}"


def _next(f: Filler, rng, topic) -> Part:
    return Part("next", f(rng.choice(topic["nexts"] or ev.NEXTS)))


def _fluff(f: Filler, rng) -> Part:
    return Part("fluff", f(rng.choice(ev.FLUFF)))


def _lead(f, rng, topic, leads=DYNAMIC_LEADS) -> str:
    return f(rng.choice(topic["leads"] or leads))


def _dynamic(f, rng, topic, ctx) -> Draft:
    k = min(rng.choice((3, 3, 4)), len(topic["measures"]))
    f.context["kcn"] = NUMERALS[k - 1]
    f.context["slogan"] = rng.choice(topic["slogans"] or ev.SLOGANS)
    title = _pick_title(f, rng, DYNAMIC_TITLES, topic["titles"])
    measures = [(f(h), f(d)) for h, d in rng.sample(topic["measures"], k)]
    parts = [
        _fluff(f, rng),
        Part("lead", _lead(f, rng, topic)),
        Part("measures", measures_text(measures), f(VAGUE_MEASURES)),
        Part("result", f(rng.choice(topic["results"]))),
    ]
    if rng.random() < 0.7:
        parts.append(_next(f, rng, topic))
    return Draft("dynamic", "dynamic", title, _long(f, rng, title), parts, topic["keywords"])


def _brief(f, rng, topic, ctx) -> Draft:
    title = _pick_title(f, rng, BRIEF_TITLES, topic["titles"], 0.6)
    head, detail = rng.choice(topic["measures"])
    lead = f("{date}，{unit}") + f(head) + "，" + f(detail) + "。"
    parts = [_fluff(f, rng), Part("lead", lead), Part("result", f(rng.choice(topic["results"])))]
    return Draft("brief", "brief", title, _long(f, rng, title), parts, topic["keywords"])


def _experience(f, rng, topic, ctx) -> Draft:
    f.context["slogan"] = rng.choice(topic["slogans"] or ev.SLOGANS)
    title = f(rng.choice(EXPERIENCE_TITLES))
    pain = rng.choice(topic["problems"])
    lead = (
        f("近年来，{unit}针对")
        + pain
        + f("等问题，创新推行“{slogan}”工作法，{approach}，{name}工作取得明显成效。主要做法如下：")
    )
    measures = rng.sample(topic["measures"], min(3, len(topic["measures"])))
    parts = [_fluff(f, rng), Part("lead", lead)]
    for i, (head, detail) in enumerate(measures):
        parts.append(
            Part(
                "measures",
                f"（{NUMERALS[i]}）{f(head)}。{f(detail)}。",
                None if i else f(VAGUE_MEASURES),
            )
        )
    result = f(rng.choice(topic["results"]))
    if rng.random() < 0.4:
        result += "该做法先后被《某市日报》、某市电视台宣传报道。"
    parts.append(Part("result", result))
    return Draft("experience", "experience", title, _long(f, rng, title), parts, topic["keywords"])


def _problems_and_suggestions(f, rng, topic, k):
    problems = rng.sample(topic["problems"], min(k, len(topic["problems"])))
    suggestions = rng.sample(topic["suggestions"], min(k, len(topic["suggestions"])))
    return problems, suggestions


def _suggestion(f, rng, topic, ctx) -> Draft:
    k = rng.choice((2, 3, 3))
    f.context["kcn"] = NUMERALS[k - 1]
    title = f(rng.choice(SUGGESTION_TITLES))
    problems, suggestions = _problems_and_suggestions(f, rng, topic, k)
    lead = f(
        "近期，{unit}通过{visit}、召开座谈会{2~6}场，对{scope}{name}工作情况进行了专题调研。调研发现，当前仍存在一些问题，需引起重视："
    )
    parts = [
        _fluff(f, rng),
        Part("lead", lead),
        Part("problems", ordinal_list([f(p) for p in problems])),
        Part("suggestions", "为此建议：" + ordinal_list([f(s) for s in suggestions], sep="；")),
    ]
    return Draft(
        "suggestion",
        "suggestion",
        title,
        _long(f, rng, title),
        parts,
        topic["keywords"] + ",问题建议",
    )


def _people(f, rng, topic, ctx) -> Draft:
    short, detail, wish = rng.choice(topic["voices"])
    f.context["short"] = short
    title = f(rng.choice(PEOPLE_TITLES))
    parts = [
        Part("lead", f("近日，{unit}在{activity}中了解到，") + f(detail) + "。"),
        Part("result", f("据初步统计，该问题涉及群众约{50~600}户。群众普遍") + f(wish) + "。"),
        Part("suggestions", f(PEOPLE_ADVICE)),
    ]
    return Draft(
        "people",
        "suggestion",
        title,
        _long(f, rng, title),
        parts,
        "社情民意," + topic["keywords"],
        urgency=3,
    )


def _comprehensive(f, rng, topic, ctx) -> Draft:
    candidates = [t for t in topic["titles"] if "{ytd}" in t or "{scope}" in t]
    title = _pick_title(f, rng, COMPREHENSIVE_TITLES, candidates, 0.6)
    lead = f("{unit}围绕{name}，{approach}，工作总体进展顺利。")
    results = rng.sample(topic["results"], min(2, len(topic["results"])))
    problems, _ = _problems_and_suggestions(f, rng, topic, 3)
    measures = rng.sample(topic["measures"], min(3, len(topic["measures"])))
    parts = [
        _fluff(f, rng),
        Part(
            "result",
            "一、基本情况\n" + lead + "".join(f(r) for r in results),
            "一、基本情况\n" + lead,
        ),
        Part(
            "measures",
            "二、主要做法\n" + measures_text([(f(h), f(d)) for h, d in measures]),
            "二、主要做法\n" + f(VAGUE_MEASURES),
        ),
        Part("problems", "三、存在问题\n" + ordinal_list([f(p) for p in problems])),
        Part("next", "四、下步打算\n" + f(rng.choice(topic["nexts"] or ev.NEXTS))),
    ]
    return Draft(
        "comprehensive", "comprehensive", title, _long(f, rng, title), parts, topic["keywords"]
    )


def _report_sections(f, rng, topic, *, elaborate: bool):
    problems, suggestions = _problems_and_suggestions(f, rng, topic, 3)
    evidence = (
        "问卷调查显示，有{30~65}%的受访对象认为这一问题较为突出。",
        "调研中，{village}等地此类情况较为普遍。",
        "座谈中，基层干部对此反映较多。",
    )
    lines = []
    for i, p in enumerate(problems):
        extra = f(rng.choice(evidence)) if elaborate else ""
        lines.append(f"（{NUMERALS[i]}）{f(p)}。{extra}")
    advice = [f"（{NUMERALS[i]}）{f(s)}。" for i, s in enumerate(suggestions)]
    return lines, advice


def _research(f, rng, topic, ctx) -> Draft:
    title = f(rng.choice(RESEARCH_TITLES))
    intro = f(
        "为深入了解{name}工作情况，{month}月上旬，{unit}成立调研组，采取实地走访、座谈交流、问卷调查等方式，{visit}开展专题调研，发放调查问卷{n=150~600}份，收回有效问卷{<<n}份。现将有关情况报告如下。"
    )
    results = "".join(f(r) for r in rng.sample(topic["results"], min(2, len(topic["results"]))))
    measures = rng.sample(topic["measures"], min(3, len(topic["measures"])))
    basics = (
        f("近年来，{unit}高度重视{name}工作，主要采取了以下措施：")
        + "；".join(f"{f(h)}，{f(d)}" for h, d in measures)
        + "。"
    )
    problems, advice = _report_sections(f, rng, topic, elaborate=True)
    parts = [
        _fluff(f, rng),
        Part("lead", intro),
        Part("result", "一、基本情况\n" + basics + results, "一、基本情况\n" + basics),
        Part("problems", "二、存在的主要问题\n" + "\n".join(problems)),
        Part("suggestions", "三、对策建议\n" + "\n".join(advice)),
    ]
    return Draft(
        "research", "research", title, _long(f, rng, title), parts, topic["keywords"] + ",调研"
    )


def _special(f, rng, topic, ctx) -> Draft:
    title = f(rng.choice(SPECIAL_TITLES))
    results = "".join(f(r) for r in rng.sample(topic["results"], min(2, len(topic["results"]))))
    measures = rng.sample(topic["measures"], min(3, len(topic["measures"])))
    problems, advice = _report_sections(f, rng, topic, elaborate=False)
    parts = [
        _fluff(f, rng),
        Part("lead", f("根据县政府工作安排，现将{unit}{name}有关情况专题报告如下。")),
        Part(
            "result",
            "一、工作进展\n" + measures_text([(f(h), f(d)) for h, d in measures]) + results,
            "一、工作进展\n" + measures_text([(f(h), f(d)) for h, d in measures]),
        ),
        Part("problems", "二、存在问题\n" + "\n".join(problems)),
        Part("suggestions", "三、意见建议\n" + "\n".join(advice)),
    ]
    return Draft(
        "special", "special", title, _long(f, rng, title), parts, topic["keywords"] + ",专题"
    )


def _meeting(f, rng, topic, ctx) -> Draft:
    department = ctx["is_department"]
    titles = ev.MEETING_TITLES if department else ev.MEETING_TITLES[2:3]
    demand_pool = ev.MEETING_DEMANDS if department else ev.LOCAL_MEETING_DEMANDS
    title = f(rng.choice(titles))
    if title.startswith("全县") and "推进会" in title:
        lead = ev.MEETING_LEADS[1]
    elif title.startswith("全县"):
        lead = ev.MEETING_LEADS[0]
    elif department:
        lead = ev.MEETING_LEADS[2]
    else:
        lead = "{date}，{unit}召开{name}工作推进会，{self}主要负责同志出席会议并讲话。"
    demands = rng.sample(demand_pool, 2)
    parts = [
        Part("lead", f(lead)),
        Part("result", f(rng.choice(ev.MEETING_POINTS if department else ev.LOCAL_MEETING_POINTS))),
        Part("measures", "".join(f(d) for d in demands), f(demands[0])),
    ]
    if department and title.startswith("全县"):
        parts.append(Part("tail", ev.MEETING_TAIL))
    return Draft(
        "meeting", "dynamic", title, _long(f, rng, title), parts, topic["keywords"] + ",会议"
    )


def _shangqing(f, rng, topic, ctx) -> Draft:
    title = f(rng.choice(ev.SHANGQING_TITLES))
    measures = rng.sample(topic["measures"], min(3, len(topic["measures"])))
    parts = [
        Part("lead", f(rng.choice(ev.SHANGQING_LEADS))),
        Part(
            "measures",
            f(ev.SHANGQING_FOLLOW) + measures_text([(f(h), f(d)) for h, d in measures], sep="；"),
            f(VAGUE_MEASURES),
        ),
        _next(f, rng, topic),
    ]
    return Draft(
        "shangqing", "dynamic", title, _long(f, rng, title), parts, topic["keywords"] + ",上情"
    )


def _digest(f, rng, topic, ctx) -> Draft:
    title = f(rng.choice(ev.DIGEST_TITLES))
    measures = rng.sample(topic["measures"], 2)
    parts = [
        Part("lead", f(ev.DIGEST_LEAD)),
        Part(
            "measures",
            measures_text([(f(h), f(d)) for h, d in measures], sep="；"),
            f(VAGUE_DIGEST),
        ),
        Part("result", f(ev.DIGEST_RESULT)),
        Part(
            "suggestions",
            f(ev.DIGEST_TAIL.replace("{suggestion}", rng.choice(topic["suggestions"]))),
        ),
    ]
    return Draft(
        "digest", "digest", title, _long(f, rng, title), parts, topic["keywords"] + ",网摘"
    )


FORMS = {
    "dynamic": _dynamic,
    "brief": _brief,
    "experience": _experience,
    "suggestion": _suggestion,
    "people": _people,
    "comprehensive": _comprehensive,
    "research": _research,
    "special": _special,
    "meeting": _meeting,
    "shangqing": _shangqing,
    "digest": _digest,
}


def _release(rng, form: str) -> str:
    if form in ("dynamic", "meeting", "brief", "experience") and rng.random() < 0.4:
        return "active"
    if form == "comprehensive" and rng.random() < 0.15:
        return "on_request"
    return "not_public"


def _urgency(rng, form: str) -> int:
    if form in ("people", "suggestion"):
        return rng.choice((3, 3, 4, 5))
    return rng.choices((3, 4, 5), weights=(1, 1, 8))[0]


def compose(
    rng: random.Random, *, form: str, topic: dict, context: dict, used: set[str], tries: int = 8
) -> Draft | None:
    """A new item of ``form`` about ``topic`` whose title is not in ``used`` (None if the
    templates cannot produce a fresh title in ``tries`` attempts)."""
    for _ in range(tries):
        f = Filler(rng, {**context, "name": topic["name"]})
        draft = FORMS[form](f, rng, topic, f.context)
        if draft.title in used:
            continue
        used.add(draft.title)
        draft.supplement = f(SUPPLEMENT)
        draft.meta["unit"] = context["unit"]
        draft.release = _release(rng, form)
        if draft.urgency == 5:
            draft.urgency = _urgency(rng, form)
        return draft
    return None


def unique_title(title: str, used: set[str], date_text: str) -> str:
    if title in used:
        title = f"{title}（{date_text}）"
    used.add(title)
    return title


def compose_emergency(rng, *, incident: dict, context: dict, used: set[str]) -> tuple[Draft, Draft]:
    """An emergency report and its follow-up (续报), sharing place and figures."""
    f = Filler(rng, context)
    title = unique_title(f(incident["title"]), used, context["date"])
    parts = [Part("lead" if i == 0 else "result", f(p)) for i, p in enumerate(incident["body"])]
    first = Draft(
        "emergency",
        "emergency",
        title,
        title,
        parts,
        "紧急信息,突发事件",
        urgency=rng.choice((1, 1, 2)),
    )
    follow_title = unique_title(f(incident["followup_title"]), used, context["fdate"])
    follow_parts = [
        Part("lead" if i == 0 else "result", f(p)) for i, p in enumerate(incident["followup_body"])
    ]
    follow = Draft(
        "followup",
        "emergency",
        follow_title,
        follow_title,
        follow_parts,
        "紧急信息,续报",
        urgency=2,
    )
    return first, follow
