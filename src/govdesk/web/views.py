from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from govdesk import policy
from govdesk.accounts.models import Role
from govdesk.items import selectors
from govdesk.solicitations.selectors import waiting_for
from govdesk.web import worklist
from govdesk.web.context_processors import todo_for


@login_required
def dashboard(request):
    user = request.user
    held = policy.roles(user).all_roles()
    context = {
        "todo": todo_for(request),
        "is_writer": policy.shows_page(user, "page.write"),
        "is_signer": policy.shows_page(user, "page.sign"),
        "is_desk": policy.shows_page(user, "page.desk"),
        "recent": selectors.item_list(viewer=user).select_related("unit")[:8],
        "to_sign": selectors.review_queue(viewer=user)[:5],
        "to_decide": selectors.desk_queue(viewer=user)[:8],
        "returned": selectors.returned_items(viewer=user)[:5],
        "solicitations": waiting_for(user)[:5],
        "sections": worklist.sections(user),
        # Duty officers and administrators see no items; an empty list would only mislead.
        "sees_items": bool(held & (policy.WRITER_ROLES | policy.SIGNER_ROLES | {Role.LEADER})),
    }
    return render(request, "web/dashboard.html", context)
