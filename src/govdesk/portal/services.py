"""Portal writes: columns, taking an item for the site, the 发布前审查, publishing now
or at a set time, withdrawal (撤稿) and correction (更正). Every state change is in the
change log."""

from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from govdesk import policy
from govdesk.audit.services import record
from govdesk.items.models import Item, PublicRelease, State
from govdesk.lib import clock
from govdesk.lib.text import NOTE_MAX, validate_plain_text
from govdesk.portal.models import (
    NEWS_FRESHNESS_DAYS,
    NOTICE_FRESHNESS_DAYS,
    Article,
    ArticleMedia,
    ArticleState,
    ColumnKind,
    PortalColumn,
    PortalSubmission,
)
from govdesk.portal.scrub import CannotScrub, scrub
from govdesk.quality.checks import blocking_problems
from govdesk.units.models import Unit

# States in which an item has reached the office and may be chosen for the site.
PORTAL_STATES = (State.SUBMITTED, State.RESUBMITTED, State.ADOPTED)
# Seed 001 范文8's sections that carry articles, with the inspection's freshness limits.
DEFAULT_COLUMNS = [
    ("政务信息", "zwxx", ColumnKind.NEWS),
    ("乡镇动态", "xzdt", ColumnKind.NEWS),
    ("部门动态", "bmdt", ColumnKind.NEWS),
    ("图片新闻", "tpxw", ColumnKind.NEWS),
    ("视频信息", "spxx", ColumnKind.NEWS),
    ("通知公告", "tzgg", ColumnKind.NOTICE),
    ("信息报送通报", "xxbstb", ColumnKind.NOTICE),
]
FRESHNESS = {ColumnKind.NEWS: NEWS_FRESHNESS_DAYS, ColumnKind.NOTICE: NOTICE_FRESHNESS_DAYS}

NO_SECRECY_REVIEW = "未经保密审查，不能发布。"
NOT_PUBLIC = "只有公开属性为“主动公开”的信息才能上网发布。"
NOT_ARRIVED = "信息尚未报送到本办公室，不能选用。"
ALREADY_SENT = "这条信息已发送到门户网站。"
ALREADY_SUBMITTED = "这条信息已报送本级办公室，网站编辑可直接选用，无需单独发送。"


def item_send_to_portal(*, actor, item_id: int) -> PortalSubmission:
    """单独报送网站: the unit's reviewer sends a 主动公开 item to the portal desk without
    submitting it to the office's information section (it stays the unit's item)."""
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related("unit").get(pk=item_id)
        policy.require(actor, "item.send_to_portal", item)
        if item.public_release != PublicRelease.ACTIVE:
            raise ValidationError(NOT_PUBLIC)
        if item.state >= State.SUBMITTED:
            raise ValidationError(ALREADY_SUBMITTED)
        if PortalSubmission.objects.filter(item=item).exists():
            raise ValidationError(ALREADY_SENT)
        sent = PortalSubmission.objects.create(item=item, sent_by=actor)
        record(
            actor=actor,
            action="portal.sent",
            target=item,
            summary=f"单独报送网站：《{item.title}》",
            unit_id=item.unit_id,
        )
    return sent


def columns_seed(*, actor, office: Unit) -> list[PortalColumn]:
    """The seed's columns for an office that has none yet (idempotent)."""
    if actor is not None:
        policy.require(actor, "portal.edit", office)
    columns = []
    for position, (name, slug, kind) in enumerate(DEFAULT_COLUMNS):
        column, _ = PortalColumn.objects.get_or_create(
            office=office,
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "freshness_days": FRESHNESS[kind],
                "position": position,
            },
        )
        columns.append(column)
    return columns


COLUMN_FIELDS = ("name", "slug", "kind", "freshness_days", "position", "is_active")


