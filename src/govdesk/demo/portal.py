"""The demo county's portal: its columns and a few months of articles, published by
the 网站编辑 through the portal services the day after each 主动公开 item arrived.

Deterministic and cheap: items in id order, at most ``MAX_ARTICLES`` spread over the
months, pictures drawn
from the item's id (a plain colour band, a few kilobytes). 视频信息 is left without
articles, so the desk shows a stale-column warning; 信息报送通报 carries the latest
issued monthly notice's figures."""

import io
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from PIL import Image, ImageDraw

from govdesk.items.models import Item, PublicRelease, State
from govdesk.lib import clock
from govdesk.portal import services
from govdesk.units.models import Unit, UnitKind

MAX_ARTICLES = 60
PICTURE_EVERY = 3  # every third article goes to 图片新闻 with a picture
# A red-and-gold palette of the site, picked by the item's id.
COLOURS = [(159, 28, 28), (191, 120, 30), (40, 90, 150), (60, 120, 70)]


def _picture(seed: int) -> bytes:
    image = Image.new("RGB", (480, 300), COLOURS[seed % len(COLOURS)])
    draw = ImageDraw.Draw(image)
    for n in range(6):
        y = 40 + n * 40 + seed % 17
        draw.rectangle([30 + n * 20, y, 450 - n * 15, y + 16], fill=(245, 240, 225))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _column_slug(unit: Unit, index: int) -> str:
    if index % PICTURE_EVERY == 0:
        return "tpxw"
    if unit.kind == UnitKind.TOWNSHIP:
        return "xzdt"
    if unit.kind == UnitKind.DEPARTMENT:
        return "bmdt"
    return "zwxx"


def portal_build(*, county: Unit, editor, end: datetime) -> int:
    """Columns and published articles; returns how many were published."""
    columns = {c.slug: c for c in services.columns_seed(actor=editor, office=county)}
    items = (
        Item.objects.filter(
            office=county,
            public_release=PublicRelease.ACTIVE,
            state__in=(State.SUBMITTED, State.RESUBMITTED, State.ADOPTED),
        )
        .select_related("unit")
        .order_by("id")
    )
    # Spread over the whole period, so every month has articles and the columns are fresh.
    chosen = list(items)
    chosen = chosen[:: max(1, len(chosen) // MAX_ARTICLES)][:MAX_ARTICLES]
    published = 0
    for index, item in enumerate(chosen):
        moment = item.last_submitted_at + timedelta(days=1)
        if moment >= end:
            continue
        slug = _column_slug(item.unit, index)
        with clock.frozen_at(moment):
            article = services.article_prepare(
                actor=editor, item_id=item.pk, column_id=columns[slug].pk
            )
            if slug == "tpxw":
                services.article_media_add(
                    actor=editor,
                    article_id=article.pk,
                    data=_picture(item.pk),
                    name="现场照片.jpg",
                    caption=f"{item.unit.display_name}工作现场",
                )
            services.article_confirm_secrecy(actor=editor, article_id=article.pk)
            try:
                services.article_publish(actor=editor, article_id=article.pk)
            except ValidationError:
                continue  # a word on the lists: it stays on the desk, as it would live
        published += 1
    return published + _figures_publish(county, editor, columns["xxbstb"], end)


def _figures_publish(county: Unit, editor, column, end: datetime) -> int:
    """The latest issued 月度信息通报 on the site (seed 001 范文8: 定期在网站上公布), the
    day after it was issued."""
    notice = services.notices_to_publish(county).first()
    if notice is None or notice.issued_at + timedelta(days=1) >= end:
        return 0
    with clock.frozen_at(notice.issued_at + timedelta(days=1)):
        article = services.article_from_notice(
            actor=editor, office=county, notice_id=notice.pk, column_id=column.pk
        )
        services.article_confirm_secrecy(actor=editor, article_id=article.pk)
        services.article_publish(actor=editor, article_id=article.pk)
    return 1
