"""The confirmation step of decisions that end a path (不予采用, 退回, 签发, 印发, 撤回 …).

A page shows the step as a <dialog> (opened by govdesk.js, no inline script); the
same form is the server-rendered page a POST without ``confirmed`` gets, so the step
holds without JavaScript and a stray one-click post never acts."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render

from govdesk.core.idempotency import new_key
from govdesk.lib.text import NOTE_MAX


@dataclass(frozen=True)
class Confirmation:
    key: str  # the dialog's id is dlg-<key>
    title: str
    lines: tuple[str, ...]  # what will happen, in full sentences
    action: str  # the URL the confirmed form posts to
    button: str
    cancel: str  # where 取消 leads on the page
    style: str = "danger"
    reason_label: str = ""
    reason_required: bool = False
    reason_max_length: int = NOTE_MAX  # the column's: a browser cuts a longer paste silently
    hidden: tuple[tuple[str, str], ...] = ()


def confirmed(request) -> bool:
    return request.POST.get("confirmed") == "1"


def confirm_page(request, confirmation: Confirmation, *, status: int = 200) -> HttpResponse:
    """The step as a page, keeping any reason the user already typed (also when it was
    refused: ``status`` 400 with the message)."""
    return render(
        request,
        "web/confirm.html",
        {"c": confirmation, "reason": request.POST.get("reason", ""), "request_key": new_key()},
        status=status,
    )