@transaction.atomic
def column_save(*, actor, office: Unit, column_id: int | None = None, **fields) -> PortalColumn:
    """Add a column to the office's site (``column_id`` None) or change one: its name,
    URL name, kind, freshness limit, order, and whether it shows. A column with articles
    is retired (启用 off), never deleted, so its articles keep their place."""
    policy.require(actor, "portal.edit", office)
    if column_id is None:
        column, before = PortalColumn(office=office), {}
    else:
        column = PortalColumn.objects.select_for_update().filter(office=office).get(pk=column_id)
        before = {name: getattr(column, name) for name in COLUMN_FIELDS}
    for name, value in fields.items():
        if name not in COLUMN_FIELDS:
            raise TypeError(name)
        setattr(column, name, value.strip() if isinstance(value, str) else value)
    if PortalColumn.objects.filter(office=office, slug=column.slug).exclude(pk=column.pk).exists():
        raise ValidationError({"slug": "本网站已有这个网址名的栏目。"})
    if not column.freshness_days:
        raise ValidationError({"freshness_days": "更新时限至少为 1 天。"})
    column.full_clean(exclude=["office"])
    column.save()
    changed = {
        str(PortalColumn._meta.get_field(name).verbose_name): [
            before.get(name),
            getattr(column, name),
        ]
        for name in COLUMN_FIELDS
        if before.get(name) != getattr(column, name)
    }
    if changed:
        record(
            actor=actor,
            action="portal.column_created" if not before else "portal.column_changed",
            target=column,
            summary=f"{'新增' if not before else '修改'}网站栏目：{column.name}",
            changes=changed,
        )
    return column


def _column(office: Unit, column_id: int) -> PortalColumn:
    try:
        return PortalColumn.objects.get(pk=column_id, office=office, is_active=True)
    except PortalColumn.DoesNotExist:
        raise ValidationError({"column": "请选择本网站的栏目。"}) from None


def _copy_media(article: Article, item: Item) -> list[str]:
    """Scrubbed copies of the item's attachments; the names of those left out."""
    skipped = []
    for position, attachment in enumerate(item.attachments.all()):
        with attachment.file.open("rb") as handle:
            data = handle.read()
        try:
            clean, ext, mime = scrub(data=data, kind=attachment.kind, name=attachment.original_name)
        except CannotScrub:
            skipped.append(attachment.original_name)
            continue
        _save_media(
            article,
            clean,
            ext,
            kind=attachment.kind,
            mime=mime,
            original_name=attachment.original_name,
            alt=f"{article.title}（配图{position + 1}）" if attachment.kind == "image" else "",
            position=position,
        )
    return skipped


def _save_media(article: Article, clean: bytes, ext: str, **fields) -> ArticleMedia:
    media = ArticleMedia(article=article, **fields)
    media.file.save(f"media.{ext}", ContentFile(clean), save=False)
    media.save()
    return media


@transaction.atomic
def article_media_add(
    *, actor, article_id: int, data: bytes, name: str, caption: str = "", alt: str = ""
) -> ArticleMedia:
    """A picture the centre adds itself (a photographer's, a chart), scrubbed like the
    item's own attachments."""
    article = _editable(actor, article_id)
    validate_plain_text(caption)
    validate_plain_text(alt)
    clean, ext, mime = scrub(data=data, kind="image", name=name)
    media = _save_media(
        article,
        clean,
        ext,
        kind="image",
        mime=mime,
        original_name=name[:200],
        caption=caption[:200],
        alt=(alt or caption or article.title)[:200],
        position=article.media.count(),
    )
    record(
        actor=actor,
        action="portal.media_added",
        target=article,
        summary=f"添加图片“{media.original_name}”：《{article.title}》",
    )
    return media


@transaction.atomic
def article_prepare(*, actor, item_id: int, column_id: int) -> Article:
    """Take a 主动公开 item that reached the office as the site's public copy."""
    item = Item.objects.select_for_update().select_related("office").get(pk=item_id)
    policy.require(actor, "portal.edit", item.office)
    if item.public_release != PublicRelease.ACTIVE:
        raise ValidationError(NOT_PUBLIC)
    if item.state not in PORTAL_STATES and not hasattr(item, "portal_submission"):
        raise ValidationError(NOT_ARRIVED)
    if Article.objects.filter(item=item).exists():
        raise ValidationError("这条信息已经选入网站。")
    article = Article.objects.create(
        office=item.office,
        column=_column(item.office, column_id),
        item=item,
        source_unit=item.unit,
        source_title=item.title,
        source_body=item.body,
        title=item.title,
        body=item.body,
    )
    skipped = _copy_media(article, item)
    record(
        actor=actor,
        action="portal.prepared",
        target=article,
        summary=f"选入网站：《{article.title}》（{article.column}）",
        item_id=item.pk,
        skipped_files=skipped,
    )
    return article


