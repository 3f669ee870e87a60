from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.items.models import Item
from govdesk.quality import services
from govdesk.quality.checks import Draft, run_checks
from govdesk.quality.forms import BoilerplateForm, LexiconForm
from govdesk.quality.models import Boilerplate, LexiconEntry
from govdesk.search.selectors import duplicate_warnings


def _unit(request):
    """The unit the form writes for: the item's, or one the user may write for."""
    item_id = request.POST.get("item_id") or None
    if item_id:
        item = get_object_or_404(Item.objects.select_related("unit"), pk=item_id)
        policy.require(request.user, "item.view", item)
        return item.unit, item.pk
    unit = policy.writer_units(request.user).filter(pk=request.POST.get("unit") or 0).first()
    return unit or policy.writer_units(request.user).first(), None


@login_required
@require_POST
def hints(request):
    """htmx: quality hints and possible duplicates for the text in the item form."""
    title, body = request.POST.get("title", ""), request.POST.get("body", "")
    unit, item_id = _unit(request)
    problems = run_checks(Draft(title, body, request.POST.get("kind", ""))) if body.strip() else []
    warnings = (
        duplicate_warnings(viewer=request.user, unit=unit, title=title, body=body, item_id=item_id)
        if unit
        else []
    )
    return render(request, "quality/_hints.html", {"problems": problems, "warnings": warnings})


LISTS = {"boilerplate": Boilerplate, "lexicon": LexiconEntry}


@login_required
def words(request):
    """审核词表: the stock phrases and the sensitive and classification words."""
    policy.deny_unless(policy.can(request.user, "words.manage", None))
    posted = request.POST.get("list")
    phrase_form = BoilerplateForm(request.POST if posted == "boilerplate" else None)
    word_form = LexiconForm(request.POST if posted == "lexicon" else None)
    for form, save in (
        (phrase_form, services.boilerplate_set),
        (word_form, services.lexicon_set),
    ):
        if form.is_bound and form.is_valid():
            try:
                entry = save(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
                continue
            messages.success(request, f"已保存“{entry}”。")
            return redirect("quality:words")
    return render(
        request,
        "quality/words.html",
        {
            "phrase_form": phrase_form,
            "word_form": word_form,
            "phrases": Boilerplate.objects.all(),
            "entries": LexiconEntry.objects.all(),
        },
    )


@login_required
@require_POST
def word_delete(request, kind, pk):
    model = LISTS.get(kind)
    if model is None:
        raise Http404
    entry = get_object_or_404(model, pk=pk)
    services.word_delete(actor=request.user, entry=entry)
    messages.success(request, f"已删除“{entry}”。")
    return redirect("quality:words")
