"""刊物与栏目 in 配置管理: an office's publications, their names and their columns
(add, rename, reorder, retire, delete while unused), for its chief editor and its
administrators (``publication.configure``). Writes go through ``services``; the
default distribution keeps its own page (``views.publication_settings``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.core.confirm import Confirmation, confirm_page, confirmed
from govdesk.publications import services
from govdesk.publications.forms import ColumnNameForm, PublicationNameForm
from govdesk.publications.models import Column, Publication


@login_required
def publication_list(request):
    publications = policy.configurable_publications(request.user).prefetch_related("columns")
    policy.deny_unless(publications.exists())
    return render(request, "publications/config/list.html", {"publications": publications})


def _publication(request, pk) -> Publication:
    publication = get_object_or_404(
        Publication.objects.select_related("office"), pk=pk, office__isnull=False
    )
    policy.require(request.user, "publication.configure", publication)
    return publication


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def publication_edit(request, pk):
    """The publication's name and description, and its columns in order."""
    publication = _publication(request, pk)
    which = request.POST.get("form") if request.method == "POST" else None
    initial = {"name": publication.name, "description": publication.description}
    name_form = PublicationNameForm(
        request.POST if which == "publication" else None, initial=initial
    )
    column_form = ColumnNameForm(request.POST if which == "column" else None, prefix="new")
    form = {"publication": name_form, "column": column_form}.get(which)
    if form is not None and form.is_valid():
        try:
            if which == "publication":
                services.publication_update(
                    actor=request.user, publication=publication, **form.cleaned_data
                )
                done = f"已保存{Publication.objects.get(pk=publication.pk)}的名称和说明。"
            else:
                column = services.column_add(
                    actor=request.user, publication=publication, name=form.cleaned_data["name"]
                )
                done = f"已新增栏目“{column.name}”，排在最后。"
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("publications:edit", publication.pk)
    columns = publication.columns.annotate(used=Count("adoptions")).order_by("sort_order", "id")
    return render(
        request,
        "publications/config/edit.html",
        {
            "publication": publication,
            "name_form": name_form,
            "column_form": column_form,
            "columns": columns,
        },
    )


def _delete_confirmation(column: Column) -> Confirmation:
    url = reverse("publications:column", args=[column.pk])
    return Confirmation(
        key=f"column-delete-{column.pk}",
        title=f"删除栏目“{column.name}”",
        lines=(
            f"栏目“{column.name}”从{column.publication}中删除，不能恢复。",
            "该栏目没有采用记录，也没有用于刊期文章；删除不影响任何分数。",
        ),
        action=url,
        button="确认删除",
        cancel=reverse("publications:edit", args=[column.publication_id]),
        hidden=(("do", "delete"),),
    )


@login_required
@require_POST
def column_action(request, pk):
    """One column's rename, move up or down, retire, bring back or delete."""
    column = get_object_or_404(Column.objects.select_related("publication__office"), pk=pk)
    _publication(request, column.publication_id)
    actor, do = request.user, request.POST.get("do", "")
    try:
        if do == "rename":
            form = ColumnNameForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["name"])
            old = column.name
            column = services.column_update(
                actor=actor, column=column, name=form.cleaned_data["name"]
            )
            done = (
                f"栏目“{old}”已改名为“{column.name}”。"
                if old != column.name
                else "栏目名称没有改动。"
            )
        elif do in ("up", "down"):
            services.column_move(actor=actor, column=column, offset=-1 if do == "up" else 1)
            done = f"已调整栏目“{column.name}”的顺序。"
        elif do in ("retire", "restore"):
            services.column_update(actor=actor, column=column, is_active=do == "restore")
            done = (
                f"已停用栏目“{column.name}”：采用时不再出现，已有的采用和计分不变。"
                if do == "retire"
                else f"已恢复启用栏目“{column.name}”。"
            )
        elif do == "delete":
            if refusal := services.column_delete_refusal(column):
                raise ValidationError(refusal)
            if not confirmed(request):
                return confirm_page(request, _delete_confirmation(column))
            services.column_delete(actor=actor, column=column)
            done = f"已删除栏目“{column.name}”。"
        else:
            raise ValidationError("无法识别的操作，请刷新页面后重试。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("publications:edit", column.publication_id)