# Issued notices (通报) are the circulars app's, above portal. From CircularsConfig.ready()
# it registers ``issued(office)``: the office's issued monthly notices, the ones whose
# figures the site may publish (seed 001 范文8: 定期在网站上公布).
NOTICES: dict[str, Callable] = {}
NOT_A_MONTHLY_NOTICE = "只有已签发的月度信息通报才能发布到网站。"
NOTICE_WITHDRAWN = "来源通报已撤回，不能发布。"


def register_notices(*, issued: Callable) -> None:
    NOTICES["issued"] = issued


def notice_in_force(article: Article) -> bool:
    """Whether the article's source notice is still issued (not withdrawn)."""
    issued = NOTICES.get("issued")
    return (
        issued is not None and issued(article.office).filter(pk=article.source_notice_id).exists()
    )


def notices_to_publish(office: Unit):
    """The office's issued monthly notices not yet on the site, newest first."""
    if "issued" not in NOTICES:
        return []
    return NOTICES["issued"](office).filter(portal_article__isnull=True)


@transaction.atomic
def article_from_notice(*, actor, office: Unit, notice_id: int, column_id: int) -> Article:
    """Take an issued monthly notice for the site: an article whose page shows the
    notice's frozen figures table, through the same 保密审查 and publishing as any."""
    policy.require(actor, "portal.edit", office)
    issued = NOTICES.get("issued")
    notice = issued(office).select_for_update().filter(pk=notice_id).first() if issued else None
    if notice is None:
        raise ValidationError(NOT_A_MONTHLY_NOTICE)
    if Article.objects.filter(source_notice=notice).exists():
        raise ValidationError("这期通报已经选入网站。")
    intro = f"现将{notice.period_label}各单位政务信息报送采用情况通报如下（{notice.doc_number}）。"
    article = Article.objects.create(
        office=office,
        column=_column(office, column_id),
        source_notice=notice,
        source_unit=office,
        source_title=notice.title,
        source_body=intro,
        title=notice.title,
        body=intro,
    )
    record(
        actor=actor,
        action="portal.prepared",
        target=article,
        summary=f"选入网站：《{article.title}》（{article.column}）",
        notice_id=notice.pk,
    )
    return article


def _editable(actor, article_id: int) -> Article:
    article = Article.objects.select_for_update().select_related("office").get(pk=article_id)
    # No actor: the system, following a change elsewhere (its source notice withdrawn).
    if actor is not None:
        policy.require(actor, "portal.edit", article.office)
    return article


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise ValidationError("标题和正文不能为空。")
    validate_plain_text(title)
    validate_plain_text(body)
    return title, body


@transaction.atomic
def article_edit(
    *, actor, article_id: int, title: str, body: str, column_id: int, captions=None
) -> Article:
    """Change the public version (the item stays as it is). Changing the text of a
    reviewed article asks for a new 保密审查."""
    article = _editable(actor, article_id)
    if article.state in (ArticleState.PUBLISHED, ArticleState.WITHDRAWN):
        raise ValidationError("已发布的文章请用“更正”修改。")
    title, body = _clean_text(title, body)
    before = {"title": article.title, "body": article.body, "column": article.column.name}
    if (title, body) != (article.title, article.body):
        article.secrecy_checked_by = article.secrecy_checked_at = None
    article.title, article.body = title, body
    article.column = _column(article.office, column_id)
    article.save()
    for media_id, (caption, alt) in (captions or {}).items():
        validate_plain_text(caption)
        validate_plain_text(alt)
        article.media.filter(pk=media_id).update(caption=caption[:200], alt=alt[:200])
    record(
        actor=actor,
        action="portal.edited",
        target=article,
        summary=f"修改网站稿：《{title}》",
        before=before,
        after={"title": title, "body": body, "column": article.column.name},
    )
    return article


@transaction.atomic
def article_confirm_secrecy(*, actor, article_id: int) -> Article:
    """保密审查: the editor confirms the public version holds no secret; who and when."""
    article = _editable(actor, article_id)
    article.secrecy_checked_by = actor
    article.secrecy_checked_at = clock.now()
    article.save()
    record(
        actor=actor,
        action="portal.secrecy_reviewed",
        target=article,
        summary=f"保密审查通过：《{article.title}》",
    )
    return article


