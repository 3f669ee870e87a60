"""Pinyin keys for Chinese names, so pickers match 'zhangsan', 'zs' or '张三'."""

from pypinyin import Style, lazy_pinyin


def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) in lower case: '城关镇' -> ('chengguanzhen', 'cgz')."""
    full = lazy_pinyin(text, errors="default")
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
    return "".join(full).lower(), "".join(initials).lower()
