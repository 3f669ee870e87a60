"""Pages of the second login step and of the security and audit administrators."""

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from govdesk import policy
from govdesk.accounts import security
from govdesk.accounts.models import User
from govdesk.audit.actions import ACTION_GROUPS, action_label
from govdesk.audit.selectors import changes_for
from govdesk.audit.services import record
from govdesk.lib.text import PlainTextForm

WRONG_CODE = "动态口令不正确或已过期，请输入验证器当前显示的 6 位数字。"


class CodeForm(PlainTextForm, forms.Form):
    token = forms.RegexField(
        label="动态口令",
        regex=r"^\d{6}$",
        error_messages={"invalid": "请输入 6 位数字。", "required": "请输入动态口令。"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def otp(request):
    """The second step of a login: enrol an authenticator on the first login (QR code
    and key shown once), confirm each later login with its current code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": "手机验证器"}
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record(
                    actor=user,
                    action="account.otp_enrolled",
                    target=user,
                    summary=f"{user}（{user.username}）绑定动态口令设备",
                )
            otp_login(request, device)
            return redirect(_next_url(request))
        record(
            actor=user,
            action="account.otp_failed",
            target=user,
            summary=f"{user}（{user.username}）动态口令验证失败",
            **security.client_details(request),
        )
        form.add_error("token", WRONG_CODE)
    context = {"form": form, "enrolling": enrolling, "next": _next_url(request)}
    if enrolling:
        context["qr"] = segno.make(device.config_url, error="m").svg_inline(
            scale=4, title="动态口令绑定二维码"
        )
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/otp.html", context)


# --- security administrator ---------------------------------------------------------


def _require_security(user) -> None:
    policy.deny_unless(policy.can(user, "account.unlock", None))


@login_required
def security_home(request):
    """Locked user names to unlock, and the people whose authenticator may be reset."""
    _require_security(request.user)
    q = request.GET.get("q", "").strip()
    people = security.secured_accounts(viewer=request.user, q=q)[:50]
    context = {
        "locked": security.locked_usernames(viewer=request.user),
        "people": [(p, p.has_device) for p in people],
        "q": q,
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def unlock(request):
    username = request.POST.get("username", "")
    security.account_unlock(actor=request.user, username=username)
    messages.success(request, f"已解除“{username}”的登录锁定。")
    return redirect("accounts:security")


@login_required
@require_POST
def reset_otp(request, pk: int):
    _require_security(request.user)
    person = get_object_or_404(
        User.objects.filter(pk__in=policy.secured_people(request.user)), pk=pk
    )
    security.otp_reset(actor=request.user, user=person)
    messages.success(request, f"已重置{person}的动态口令设备，其下次登录时重新绑定。")
    return redirect("accounts:security")


# --- audit administrator ------------------------------------------------------------


class ChangeFilter(PlainTextForm, forms.Form):
    actor = forms.CharField(label="操作人", required=False)
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部"), *ACTION_GROUPS])
    since = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput({"type": "date"})
    )


@login_required
def audit_log(request):
    """The change log for the audit administrator: read only, filtered by actor,
    action and date; no one can edit or delete a line of it here or anywhere."""
    policy.deny_unless(policy.can(request.user, "audit.read", None))
    form = ChangeFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    changes = changes_for(viewer=request.user, **filters)
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    for change in page:
        change.label = action_label(change.action)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "accounts/audit_log.html", context)