def release_problems(article: Article) -> list[str]:
    """Why the article may not go online now; empty if it may. Items never carry a
    密级 (the item form refuses it); the 密级 and sensitive words of the lists are
    checked again here on the public text, which the portal may have edited."""
    problems = []
    if article.secrecy_checked_at is None:
        problems.append(NO_SECRECY_REVIEW)
    if article.source_notice_id and not notice_in_force(article):
        problems.append(NOTICE_WITHDRAWN)
    return problems + blocking_problems(article.title, article.body)


def _go_live(article: Article, actor, now: datetime) -> None:
    article.state = ArticleState.PUBLISHED
    article.published_at = article.published_at or now
    article.published_by = actor if getattr(actor, "is_authenticated", False) else None
    article.publish_at = None
    article.save()
    record(
        actor=actor,
        action="portal.published",
        target=article,
        summary=f"网站发布：《{article.title}》（{article.column}）",
        column=article.column.name,
    )


@transaction.atomic
def article_publish(*, actor, article_id: int, at: datetime | None = None) -> Article:
    """Publish now, or at ``at`` (the worker publishes it then, see ``articles_publish_due``)."""
    article = _editable(actor, article_id)
    if article.state not in (ArticleState.DRAFT, ArticleState.SCHEDULED):
        raise ValidationError("这篇文章不在待发布状态。")
    if problems := release_problems(article):
        raise ValidationError(problems)
    now = clock.now()
    if at is None or at <= now:
        _go_live(article, actor, now)
        return article
    article.state = ArticleState.SCHEDULED
    article.publish_at = at
    article.published_by = actor
    article.save()
    record(
        actor=actor,
        action="portal.scheduled",
        target=article,
        summary=f"定时发布：《{article.title}》，{timezone.localtime(at):%Y-%m-%d %H:%M}",
    )
    return article


def articles_publish_due() -> int:
    """The worker's run: publish every scheduled article whose time has come, checked
    again (a word added to the lists since scheduling still stops it)."""
    now = clock.now()
    published = 0
    due = Article.objects.filter(state=ArticleState.SCHEDULED, publish_at__lte=now)
    for article_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=article_id)
            if article.state != ArticleState.SCHEDULED or release_problems(article):
                continue
            _go_live(article, article.published_by, now)
            published += 1
    return published


def _reason(reason: str, label: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(f"{label}须填写原因。")
    if len(reason) > NOTE_MAX:
        raise ValidationError(f"原因不能超过 {NOTE_MAX} 个字符。")
    validate_plain_text(reason)
    return reason


@transaction.atomic
def article_withdraw(*, actor, article_id: int, reason: str) -> Article:
    """撤稿: off every page, feed, search and the sitemap at once; kept with the reason."""
    article = _editable(actor, article_id)
    if article.state != ArticleState.PUBLISHED:
        raise ValidationError("只有已发布的文章才能撤稿。")
    article.withdraw_reason = _reason(reason, "撤稿")
    article.state = ArticleState.WITHDRAWN
    article.withdrawn_at = clock.now()
    article.save()
    record(
        actor=actor,
        action="portal.withdrawn",
        target=article,
        summary=f"撤稿：《{article.title}》",
        reason=article.withdraw_reason,
    )
    return article


@transaction.atomic
def article_correct(
    *, actor, article_id: int, title: str, body: str, note: str, secrecy_confirmed: bool
) -> Article:
    """更正: republish with a visible note and date; the corrected text is reviewed too."""
    article = _editable(actor, article_id)
    if article.state != ArticleState.PUBLISHED:
        raise ValidationError("只有已发布的文章才能更正。")
    if not secrecy_confirmed:
        raise ValidationError(NO_SECRECY_REVIEW)
    note = _reason(note, "更正")
    title, body = _clean_text(title, body)
    before = {"title": article.title, "body": article.body}
    article.title, article.body = title, body
    if problems := release_problems(article):
        raise ValidationError(problems)
    now = clock.now()
    article.secrecy_checked_by, article.secrecy_checked_at = actor, now
    article.correction_note, article.corrected_at = note, now
    article.save()
    record(
        actor=actor,
        action="portal.corrected",
        target=article,
        summary=f"更正：《{title}》",
        note=note,
        before=before,
        after={"title": title, "body": body},
    )
    return article
