from django.db import models


class Boilerplate(models.Model):
    """A stock phrase (套话) the checks point out; editors keep the list."""

    phrase = models.CharField("套话", max_length=50, unique=True)
    advice = models.CharField("修改建议", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "套话词表"
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class Severity(models.TextChoices):
    BLOCK = "block", "禁止报送（密级词）"
    WARN = "warn", "提醒（敏感词）"


class LexiconEntry(models.Model):
    """A classification word that blocks submission, or a sensitive word that warns."""

    word = models.CharField("词语", max_length=50, unique=True)
    severity = models.CharField("处理", max_length=8, choices=Severity.choices)
    reason = models.CharField("原因", max_length=200, help_text="命中时向报送人显示")

    class Meta:
        verbose_name = verbose_name_plural = "敏感词与密级词"
        ordering = ["severity", "word"]

    def __str__(self) -> str:
        return self.word
