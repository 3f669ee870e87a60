from django.core.management.base import BaseCommand

from govdesk.items.models import Item
from govdesk.search import dedup, index


class Command(BaseCommand):
    help = "重建全文检索索引和查重签名（jieba 分词，词典取自单位名称）。"

    def handle(self, *args, **options):
        count = index.rebuild(progress=lambda n: self.stdout.write(f"已索引 {n} 条", ending="\r"))
        for item in Item.objects.only("pk", "office_id", "title", "body").iterator():
            dedup.store(item)
        self.stdout.write(self.style.SUCCESS(f"已重建检索索引：{count} 条信息。"))
