from django.conf import settings
from django.db import models


class RequestKey(models.Model):
    """A request already handled, so a double click, a resent POST or an API retry is
    not acted on twice: the repeat gets the first one's ``result``."""

    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    result = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "表单提交记录"

    def __str__(self) -> str:
        return f"{self.key} {self.path}"
