from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render

from govdesk.accounts import services


@login_required
def first_password(request):
    """The page a bulk-issued account lands on until it sets its own password."""
    if not request.user.must_change_password:
        return redirect("web:dashboard")
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_set_own_password(
            user=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改，欢迎使用。")
        return redirect("web:dashboard")
    return render(request, "accounts/first_password.html", {"form": form})
