"""Accounts in the configuration admin. Passwords never pass through it (new accounts
and resets get a random one by e-mail), and roles change only through the membership
services, which keep the change log right."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch

from govdesk.accounts import services
from govdesk.accounts.models import ApiToken, Membership, Role, User
from govdesk.accounts.roles import duty_conflict, membership_problem
from govdesk.accounts.tokens import token_issue, token_revoke
from govdesk.audit.admin import AdminForm
from govdesk.core.admin import PlainInline, ServiceAdmin

# Roles are memberships; Django's groups and model permissions are not used.
admin.site.unregister(Group)


class MembershipForm(AdminForm):
    class Meta:
        model = Membership
        fields = ["unit", "role", "leader_level", "title", "is_active"]

    def clean(self):
        data = super().clean()
        unit, role, level = data.get("unit"), data.get("role"), data.get("leader_level")
        if unit and role and data.get("is_active"):
            problem = membership_problem(unit=unit, role=role, leader_level=level)
            if problem:
                self.add_error(
                    "leader_level" if role == Role.LEADER and not level else "role", problem
                )
        return data


class MembershipFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """三员分立 across the rows: with the person's roles outside this form (other
        jurisdictions), no row may add a second of the separated duties."""
        super().clean()
        shown = [row.instance.pk for row in self.forms if row.instance.pk]
        held = set(
            Membership.objects.filter(user_id=self.instance.pk, is_active=True)
            .exclude(pk__in=shown)
            .values_list("role", flat=True)
        )
        for row in self.forms:
            data = getattr(row, "cleaned_data", None) or {}
            if not data.get("is_active") or not data.get("role"):
                continue
            role = data["role"]
            problem = duty_conflict(held=held, role=role)
            if problem:
                row.add_error("role", problem)
            held.add(role)


class MembershipInline(PlainInline):
    model = Membership
    form = MembershipForm
    formset = MembershipFormSet
    fields = MembershipForm.Meta.fields
    autocomplete_fields = ["unit"]
    extra = 1
    can_delete = False  # a revoked role stays on record: untick “有效” instead
    verbose_name = verbose_name_plural = "角色"


PROFILE_FIELDS = ["username", "full_name", "email", "phone"]
STATUS_FIELDS = ["must_change_password", "last_login", "date_joined"]


class UserForm(AdminForm):
    class Meta:
        model = User
        fields = [*PROFILE_FIELDS, "is_active", "is_superuser"]


@admin.register(User)
class UserAdmin(ServiceAdmin):
    form = UserForm
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "roles", "email", "is_active", "must_change_password"]
    list_filter = ["is_active", "must_change_password", "memberships__role"]
    # 'zxm' finds 张晓梅 by her initials, 'zhangxiao' by her pinyin.
    search_fields = ["username", "full_name", "name_pinyin", "^name_initials", "email", "phone"]
    readonly_fields = STATUS_FIELDS
    actions = ["reset_password"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return PROFILE_FIELDS
        extra = ["is_superuser"] if request.user.is_superuser else []
        return [*PROFILE_FIELDS, "is_active", *extra, *STATUS_FIELDS]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            form.base_fields["email"].required = True
            form.base_fields["email"].help_text = "初始密码将通过邮件发送到这个地址。"
        return form

    def get_queryset(self, request):
        roles = Membership.objects.filter(is_active=True).select_related("unit")
        qs = super().get_queryset(request)
        return qs.prefetch_related(Prefetch("memberships", queryset=roles, to_attr="shown_roles"))

    @admin.display(description="单位和角色")
    def roles(self, obj):
        return "、".join(f"{m.unit.display_name}·{m.get_role_display()}" for m in obj.shown_roles)

    def save_model(self, request, obj, form, change):
        if change:
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            services.user_update(actor=request.user, user=User.objects.get(pk=obj.pk), **fields)
            obj.refresh_from_db()
        else:
            fields = {name: form.cleaned_data[name] for name in PROFILE_FIELDS}
            self.take_over(obj, services.user_create(actor=request.user, **fields))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        # What the admin's own history message reads, as formset.save() would have set it.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            if not row.has_changed() or not row.cleaned_data:
                continue
            data = row.cleaned_data
            stored = Membership.objects.get(pk=row.instance.pk) if row.instance.pk else None
            moved = stored is not None and (stored.unit_id, stored.role) != (
                data["unit"].pk,
                data["role"],
            )
            if stored is not None and stored.is_active and (moved or not data["is_active"]):
                services.membership_revoke(actor=request.user, membership=stored)
                formset.changed_objects.append((stored, ["is_active"]))
            if data["is_active"]:
                granted = services.membership_grant(
                    actor=request.user,
                    user=form.instance,
                    unit=data["unit"],
                    role=data["role"],
                    leader_level=data.get("leader_level"),
                    title=data.get("title", ""),
                )
                if granted.pk == getattr(stored, "pk", None):
                    formset.changed_objects.append((granted, row.changed_data))
                else:
                    formset.new_objects.append(granted)
        return None

    @admin.action(description="重置密码并邮件发送", permissions=["change"])
    def reset_password(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                services.user_reset_password(actor=request.user, user=user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                reason = " ".join(getattr(exc, "messages", [str(exc)]))
                messages.error(request, f"未能重置“{user.username}”的密码：{reason}")
        if done:
            messages.success(request, f"已重置 {done} 人的密码，新密码已通过邮件发给本人。")


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceAdmin):
    """Tokens are shown once when issued; afterwards only their prefix and digest."""

    list_display = ["name", "owner", "prefix", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username", "user__full_name"]
    readonly_fields = ["prefix", "digest_text", "created_at", "last_used_at"]

    @admin.display(description="用户", ordering="user__username")
    def owner(self, obj):
        return f"{obj.user}（{obj.user.username}）"

    @admin.display(description="摘要（SHA-256）")
    def digest_text(self, obj):
        return obj.digest

    def get_fields(self, request, obj=None):
        return ["user", "name"] if obj is None else ["user", "name", *self.readonly_fields]

    def has_change_permission(self, request, obj=None):
        return False  # a token is issued or revoked, never edited

    def save_model(self, request, obj, form, change):
        token, raw = token_issue(
            user=form.cleaned_data["user"], name=form.cleaned_data["name"], actor=request.user
        )
        self.take_over(obj, token)
        messages.warning(request, f"接口令牌：{raw}　（只显示这一次，请立即复制并妥善保存）")

    def delete_model(self, request, obj):
        token_revoke(token=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for token in queryset:
            token_revoke(token=token, actor=request.user)
