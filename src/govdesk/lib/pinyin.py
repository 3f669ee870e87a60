"""Pinyin keys for Chinese names, so pickers match 'zhangsan', 'zs' or '张三'."""


def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) in lower case: '城关镇' -> ('chengguanzhen', 'cgz')."""
    # Imported here: pypinyin loads its phrase dictionary on import (0.3 s of CPU), which
    # only a process that saves a person or a unit needs, not every process's start.
    from pypinyin import Style, lazy_pinyin

    full = lazy_pinyin(text, errors="default")
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
    return "".join(full).lower(), "".join(initials).lower()
