from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def duration(value: timedelta) -> str:
    """A span as 小时/分钟, ignoring its sign: "2小时05分"."""
    minutes = int(abs(value.total_seconds()) // 60)
    hours, minutes = divmod(minutes, 60)
    if hours >= 48:
        return f"{hours // 24}天{hours % 24}小时"
    return f"{hours}小时{minutes:02d}分" if hours else f"{minutes}分钟"
