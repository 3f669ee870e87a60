import pytest

from govdesk.lib import segment
from govdesk.search import index
from govdesk.search.selectors import search_items


def test_two_character_words_are_indexed_inside_longer_words():
    tokens = segment.index_tokens("全县防汛抗旱工作会议要求做好疫情防控")
    assert "防汛" in tokens
    assert "疫情" in tokens


def test_unit_names_from_the_unit_tree_stay_whole(world):
    world.draft(
        title="河口乡开展安全检查", body="近日，河口乡人民政府组织检查组开展安全生产大检查。"
    )
    index.load_dictionary(force=True)
    assert "河口乡" in segment.query_tokens("河口乡安全生产")


def test_two_character_queries_find_items(world):
    item = world.draft(title="城关镇扎实做好疫情防控", body="城关镇落实防汛抗旱和疫情防控责任。")
    for word in ("防汛", "疫情", "防控"):
        results = search_items(viewer=world.a_officer, q=word, filters={})
        assert [hit.item for hit in results.hits] == [item], word


def test_dictionary_is_read_from_jiebas_own_cache(monkeypatch):
    import jieba

    own = jieba.Tokenizer()
    own.initialize()  # jieba's way (it writes the cache if there is none)
    fast = jieba.Tokenizer()
    monkeypatch.setattr(fast, "initialize", lambda: pytest.fail("jieba built the dictionary"))
    segment.load_dictionary(fast)
    assert fast.initialized and fast.total == own.total and fast.FREQ == own.FREQ
    assert fast.lcut("全县防汛抗旱工作会议") == own.lcut("全县防汛抗旱工作会议")


def test_without_a_cache_jieba_builds_the_dictionary(tmp_path):
    import jieba

    built = []
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(tmp_path)  # no jieba.cache here
    tokenizer.initialize = lambda: built.append(True)
    segment.load_dictionary(tokenizer)
    assert built == [True] and not tokenizer.initialized
    (tmp_path / "jieba.cache").write_bytes(b"not a dictionary")
    segment.load_dictionary(tokenizer)
    assert built == [True, True] and not tokenizer.initialized
