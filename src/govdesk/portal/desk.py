"""The portal desk (网站发布): the queue of 主动公开 items, the 发布前审查, publishing,
withdrawal and correction, the quota table and the stale-column warnings."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.core.idempotency import idempotent, new_key
from govdesk.items.models import Item
from govdesk.lib import clock
from govdesk.lib.textdiff import diff_segments
from govdesk.portal import selectors, services
from govdesk.portal.models import Article, ArticleState, PortalColumn
from govdesk.units.models import Unit


def _desk_office(request) -> Unit:
    office = selectors.desk_office(request.user)
    if office is None:
        raise Http404
    return office


@login_required
def desk(request):
    office = selectors.desk_office(request.user)
    if office is None:
        if not request.user.is_superuser:
            raise Http404
        # A new deployment: no office has opened its site yet (its first column does).
        return render(request, "portal/no_site.html")
    articles = Article.objects.filter(office=office).select_related("column", "source_unit")
    month = timezone.localdate(clock.now())
    return render(
        request,
        "portal/desk.html",
        {
            "office": office,
            "may_edit": policy.can(request.user, "portal.edit", office),
            "queue": selectors.desk_queue(office)[:100],
            "notices": services.notices_to_publish(office)[:12],
            "pending": articles.filter(state__in=[ArticleState.DRAFT, ArticleState.SCHEDULED]),
            "recent": articles.filter(state__gte=ArticleState.PUBLISHED)[:30],
            "columns": PortalColumn.objects.filter(office=office, is_active=True),
            "freshness": selectors.column_freshness(office),
            "quota": selectors.quota_table(office, month),
            "month": month,
            "quota_target": selectors.MONTHLY_QUOTA,
            "request_key": new_key(),
        },
    )


@require_POST
@login_required
def send(request, item_id: int):
    """单独报送网站 from the item page."""
    item = get_object_or_404(Item, pk=item_id)
    policy.require(request.user, "item.view", item)
    try:
        services.item_send_to_portal(actor=request.user, item_id=item.pk)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, "已单独报送门户网站，等待网站编辑审查发布。")
    return redirect("items:detail", pk=item.pk)


class ColumnForm(forms.ModelForm):
    class Meta:
        model = PortalColumn
        fields = services.COLUMN_FIELDS
        help_texts = {"slug": "网址中的栏目名，只用小写字母、数字和连字符，如 zwxx"}
        error_messages = {"slug": {"invalid": "网址名只能用字母、数字、下划线或连字符。"}}


@login_required
def columns(request):
    """栏目设置: the office's site columns, each editable, and a form for a new one."""
    office = _desk_office(request)
    policy.require(request.user, "portal.edit", office)
    existing = list(PortalColumn.objects.filter(office=office))
    editing = request.POST.get("column", "")
    forms_ = []
    for column in existing:
        bound = request.method == "POST" and editing == str(column.pk)
        forms_.append((column, ColumnForm(request.POST if bound else None, instance=column,
                                          prefix=f"c{column.pk}")))  # fmt: skip
    new = ColumnForm(
        request.POST if request.method == "POST" and editing == "new" else None,
        prefix="new",
        initial={"kind": "news", "freshness_days": 14, "position": len(existing)},
    )
    if request.method == "POST":
        form = (
            new if editing == "new" else next((f for c, f in forms_ if str(c.pk) == editing), None)
        )
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                column = services.column_save(
                    actor=request.user,
                    office=office,
                    column_id=None if editing == "new" else int(editing),
                    **{name: form.cleaned_data[name] for name in services.COLUMN_FIELDS},
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"已保存栏目“{column.name}”。")
                return redirect("portal:columns")
    return render(request, "portal/columns.html", {"office": office, "forms": forms_, "new": new})


def _refused(request, error: ValidationError):
    messages.error(request, "；".join(error.messages))


