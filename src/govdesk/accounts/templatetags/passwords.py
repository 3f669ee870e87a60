from django import template
from django.contrib.auth.password_validation import password_validators_help_texts

register = template.Library()


@register.simple_tag
def password_rules() -> str:
    """The password rules in force, in the validators' own (Chinese) words."""
    return "密码规则：" + "".join(password_validators_help_texts())
