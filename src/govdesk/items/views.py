"""Item pages: the form (with autosave and the editing lease), the item page with its
history, and the workflow actions. Every write goes through items.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.audit.services import history_of
from govdesk.core.confirm import Confirmation, confirm_page, confirmed
from govdesk.core.forms import typed_text
from govdesk.core.idempotency import idempotent, new_key
from govdesk.core.redirects import redirect_back
from govdesk.items import adoptions, selectors, services
from govdesk.items import attachments as attachment_service
from govdesk.items.forms import (
    AdoptForm,
    CreditForm,
    ExternalAdoptionForm,
    ForwardNote,
    ItemForm,
    ReasonForm,
    UnitChoiceForm,
)
from govdesk.items.models import Attachment, Item, ItemVersion, State
from govdesk.items.workflow import TRANSITIONS, Transition, TransitionError
from govdesk.lib import clock
from govdesk.lib.textdiff import diff_segments


def _visible_item(request, pk) -> Item:
    item = get_object_or_404(Item.objects.select_related("unit", "office", "locked_by"), pk=pk)
    policy.require(request.user, "item.view", item)
    return item


def _form_fields(form: ItemForm) -> dict:
    data = form.cleaned_data
    return {name: data[name] for name in services.EDITABLE_FIELDS if name in data}


def _credit(form) -> dict:
    data = form.cleaned_data
    authors = data.get("authors")
    return {
        "writer": data.get("writer", ""),
        "contact_phone": data.get("contact_phone", ""),
        "author_ids": [u.pk for u in authors] if authors else [],
    }


def _save(form: ItemForm, *, item: Item | None, unit, actor) -> Item:
    """Save the text; the credit too while the item is being written (the new-item page,
    whose autosave may already have created it)."""
    if item is None:
        credit = _credit(form)
        return services.item_create(
            actor=actor,
            unit=unit,
            fields={
                **_form_fields(form),
                "writer": credit["writer"],
                "contact_phone": credit["contact_phone"],
            },
            author_ids=credit["author_ids"] or None,
        )
    item = services.item_update(
        item_id=item.pk,
        actor=actor,
        fields=_form_fields(form),
        revision=form.cleaned_data["revision"] or 0,
        note=form.cleaned_data.get("note", ""),
    )
    if form.credit:
        credit = _credit(form)
        credit["author_ids"] = credit["author_ids"] or [actor.pk]
        item = services.item_credit_change(item_id=item.pk, actor=actor, **credit)
    return item


def _apply_service_error(form: ItemForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@idempotent
def item_form(request, pk=None):
    """Write a new item or change an existing one; the user's text is never dropped."""
    user = request.user
    item = _visible_item(request, pk) if pk else None
    if item is None and request.method == "POST" and request.POST.get("item_id"):
        # The autosave already created the draft; this save updates it.
        item = _visible_item(request, request.POST["item_id"])
    if item is not None:
        policy.require(user, "item.edit", item)
        unit_form = None
        unit = item.unit
    else:
        units = policy.writer_units(user)
        if not units.exists():
            raise PermissionDenied("您没有可报送信息的单位。")
        unit_form = UnitChoiceForm(request.POST or None, units=units)
        unit = unit_form.fields["unit"].queryset.first()
        if unit_form.is_bound and unit_form.is_valid():
            unit = unit_form.cleaned_data["unit"]

    holder = services.item_lock(item=item, actor=user) if item else None
    # Only the new-item page carries the credit, prefilled with the writer's own name;
    # an existing item's credit changes on its own page (item_credit).
    initial = {"revision": item.revision if item else None}
    if pk is None:
        initial.update(authors=[user.pk], writer=user.full_name, contact_phone=user.phone)
    form = ItemForm(
        request.POST or None, instance=item, unit=unit, credit=pk is None, initial=initial
    )
    if request.method == "POST" and not holder and form.is_valid():
        submit = "save_submit" in request.POST
        try:
            # Save and submit stand or fall together; on failure the page keeps the text.
            with transaction.atomic():
                saved = _save(form, item=item, unit=unit, actor=user)
                # Files chosen on the form go with the save; a refused one undoes it.
                for upload in request.FILES.getlist("files"):
                    attachment_service.attachment_add(item=saved, actor=user, upload=upload)
                if submit:
                    saved = services.item_transition(item_id=saved.pk, action="submit", actor=user)
        except ValidationError as error:
            _apply_service_error(form, error)
        except (services.EditConflict, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            services.item_unlock(item=saved, actor=user)
            messages.success(request, "已提交审核。" if submit else "已保存。")
            return redirect(reverse("items:detail", args=[saved.pk]) + "?saved=1")
    elif request.method == "POST" and holder:
        form.add_error(None, f"该信息正在由 {holder} 编辑，您的修改未保存（内容仍保留在本页）。")
    can_submit = item is None or item.state in (State.DRAFT, State.RETURNED)
    return render(
        request,
        "items/form.html",
        {
            "form": form,
            "unit_form": unit_form,
            "item": item,
            "unit": unit,
            "holder": holder,
            "can_submit": can_submit,
            "show_note": item is not None and item.state >= State.SUBMITTED,
            "can_change_credit": item is not None and policy.can(user, "item.change_credit", item),
            "request_key": new_key(),
            "attachment_accept": attachment_service.ACCEPT_ATTRIBUTE,
            "attachment_rules": attachment_service.client_rules(),
        },
    )


@require_POST
def item_autosave(request, pk=None):
    """htmx: keep a draft on the server while the writer types (drafts and returned items
    only; text the office is editing stays in the page and the browser until saved)."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "items/_autosave.html", {"expired": True})
    new_page = pk is None  # the new-item page carries the credit (see item_form)
    pk = pk or request.POST.get("item_id") or None
    item = _visible_item(request, pk) if pk else None
    if item is not None and services.item_lock(item=item, actor=user):
        return render(request, "items/_autosave.html", {"locked": True, "item": item})
    if item is not None and item.state not in (State.DRAFT, State.RETURNED):
        return render(request, "items/_autosave.html", {"kept_locally": True, "item": item})
    unit = item.unit if item else None
    if item is None:
        unit_form = UnitChoiceForm(request.POST, units=policy.writer_units(user))
        if not unit_form.is_valid():
            raise PermissionDenied
        unit = unit_form.cleaned_data["unit"]
    form = ItemForm(request.POST, instance=item, unit=unit, credit=new_page)
    if not form.is_valid():
        return render(request, "items/_autosave.html", {"invalid": True, "item": item})
    try:
        created = item is None
        item = _save(form, item=item, unit=unit, actor=user)
        if created:
            services.item_lock(item=item, actor=user)
    except (ValidationError, services.EditConflict) as error:
        message = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return render(request, "items/_autosave.html", {"error": message, "item": item})
    return render(request, "items/_autosave.html", {"saved_at": timezone.localtime(), "item": item})


@login_required
@idempotent
def item_credit(request, pk):
    """更改署名: who wrote the item, changed on purpose by the unit's own people."""
    item = _visible_item(request, pk)
    policy.require(request.user, "item.change_credit", item)
    user = request.user
    initial = {
        "writer": item.writer or user.full_name,
        "contact_phone": item.contact_phone if item.writer else user.phone,
        "authors": list(item.authors.values_list("pk", flat=True)) or [user.pk],
    }
    form = CreditForm(request.POST or None, item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_credit_change(
                item_id=item.pk, actor=user, **_credit(form), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _apply_service_error(form, error)
        else:
            messages.success(request, "署名已更改，并记入办理记录。")
            return redirect("items:detail", pk=item.pk)
    return render(
        request, "items/credit.html", {"form": form, "item": item, "request_key": new_key()}
    )


@login_required
@require_POST
def item_heartbeat(request, pk):
    """htmx: renew the editing lease while the form is open."""
    item = _visible_item(request, pk)
    policy.require(request.user, "item.edit", item)
    holder = services.item_lock(item=item, actor=request.user)
    return HttpResponse(f"正在由 {holder} 编辑" if holder else "")


def _confirmation(item: Item, transition: Transition) -> Confirmation:
    facts = {
        "title": item.title,
        "unit": item.unit.name,
        "office": item.office.name,
        "year": timezone.localdate(clock.now()).year,
    }
    return Confirmation(
        key=transition.action,
        title=transition.label,
        lines=tuple(line.format(**facts) for line in transition.confirm),
        action=reverse("items:act", args=[item.pk, transition.action]),
        button=f"确认{transition.label}",
        cancel=reverse("items:detail", args=[item.pk]),
        style="danger" if transition.style == "danger" else "primary",
        reason_label=transition.reason_label
        or ("原因（报送单位可见）" if transition.needs_reason else ""),
        reason_required=transition.needs_reason,
    )


@login_required
def item_detail(request, pk):
    return _detail_page(request, _visible_item(request, pk))


def _detail_page(request, item: Item, *, forward_note: str | None = None, status: int = 200):
    """The item page; after a refused 转报, with its dialog open and the note as typed."""
    user = request.user
    available = {t.action: t for t in selectors.available_actions(item, user)}
    can_adopt = available.pop("adopt", None) is not None
    can_forward = available.pop("forward", None) is not None
    forward_done = Item.objects.filter(forwarded_from=item).select_related("office").first()
    adopt_form = AdoptForm(office=item.office) if can_adopt else None
    holder = (
        item.locked_by
        if item.locked_by_id and item.locked_by_id != user.pk and item.locked_until > timezone.now()
        else None
    )
    return render(
        request,
        "items/detail.html",
        {
            "item": item,
            "actions": list(available.values()),
            "confirmations": [_confirmation(item, t) for t in available.values() if t.confirm],
            "can_edit": policy.can(user, "item.edit", item),
            "can_change_credit": policy.can(user, "item.change_credit", item),
            "can_adopt": can_adopt,
            "adopt_form": adopt_form,
            "adopt_kinds": adopt_form.kind_choices_for(next(iter(adopt_form.targets), ""))
            if adopt_form
            else [],
            "can_forward": can_forward,
            "forward_done": forward_done,
            "superior": item.office.superior_office() if can_forward else None,
            "holder": holder,
            "history": history_of(item),
            "versions": item.versions.select_related("author"),
            "adoptions": item.adoptions.select_related("publication", "column", "adopted_by"),
            "attachments": item.attachments.all(),
            "request_key": new_key(),
            "attachment_accept": attachment_service.ACCEPT_ATTRIBUTE,
            "forward_note": forward_note,
            "forward_note_max": ForwardNote.base_fields["note"].max_length,
        },
        status=status,
    )


@login_required
@require_POST
@idempotent
def item_act(request, pk, action):
    item = _visible_item(request, pk)
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Http404
    if transition.confirm and not confirmed(request):
        policy.require(request.user, transition.permission, item)
        return confirm_page(request, _confirmation(item, transition))
    try:
        services.item_transition(
            item_id=item.pk,
            action=action,
            actor=request.user,
            reason=typed_text(ReasonForm, request.POST, "reason"),
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages) + "请先修改后再提交。")
        if transition.confirm:  # the reason was typed on the step: show it again, kept
            return confirm_page(request, _confirmation(item, transition), status=400)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已{TRANSITIONS[action].label}。")
    return redirect("items:detail", pk=item.pk)


@login_required
@require_POST
@idempotent
def item_adopt(request, pk):
    item = _visible_item(request, pk)
    policy.require(request.user, "item.adopt", item)
    form = AdoptForm(request.POST, office=item.office)
    if not form.is_valid():
        messages.error(request, "请选择刊物栏目和采用类型。")
        return redirect("items:detail", pk=item.pk)
    try:
        adoption = services.item_adopt(
            item_id=item.pk,
            actor=request.user,
            publication=form.cleaned_data["publication"],
            column=form.cleaned_data["column"],
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已采用：{adoption}。")
    return redirect("items:detail", pk=item.pk)


@login_required
def adopt_kinds(request, pk):
    """htmx: the adoption kinds the chosen publication column allows."""
    item = _visible_item(request, pk)
    policy.require(request.user, "item.adopt", item)
    form = AdoptForm(office=item.office)
    choices = form.kind_choices_for(request.GET.get("target", ""))
    return render(request, "items/_kind_options.html", {"choices": choices})


@login_required
@require_POST
@idempotent
def item_forward(request, pk):
    item = _visible_item(request, pk)
    try:
        copy = services.item_forward(
            item_id=item.pk, actor=request.user, note=typed_text(ForwardNote, request.POST, "note")
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return _detail_page(request, item, forward_note=request.POST.get("note", ""), status=400)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已转报{copy.office}。")
    return redirect("items:detail", pk=item.pk)


@login_required
@require_POST
def attachment_upload(request, pk):
    item = _visible_item(request, pk)
    uploads = request.FILES.getlist("files")
    if not uploads:
        messages.error(request, "请选择要上传的文件。")
    for upload in uploads:
        try:
            attachment_service.attachment_add(item=item, actor=request.user, upload=upload)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已上传“{upload.name}”。")
    return redirect_back(request, "items:detail", pk=item.pk)


def _visible_attachment(request, pk) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    policy.require(request.user, "item.view", attachment.item)
    return attachment


@login_required
def attachment_download(request, pk):
    attachment = _visible_attachment(request, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=attachment.kind == "document",
        filename=attachment.original_name,
        content_type=attachment.mime,
    )


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = _visible_attachment(request, pk)
    item_pk = attachment.item_id
    attachment_service.attachment_remove(attachment=attachment, actor=request.user)
    messages.success(request, f"已删除附件“{attachment.original_name}”。")
    return redirect("items:detail", pk=item_pk)


@login_required
def version_diff(request, pk):
    item = _visible_item(request, pk)
    versions = list(item.versions.select_related("author"))
    if not versions:
        raise Http404
    by_number = {v.number: v for v in versions}
    try:
        new = by_number[int(request.GET.get("b", versions[-1].number))]
        old = by_number[int(request.GET.get("a", max(new.number - 1, 1)))]
    except (KeyError, ValueError):
        raise Http404 from None
    current = ItemVersion(number=0, title=item.title, body=item.body)
    return render(
        request,
        "items/diff.html",
        {
            "item": item,
            "versions": versions,
            "old": old,
            "new": new,
            "title_diff": diff_segments(old.title, new.title),
            "body_diff": diff_segments(old.body, new.body),
            "current": current,
        },
    )


@login_required
@idempotent
def external_adoption(request, item_pk):
    item = get_object_or_404(Item.objects.select_related("unit", "office"), pk=item_pk)
    policy.require(request.user, "item.view", item)
    if not adoptions.can_record_external(request.user, item):
        raise PermissionDenied("只有本办编辑可以登记上级采用。")
    form = ExternalAdoptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adoptions.adoption_record_external(actor=request.user, item_id=item.pk, **data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"已登记{data['publication']}采用。")
            return redirect("items:detail", pk=item.pk)
    return render(
        request,
        "items/external_adoption.html",
        {"form": form, "item": item, "request_key": new_key()},
    )
