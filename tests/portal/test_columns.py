"""栏目设置 (issue 17 §2: columns configurable per office): the 网站编辑 adds, renames
and retires the site's columns on a Chinese page; every change is in the change log;
nobody else may."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from govdesk.audit.models import Change
from govdesk.portal import services
from govdesk.portal.models import PortalColumn

pytestmark = pytest.mark.django_db
URL = "/portal/desk/columns/"


def _post(client, column, **fields):
    prefix = "new" if column == "new" else f"c{column.pk}"
    data = {"column": "new" if column == "new" else column.pk}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return client.post(URL, data, follow=True)


FIELDS = {"name": "政策解读", "slug": "zcjd", "kind": "notice", "freshness_days": 180,
          "position": 7, "is_active": "on"}  # fmt: skip


def test_the_editor_adds_renames_and_retires_columns(world, portal, login, client):
    editor = login(world.county_web)
    page = editor.get(URL).content.decode()
    assert "栏目设置" in page and "新增栏目" in page and "更新时限（天）" in page
    assert "已保存栏目“政策解读”。" in _post(editor, "new", **FIELDS).content.decode()
    added = PortalColumn.objects.get(office=world.county, slug="zcjd")
    assert (added.kind, added.freshness_days) == ("notice", 180)
    assert Change.objects.get(action="portal.column_created").summary == "新增网站栏目：政策解读"

    news = portal["zwxx"]
    _post(editor, news, **{**FIELDS, "name": "政务要闻", "slug": "zwxx", "kind": "news",
                          "freshness_days": 7})  # fmt: skip
    news.refresh_from_db()
    assert (news.name, news.freshness_days) == ("政务要闻", 7)
    change = Change.objects.get(action="portal.column_changed")
    assert change.details["changes"]["栏目名称"] == ["政务信息", "政务要闻"]
    assert change.details["changes"]["更新时限（天）"] == [14, 7]

    # Retired: off the public site, kept with its articles.
    retire = {**FIELDS, "name": "政务要闻", "slug": "zwxx", "kind": "news", "freshness_days": 7}
    del retire["is_active"]
    _post(editor, news, **retire)
    home = client.get("/portal/").content.decode()
    assert "政务要闻" not in home and "政策解读" in home


def test_bad_input_is_refused_in_chinese_and_kept(world, portal, login):
    editor = login(world.county_web)
    page = _post(editor, "new", **{**FIELDS, "slug": "zwxx"}).content.decode()
    assert "本网站已有这个网址名的栏目。" in page and 'value="政策解读"' in page
    page = _post(editor, "new", **{**FIELDS, "slug": "政策"}).content.decode()
    assert "网址名只能用字母、数字、下划线或连字符。" in page
    page = _post(editor, "new", **{**FIELDS, "freshness_days": 0}).content.decode()
    assert "更新时限至少为 1 天。" in page
    assert not PortalColumn.objects.filter(name="政策解读").exists()
    assert not Change.objects.filter(action__startswith="portal.column").exists()


@pytest.mark.parametrize(
    "person, status, refusal",
    [("county_chief", 403, PermissionDenied), ("county_editor", 404, Http404),
     ("a_reviewer", 404, Http404), ("city_web", 403, Http404)],
)  # fmt: skip
def test_only_the_offices_portal_editor(world, portal, login, person, status, refusal):
    user = world.people[person]
    if person != "city_web":
        assert login(user).get(URL).status_code == status
        assert _post(login(user), "new", **FIELDS).status_code == status
    with pytest.raises(refusal):
        services.column_save(actor=user, office=world.county, **{**FIELDS, "is_active": True})
    assert not PortalColumn.objects.filter(slug="zcjd").exists()
