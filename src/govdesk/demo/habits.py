"""How the simulated offices behave: working days, what each kind of unit writes, how
likely editors adopt and forward, which bulletin column an adopted item lands in, and
how long each step of the workflow takes. Numbers are plausible, not from the seeds,
except the publication names, columns and adoption kinds (see ``publications/data``).
"""

from datetime import date, timedelta

# Approximate statutory holidays (no items are written then unless something happens).
HOLIDAYS = {
    *(date(2025, 1, 28) + timedelta(days=i) for i in range(8)),
    *(date(2026, 2, 15) + timedelta(days=i) for i in range(9)),
    *(date(2027, 2, 5) + timedelta(days=i) for i in range(9)),
}


def is_workday(day: date) -> bool:
    if day.weekday() >= 5 or day in HOLIDAYS:
        return False
    return not ((day.month, day.day) == (1, 1) or (day.month == 10 and day.day <= 7))


# How each kind of unit writes: form -> weight.
TOWN_FORMS = {
    "dynamic": 40,
    "brief": 12,
    "experience": 9,
    "suggestion": 8,
    "people": 8,
    "comprehensive": 6,
    "research": 3,
    "special": 2,
    "meeting": 4,
    "shangqing": 2,
    "digest": 1,
}
DEPT_FORMS = {
    "dynamic": 34,
    "brief": 12,
    "experience": 8,
    "suggestion": 8,
    "people": 3,
    "comprehensive": 10,
    "research": 3,
    "special": 4,
    "meeting": 9,
    "shangqing": 7,
    "digest": 2,
}
POINT_FORMS = {"dynamic": 50, "brief": 20, "people": 20, "suggestion": 10}
# How likely an editor adopts, by form (times the unit's quality).
FORM_MERIT = {
    "emergency": 1.4,
    "followup": 1.3,
    "research": 1.2,
    "special": 1.2,
    "experience": 1.1,
    "meeting": 1.1,
    "comprehensive": 1.05,
    "shangqing": 1.0,
    "dynamic": 1.0,
    "brief": 1.0,
    "people": 0.9,
    "suggestion": 0.9,
    "digest": 0.8,
}
# How likely the county forwards an adopted item to the city, by form.
FORWARD_ODDS = {
    "emergency": 0.7,
    "research": 0.5,
    "special": 0.45,
    "experience": 0.4,
    "followup": 0.3,
    "comprehensive": 0.25,
    "suggestion": 0.15,
    "people": 0.15,
    "dynamic": 0.07,
    "brief": 0.03,
    "meeting": 0.02,
}
# Where an adopted item goes: form -> [(publication code, column or None, adoption kind, weight)].
COUNTY_PLACES = {
    "dynamic": [
        ("kuaixun", "工作简况", "comprehensive", 6),
        ("kuaixun", "工作简况", "brief", 3),
        ("kuaixun", "情况通报", "comprehensive", 1),
    ],
    "brief": [
        ("kuaixun", "工作简况", "brief", 5),
        ("kuaixun", "情况通报", "brief", 2),
        ("yaoqing", None, "brief", 1),
    ],
    "meeting": [("kuaixun", "重要会议", "general", 1)],
    "shangqing": [("kuaixun", "上情动态", "general", 1)],
    "digest": [("kuaixun", "上情动态", "digest", 1)],
    "experience": [
        ("gongzuojiaoliu", None, "general", 6),
        ("kuaixun", "工作简况", "comprehensive", 4),
    ],
    "suggestion": [
        ("zhuanbao", None, "comprehensive", 4),
        ("kuaixun", "情况通报", "comprehensive", 4),
        ("yaoqing", None, "comprehensive", 1),
    ],
    "comprehensive": [
        ("zhuanbao", None, "comprehensive", 4),
        ("kuaixun", "情况通报", "comprehensive", 3),
        ("yaoqing", None, "comprehensive", 2),
    ],
    "special": [("zhuanbao", None, "special", 1)],
    "research": [("zhengwudiaoyan", None, "general", 1)],
    "emergency": [("yaoqing", None, "comprehensive", 3), ("zhuanbao", None, "comprehensive", 1)],
    "followup": [("yaoqing", None, "brief", 2), ("kuaixun", "情况通报", "brief", 1)],
}
COUNTY_PLACES["people"] = COUNTY_PLACES["suggestion"]
CITY_PLACES = {
    "research": [
        ("xinxikuaibao", None, "research", 3),
        ("xinxicankao", None, "research", 2),
        ("qingkuang", None, "research", 1),
    ],
    "experience": [
        ("xinxikuaibao", None, "general", 3),
        ("qingkuang", None, "general", 3),
        ("xinxicankao", None, "general", 2),
    ],
    "suggestion": [("xinxicankao", None, "general", 3), ("qingkuang", None, "general", 2)],
    "emergency": [("qingkuang", None, "general", 3), ("xinxikuaibao", None, "general", 1)],
    "default": [("xinxikuaibao", None, "general", 3), ("qingkuang", None, "general", 2)],
}
for _form in ("special", "comprehensive"):
    CITY_PLACES[_form] = CITY_PLACES["experience"]
CITY_PLACES["people"] = CITY_PLACES["suggestion"]
CITY_PLACES["followup"] = CITY_PLACES["emergency"]


DAY = 24 * 60
# step -> (usual range in minutes, slow range, share of slow cases)
NATURAL_PACE = {
    "submit": ((15, 180), (180, DAY), 0.1),
    "sign": ((20, 300), (300, 2 * DAY), 0.3),
    "decide": ((60, DAY), (DAY, 7 * DAY), 0.5),
    "revise": ((60, DAY), (DAY, 4 * DAY), 0.4),
    "resubmit": ((5, 60), (60, 240), 0.1),
    "forward": ((30, DAY), (DAY, 3 * DAY), 0.2),
    "city_decide": ((120, 2 * DAY), (2 * DAY, 8 * DAY), 0.4),
    "second": ((60, 2 * DAY), (2 * DAY, 5 * DAY), 0.2),
    "edit": ((5, 40), (40, 120), 0.1),
}
