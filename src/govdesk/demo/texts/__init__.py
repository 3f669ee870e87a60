"""Text material for the demo: topics by domain, emergencies, meetings, return reasons.

Written after the seeds in ``../shared/seeds`` (what 政务信息 covers: 工作动态、经验做法、
问题建议、社情民意、紧急信息; 要素齐全: time, place, subject, event, figures)."""

from govdesk.demo.texts.local import LOCAL
from govdesk.demo.texts.sector import SECTOR

DOMAINS: dict[str, list[dict]] = {**LOCAL, **SECTOR}
