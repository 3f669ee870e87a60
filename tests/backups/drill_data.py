"""Run by the restore drill (test_drill.py) inside the drill's GOVDESK_VAR_DIR, as
``python drill_data.py [attach] figures``:

- ``attach`` gives the demo's first drafts a text attachment each, through the
  upload service, so the drill has files in the media root;
- ``figures`` prints, as one JSON line, what a restore must bring back: row counts
  read through the ORM, every scheme's ranking for its year (scoring selectors), the
  attachments' bytes read back from storage, the secret key in use, and the newest
  change-log action.
"""

import json
import os
import sys

import django


def attach() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from govdesk.items.attachments import attachment_add
    from govdesk.items.models import Item, State

    for n, item in enumerate(Item.objects.filter(state=State.DRAFT).order_by("pk")[:3]):
        body = f"第{n + 1}份附件：{item.title}\n".encode()
        attachment_add(
            item=item, actor=item.created_by, upload=SimpleUploadedFile(f"附件{n + 1}.txt", body)
        )


def figures() -> dict:
    from django.conf import settings

    from govdesk.audit.models import Change
    from govdesk.items.models import Attachment, Item
    from govdesk.lib import periods
    from govdesk.publications.models import Adoption
    from govdesk.scoring import selectors
    from govdesk.scoring.models import LedgerLine, Scheme
    from govdesk.units.models import Unit

    rankings = {}
    for scheme in Scheme.objects.order_by("pk"):
        rows = selectors.ranking(scheme, periods.whole_year(scheme.year)).rows
        rankings[f"{scheme.pk} {scheme}"] = [[r.unit.name, str(r.score), r.rank] for r in rows]
    files = {}
    for attachment in Attachment.objects.order_by("pk"):
        with attachment.file.open("rb") as stored:
            files[attachment.original_name] = stored.read().decode()
    return {
        "counts": {
            "units": Unit.objects.count(),
            "items": Item.objects.count(),
            "attachments": Attachment.objects.count(),
            "adoptions": Adoption.objects.count(),
            "ledger lines": LedgerLine.objects.count(),
        },
        "changes": Change.objects.count(),
        "last change": Change.objects.order_by("-id").values_list("action", flat=True).first(),
        "rankings": rankings,
        "files": files,
        "secret key": settings.SECRET_KEY,
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govdesk.settings")
    django.setup()
    for step in sys.argv[1:]:  # one Django start-up for both: `attach figures`
        if step == "attach":
            attach()
        elif step == "figures":
            print(json.dumps(figures(), ensure_ascii=False))
        else:
            sys.exit(f"drill_data.py: unknown step {step!r}")
