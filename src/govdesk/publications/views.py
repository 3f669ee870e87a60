"""The catalogue's page: a publication's settings (刊物设置)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from govdesk import policy
from govdesk.core.idempotency import idempotent, new_key
from govdesk.publications import services
from govdesk.publications.forms import DistributionForm
from govdesk.publications.models import Publication


@login_required
@idempotent
def publication_settings(request, pk):
    """刊物设置: the default distribution each new issue of the publication starts from."""
    publication = get_object_or_404(
        Publication.objects.select_related("office"), pk=pk, office__isnull=False
    )
    policy.require(request.user, "publication.configure", publication)
    initial = {
        "send_users": list(publication.default_send_users.values_list("pk", flat=True)),
        "send_units": list(publication.default_send_units.values_list("pk", flat=True)),
        "copy_units": list(publication.default_copy_units.values_list("pk", flat=True)),
    }
    form = DistributionForm(request.POST or None, initial=initial, office=publication.office)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_set_distribution(
                actor=request.user, publication_id=publication.pk, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"已保存{publication}的默认分送范围，此后新编的刊期按此预置。"
            )
            return redirect("bulletins:settings", pk=publication.pk)
    return render(
        request,
        "publications/publication_settings.html",
        {"publication": publication, "distribution": form, "request_key": new_key()},
    )
