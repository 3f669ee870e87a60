"""考核方案与目标 in 配置管理: the settings page takes the quarterly split as four
numbers, checks it in words, writes through the scoring services (audited, rebuilt),
and is open to the office's chief editor and administrators only."""

import pytest

from govdesk.accounts.models import Role
from govdesk.accounts.services import membership_grant
from govdesk.audit.models import Change
from govdesk.scoring.config_forms import PLAIN_SETTINGS
from govdesk.scoring.models import SchemeStatus, Target
from govdesk.scoring.services import target_add
from tests.fixtures.scoring import YEAR


@pytest.fixture
def county_scheme(county_scheme):
    """The county's scheme with two annual targets (its preset has none)."""
    for kind, points in (("township", 40), ("department", 30)):
        target_add(actor=None, scheme=county_scheme, unit_kind=kind, points=points)
    return county_scheme


@pytest.fixture
def chief(world):
    membership_grant(actor=None, user=world.county_chief, unit=world.county, role=Role.CHIEF)
    return world.county_chief


def settings_form(scheme, **overrides) -> dict:
    """The page's form as the browser sends it back unchanged, then ``overrides``."""
    data = {name: getattr(scheme, name) for name in PLAIN_SETTINGS}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    data = {k: v for k, v in data.items() if v is not None}
    shares = scheme.quarter_shares or ["", "", "", ""]
    data.update({f"q{n}": share for n, share in enumerate(shares, 1)})
    data["publications"] = "、".join(scheme.mandatory_publications)
    targets = list(scheme.targets.all())
    data.update(
        {
            "targets-TOTAL_FORMS": str(len(targets) + 1),
            "targets-INITIAL_FORMS": str(len(targets)),
            "targets-MIN_NUM_FORMS": "0",
            "targets-MAX_NUM_FORMS": "1000",
        }
    )
    for n, t in enumerate(targets):
        data.update(
            {
                f"targets-{n}-id": t.pk,
                f"targets-{n}-unit_kind": t.unit_kind,
                f"targets-{n}-category": t.category,
                f"targets-{n}-points": t.points,
                f"targets-{n}-source": t.source,
            }
        )
    data.update(overrides)
    return data


def test_the_quarterly_split_is_four_numbers_checked_in_words(world, chief, county_scheme, login):
    client = login(chief)
    url = f"/scoring/schemes/{county_scheme.pk}/"
    page = client.get(url).content.decode()
    assert 'name="q1"' in page and "[25, 25, 25, 25]" not in page
    response = client.post(url, settings_form(county_scheme, q1="50", q2="30", q3="30", q4="10"))
    assert response.status_code == 200
    assert "四个季度合计须为100%，现为120%。" in response.content.decode()
    response = client.post(url, settings_form(county_scheme, q4=""))
    assert "请填写全部四个季度的比例；不分季度考核请全部留空。" in response.content.decode()
    county_scheme.refresh_from_db()
    assert county_scheme.quarter_shares == [25, 25, 25, 25]

    response = client.post(url, settings_form(county_scheme, q1="40", q2="30", q3="20", q4="10"))
    assert response.status_code == 302
    county_scheme.refresh_from_db()
    assert county_scheme.quarter_shares == [40, 30, 20, 10]
    change = Change.objects.get(action="scheme.changed", actor=chief)
    assert change.details["changes"] == {"quarter_shares": [[25, 25, 25, 25], [40, 30, 20, 10]]}
    assert Change.objects.filter(action="scheme.rebuilt", actor=chief).exists()


def test_no_split_and_publications_separated_by_commas(world, chief, county_scheme, login):
    url = f"/scoring/schemes/{county_scheme.pk}/"
    form = settings_form(
        county_scheme, q1="", q2="", q3="", q4="", publications="《专报信息》，快讯"
    )
    assert login(chief).post(url, form).status_code == 302
    county_scheme.refresh_from_db()
    assert county_scheme.quarter_shares == []
    assert county_scheme.mandatory_publications == ["专报信息", "快讯"]


def test_targets_are_added_changed_and_deleted_through_the_services(
    world, chief, county_scheme, login
):
    targets = list(county_scheme.targets.all())
    first, second = targets[0], targets[1]
    n = len(targets)
    form = settings_form(
        county_scheme,
        **{
            "targets-0-points": "99",
            "targets-1-DELETE": "on",
            f"targets-{n}-unit_kind": "township",
            f"targets-{n}-category": "Z",
            f"targets-{n}-points": "12.5",
        },
    )
    response = login(chief).post(f"/scoring/schemes/{county_scheme.pk}/", form)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.points == 99
    assert not Target.objects.filter(pk=second.pk).exists()
    assert Target.objects.get(scheme=county_scheme, category="Z").points == 12.5
    actions = set(Change.objects.filter(actor=chief).values_list("action", flat=True))
    assert {"scheme.target_changed", "scheme.target_deleted", "scheme.target_added"} <= actions


def test_a_negative_target_is_refused_in_words_and_nothing_is_saved(
    world, chief, county_scheme, login
):
    target = county_scheme.targets.first()
    form = settings_form(county_scheme, **{"targets-0-points": "-5", "name": "改名"})
    response = login(chief).post(f"/scoring/schemes/{county_scheme.pk}/", form)
    assert "全年目标分值不能为负数。" in response.content.decode()
    target.refresh_from_db()
    county_scheme.refresh_from_db()
    assert target.points >= 0 and county_scheme.name != "改名"


def test_status_goes_to_draft_and_back(world, chief, county_scheme, login):
    client = login(chief)
    url = f"/scoring/schemes/{county_scheme.pk}/status/"
    client.post(url, {"status": SchemeStatus.DRAFT})
    county_scheme.refresh_from_db()
    assert county_scheme.status == SchemeStatus.DRAFT
    client.post(url, {"status": SchemeStatus.IN_FORCE})
    county_scheme.refresh_from_db()
    assert county_scheme.status == SchemeStatus.IN_FORCE


def test_each_sees_the_schemes_of_their_own_offices(world, county_scheme, city_scheme, login):
    membership_grant(actor=None, user=world.county_admin, unit=world.county, role=Role.ADMIN)
    page = login(world.county_admin).get("/scoring/schemes/").content.decode()
    assert f"/scoring/schemes/{county_scheme.pk}/" in page
    assert f"/scoring/schemes/{city_scheme.pk}/" not in page
    # The county reads the city's scheme in force (its rules), but may not change it.
    assert login(world.county_admin).get(f"/scoring/schemes/{city_scheme.pk}/").status_code == 403


@pytest.mark.parametrize("who", ["county_editor", "a_officer", "county_leader", "county_duty"])
def test_others_may_not_change_the_scheme(world, county_scheme, login, who):
    client = login(world.people[who])
    assert client.get("/scoring/schemes/").status_code == 403
    response = client.post(f"/scoring/schemes/{county_scheme.pk}/", {"name": "改名"})
    assert response.status_code in (403, 404)
    county_scheme.refresh_from_db()
    assert county_scheme.name != "改名" and county_scheme.year == YEAR
