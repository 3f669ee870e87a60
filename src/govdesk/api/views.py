"""接口客户端 pages (配置管理): an administrator registers the client applications of
the offices they manage, sets their scopes and rate, issues and revokes their tokens
(shown once) and reads their calls. Writes call ``api.clients``."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render

from govdesk import policy
from govdesk.accounts.models import SCOPES, ApiClient, ApiToken
from govdesk.accounts.selectors import users_managed_by
from govdesk.api import clients
from govdesk.api.models import ApiCall
from govdesk.core.idempotency import idempotent, new_key
from govdesk.lib import clock
from govdesk.lib.text import PlainTextForm

CALLS_SHOWN = 100


class ClientForm(PlainTextForm, forms.Form):
    name = forms.CharField(label="名称", max_length=100, help_text="如 市政府信息平台、12345 热线")
    owner = forms.ModelChoiceField(label="所属单位", queryset=None, empty_label="请选择")
    scopes = forms.MultipleChoiceField(
        label="权限范围",
        choices=list(SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="客户端只能调用所选范围内的接口（各范围的代码见接口文档）；调用用户本身的权限另行检查",
    )
    rate_limit = forms.IntegerField(
        label="每分钟调用上限", min_value=clients.RATE_LIMITS[0], max_value=clients.RATE_LIMITS[1]
    )
    description = forms.CharField(label="说明", max_length=200, required=False)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = offices


class TokenForm(PlainTextForm, forms.Form):
    user = forms.ModelChoiceField(
        label="代表账号",
        queryset=None,
        empty_label="请选择",
        help_text="客户端以该账号的身份调用，只能做该账号有权做的事",
    )
    name = forms.CharField(label="用途", max_length=100)

    def __init__(self, *args, people, **kwargs):
        # Prefixed: the settings form on the same page has its own "name".
        super().__init__(*args, prefix="token", **kwargs)
        self.fields["user"].queryset = people


def _offices(user):
    return policy.managed_units(user).filter(kind="office", is_active=True).order_by("path")


@login_required
@idempotent
def client_list(request):
    offices = _offices(request.user)
    policy.deny_unless(offices.exists())
    form = ClientForm(request.POST or None, offices=offices, initial={"rate_limit": 120})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("is_active")
        try:
            client = clients.client_register(actor=request.user, **data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"已登记接口客户端“{client.name}”，请为其签发令牌。")
            return redirect("api_clients:client", client.pk)
    since = clock.now() - timedelta(days=1)
    rows = (
        ApiClient.objects.filter(owner__in=policy.managed_units(request.user))
        .select_related("owner")
        .annotate(
            token_count=Count("tokens", distinct=True),
            calls_today=Count("calls", filter=Q(calls__at__gte=since), distinct=True),
        )
    )
    del form.fields["is_active"]
    context = {"clients": rows, "form": form, "request_key": new_key()}
    return render(request, "api/clients.html", context)


@login_required
@idempotent
def client_detail(request, pk: int):
    client = get_object_or_404(
        ApiClient.objects.select_related("owner"),
        pk=pk,
        owner__in=policy.managed_units(request.user),
    )
    posted = request.POST.get("form")
    data = request.POST if request.method == "POST" else None
    settings_form = ClientForm(
        data if posted == "settings" else None,
        offices=_offices(request.user),
        initial={
            "name": client.name,
            "owner": client.owner_id,
            "scopes": client.scopes,
            "rate_limit": client.rate_limit,
            "description": client.description,
            "is_active": client.is_active,
        },
    )
    settings_form.fields["name"].disabled = settings_form.fields["owner"].disabled = True
    token_form = TokenForm(
        data if posted == "token" else None,
        people=users_managed_by(request.user).filter(is_active=True).order_by("name_pinyin"),
    )
    shown = None
    try:
        if posted == "settings" and settings_form.is_valid():
            fields = {
                name: settings_form.cleaned_data[name]
                for name in ("scopes", "rate_limit", "description", "is_active")
            }
            clients.client_update(actor=request.user, client=client, **fields)
            messages.success(request, "客户端设置已保存。")
            return redirect("api_clients:client", client.pk)
        if posted == "token" and token_form.is_valid():
            token, raw = clients.client_token_issue(
                actor=request.user, client=client, **token_form.cleaned_data
            )
            shown = {"token": raw, "name": token.name}
            token_form = TokenForm(people=token_form.fields["user"].queryset)
        if posted == "revoke":
            token = get_object_or_404(ApiToken, client=client, pk=request.POST.get("token"))
            clients.client_token_revoke(actor=request.user, token=token)
            messages.success(request, f"令牌“{token.name}”已停用。")
            return redirect("api_clients:client", client.pk)
    except ValidationError as error:
        form = token_form if posted == "token" else settings_form
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    calls = ApiCall.objects.filter(client=client).select_related("user")[:CALLS_SHOWN]
    context = {
        "client": client,
        "settings_form": settings_form,
        "token_form": token_form,
        "tokens": client.tokens.select_related("user").order_by("-created_at"),
        "calls": calls,
        "shown": shown,
        "request_key": new_key(),
    }
    return render(request, "api/client.html", context)