@login_required
@require_POST
@idempotent
def take(request, item_id: int):
    try:
        article = services.article_prepare(
            actor=request.user, item_id=item_id, column_id=int(request.POST.get("column") or 0)
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect("portal:desk")
    return redirect("portal:edit", article.pk)


@login_required
@require_POST
@idempotent
def take_notice(request, notice_id: int):
    """发布到网站: an issued monthly notice's figures as an article, from the desk."""
    office = _desk_office(request)
    try:
        article = services.article_from_notice(
            actor=request.user,
            office=office,
            notice_id=notice_id,
            column_id=int(request.POST.get("column") or 0),
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect("portal:desk")
    return redirect("portal:edit", article.pk)


def _article(request, pk: int) -> Article:
    article = get_object_or_404(
        Article.objects.select_related("office", "column", "item", "source_notice"), pk=pk
    )
    policy.require(request.user, "portal.view", article.office)
    return article


@login_required
def edit(request, pk: int):
    return _edit_page(request, _article(request, pk))


def _edit_page(request, article: Article, typed: dict | None = None, status: int = 200):
    """The article's page; after a refused save or correction, with what was typed."""
    return render(
        request,
        "portal/edit.html",
        {
            "article": article,
            "typed": typed or {"title": article.title, "body": article.body},
            "may_edit": policy.can(request.user, "portal.edit", article.office),
            "columns": PortalColumn.objects.filter(office=article.office, is_active=True),
            "media": article.media.all(),
            # Attachments the scrubber could not clean (audio, video, unreadable files).
            "skipped": [
                a.original_name
                for a in article.item.attachments.exclude(
                    original_name__in=article.media.values("original_name")
                )
            ]
            if article.item_id
            else [],
            "title_diff": diff_segments(article.source_title, article.title),
            "body_diff": diff_segments(article.source_body, article.body),
            "problems": services.release_problems(article),
            "request_key": new_key(),
        },
        status=status,
    )


def _publish_time(raw: str) -> datetime | None:
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError("定时发布时间格式不正确。") from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


ACTIONS = {
    "save": lambda request, pk: services.article_edit(
        actor=request.user,
        article_id=pk,
        title=request.POST.get("title", ""),
        body=request.POST.get("body", ""),
        column_id=int(request.POST.get("column") or 0),
        captions={
            int(key.removeprefix("caption_")): (
                request.POST.get(key, ""),
                request.POST.get(f"alt_{key.removeprefix('caption_')}", ""),
            )
            for key in request.POST
            if key.startswith("caption_") and key.removeprefix("caption_").isdigit()
        },
    ),
    "secrecy": lambda request, pk: services.article_confirm_secrecy(
        actor=request.user, article_id=pk
    ),
    "publish": lambda request, pk: services.article_publish(
        actor=request.user, article_id=pk, at=_publish_time(request.POST.get("publish_at", ""))
    ),
    "withdraw": lambda request, pk: services.article_withdraw(
        actor=request.user, article_id=pk, reason=request.POST.get("reason", "")
    ),
    "correct": lambda request, pk: services.article_correct(
        actor=request.user,
        article_id=pk,
        title=request.POST.get("title", ""),
        body=request.POST.get("body", ""),
        note=request.POST.get("note", ""),
        secrecy_confirmed=request.POST.get("secrecy_confirmed") == "1",
    ),
}
DONE = {
    "save": "网站稿已保存。",
    "secrecy": "保密审查已确认。",
    "publish": "已发布（或已定时）。",
    "withdraw": "已撤稿。",
    "correct": "更正已发布。",
}


@login_required
@require_POST
@idempotent
def act(request, pk: int, action: str):
    article = _article(request, pk)
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](request, article.pk)
    except ValidationError as error:
        _refused(request, error)
        if action in ("save", "correct"):
            # The page again with the typed text and note: a refusal loses nothing.
            typed = {k: request.POST.get(k, "") for k in ("title", "body", "note")}
            return _edit_page(request, article, typed, status=400)
    else:
        messages.success(request, DONE[action])
    return redirect("portal:edit", article.pk)
