from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header

from govdesk import policy
from govdesk.accounts import issuance, selectors, services
from govdesk.accounts.forms import IssueForm
from govdesk.accounts.models import IssueBatch
from govdesk.accounts.security import PASSWORD_EXPIRED
from govdesk.core.idempotency import idempotent, new_key
from govdesk.policy import visible_units
from govdesk.units.views import picker_response


@login_required
def first_password(request):
    """The page a bulk-issued account, or one whose password expired, lands on until it
    sets a new password."""
    expired = request.session.get(PASSWORD_EXPIRED, False)
    if not request.user.must_change_password and not expired:
        return redirect("web:dashboard")
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_set_own_password(
            user=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        request.session[PASSWORD_EXPIRED] = False
        messages.success(request, "密码已修改，欢迎使用。")
        return redirect("web:dashboard")
    context = {"form": form, "expired": expired and not request.user.must_change_password}
    return render(request, "accounts/first_password.html", context)


def managed_or_403(user, refusal: str = "只有管理员可以批量开通账号。"):
    """The units ``user`` administers; 403 with ``refusal`` when there are none."""
    managed = policy.managed_units(user)
    if not managed.exists():
        raise PermissionDenied(refusal)
    return managed


@login_required
@idempotent
def issue(request):
    """Upload a filled-in sheet; a clean sheet leads to its result page, problems stay here."""
    managed_or_403(request.user)
    form = IssueForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        report = services.accounts_issue_from_sheet(
            actor=request.user, file=form.cleaned_data["file"]
        )
        if report.batch is not None:
            messages.success(request, f"已开通 {len(report.batch.accounts)} 个账号。")
            return redirect("accounts:issue_result", report.batch.pk)
        problems = report.problems
    context = {
        "form": form,
        "problems": problems,
        "request_key": new_key(),
        "batches": IssueBatch.objects.filter(created_by=request.user)[:10],
    }
    return render(request, "accounts/issue.html", context)


@login_required
def issue_template(request):
    office = managed_or_403(request.user).filter(kind="office").order_by("path").first()
    content = issuance.template_workbook(superior_name=office.name if office else "")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, "开通账号模板.xlsx")
    return response


@login_required
def issue_result(request, pk: int):
    batches = IssueBatch.objects.all()
    if not request.user.is_superuser:
        batches = batches.filter(created_by=request.user)
    batch = get_object_or_404(batches, pk=pk)
    return render(request, "accounts/issue_result.html", {"batch": batch})


def _user_json(user) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "pinyin": user.name_pinyin,
        "initials": user.name_initials,
        "roles": [
            {
                "unit": m.unit.name,
                "unit_id": m.unit_id,
                "role": m.role,
                "label": m.get_role_display(),
            }
            for m in user.visible_roles
        ],
    }


@login_required
def user_search(request):
    """People in units the viewer may see whose name, username, pinyin or initials match ?q=."""
    users = selectors.user_search(request.GET.get("q", ""), within=visible_units(request.user))
    return picker_response(
        request, users, template="accounts/_user_options.html", as_json=_user_json
    )
