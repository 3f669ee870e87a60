"""人员与角色: an administrator's pages for the people of the units they manage —
their details, roles, password and API tokens. Unlocks and second-factor resets stay
with the security administrator (``security_views``), as 三员分立 wants."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from govdesk import policy
from govdesk.accounts import selectors, services
from govdesk.accounts.models import ApiToken, Membership, Role, User
from govdesk.accounts.tokens import token_issue, token_revoke
from govdesk.accounts.views import managed_or_403
from govdesk.units.models import Level
from govdesk.units.selectors import name_match


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "phone", "is_active"]
        labels = {"email": "邮箱", "is_active": "启用账号"}
        help_texts = {"is_active": "停用后不能登录，接口令牌也随之失效；角色保留"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True


class GrantForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="单位",
        queryset=None,
        empty_label="请选择",
        error_messages={"invalid_choice": "请选择您管理的单位。"},
    )
    role = forms.ChoiceField(label="角色", choices=[("", "请选择"), *Role.choices])
    leader_level = forms.TypedChoiceField(
        label="领导层级",
        choices=[("", "请选择"), *[(lv.value, lv.label) for lv in Level if lv > Level.TOWNSHIP]],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="仅“领导”角色填写",
    )
    title = forms.CharField(label="职务", max_length=50, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ResetForm(forms.Form):
    delivery = forms.ChoiceField(
        label="新密码",
        choices=[("show", "在本页显示一次，当面告知本人"), ("mail", "发送到本人邮箱")],
        widget=forms.RadioSelect,
        initial="show",
    )


class TokenForm(forms.Form):
    name = forms.CharField(label="令牌用途", max_length=100, help_text="如：市级平台数据对接")


PEOPLE_REFUSAL = "人员与角色由管理员维护。"


@login_required
def people_list(request):
    managed = managed_or_403(request.user, PEOPLE_REFUSAL)
    query = request.GET.get("q", "").strip()
    people = selectors.users_managed_by(request.user)
    if query:
        people = people.filter(name_match(query, "full_name", "username"))
    roles = Membership.objects.filter(is_active=True, unit__in=managed).select_related("unit")
    people = people.order_by("-is_active", "name_pinyin", "pk").prefetch_related(
        Prefetch("memberships", queryset=roles, to_attr="active_roles")
    )[:200]
    return render(request, "accounts/people.html", {"people": people, "query": query})


def _forms(request, person, managed, posted):
    data = request.POST if request.method == "POST" else None
    return {
        # A copy: validating the form must not change ``person`` before the service
        # compares old and new values.
        "profile": ProfileForm(
            data if posted == "profile" else None, instance=User.objects.get(pk=person.pk)
        ),
        "grant": GrantForm(
            data if posted == "grant" else None,
            units=managed.filter(is_active=True).order_by("path"),
        ),
        "reset": ResetForm(data if posted == "reset" else None),
        "token": TokenForm(data if posted == "token" else None),
    }


@never_cache
@login_required
def person(request, pk: int):
    """One person's details, roles, password and tokens. The new password or token is
    shown in the answer to the POST itself, once; nothing keeps it."""
    managed = managed_or_403(request.user, PEOPLE_REFUSAL)
    person = get_object_or_404(selectors.users_managed_by(request.user), pk=pk)
    posted = request.POST.get("form", "")
    forms_ = _forms(request, person, managed, posted)
    shown = {}
    if request.method == "POST":
        try:
            result = _act(request, person, posted, forms_)
        except ValidationError as error:
            form = forms_.get(posted)
            if form is None:
                raise
            form.add_error(None, error.messages)
        else:
            if isinstance(result, dict):
                shown = result
            elif result:
                messages.success(request, result)
                return redirect("accounts:person", person.pk)
    person.refresh_from_db()
    memberships = person.memberships.select_related("unit").order_by("-is_active", "unit__path")
    context = {
        "person": person,
        "forms": forms_,
        "shown": shown,
        "memberships": memberships,
        "managed_ids": set(managed.values_list("pk", flat=True)),
        "tokens": ApiToken.objects.filter(user=person).order_by("-created_at"),
    }
    return render(request, "accounts/person.html", context)


def _act(request, person, posted, forms_):
    """Carry out the posted form: a message to show after a redirect, a dict of what
    to show once on the page, or None when the form has errors."""
    actor = request.user
    if posted in forms_ and not forms_[posted].is_valid():
        return None
    if posted == "profile":
        services.user_update(actor=actor, user=person, **forms_["profile"].cleaned_data)
        return "账号信息已保存。"
    if posted == "grant":
        data = forms_["grant"].cleaned_data
        services.membership_grant(actor=actor, user=person, **data)
        return f"已授予“{data['unit'].name}·{Role(data['role']).label}”角色。"
    if posted == "revoke":
        membership = get_object_or_404(person.memberships, pk=request.POST.get("membership"))
        services.membership_revoke(actor=actor, membership=membership)
        return f"已撤销“{membership.unit.name}·{membership.get_role_display()}”角色。"
    if posted == "reset":
        show = forms_["reset"].cleaned_data["delivery"] == "show"
        password = services.user_reset_password(actor=actor, user=person, show=show)
        if password is None:
            return f"新密码已发送到 {person.email}，本人下次登录须修改密码。"
        return {"password": password}
    if posted == "token":
        token, raw = token_issue(
            user=person, name=forms_["token"].cleaned_data["name"], actor=actor
        )
        return {"token": raw, "token_name": token.name}
    if posted == "token_revoke":
        token = get_object_or_404(ApiToken, user=person, pk=request.POST.get("token"))
        token_revoke(token=token, actor=actor)
        return f"接口令牌“{token.name}”已停用。"
    raise PermissionDenied(policy.FORBIDDEN)
