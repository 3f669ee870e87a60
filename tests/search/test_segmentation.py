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
