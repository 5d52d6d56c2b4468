from django import template
from django.utils.functional import Promise

from assessment import rules
from assessment.models import Niveau

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, []) if mapping else []


@register.filter
def score_label(value: str, scale: rules.Scale | str | None = None) -> str | Promise:
    """The translated label of a stored score or niveau: "voldoende" → "Voldoende" / "Sufficient".

    `{{ score.waarde|score_label:scale }}` reads the levels of that scale (a Scale or its code);
    `{{ uitslag|score_label }}` reads a niveau, or the label the scales give that code (no two scales
    label one code differently). A value no scale knows is shown as stored: an old score never breaks a page.
    """
    if not value:
        return ""
    if scale is None:
        labels = {code: label for known in rules.SCALES.values() for code, label in known.choices}
        labels.update(Niveau.choices)
    else:
        known = scale if isinstance(scale, rules.Scale) else rules.SCALES.get(scale)
        labels = dict(known.choices) if known else {}
    return labels.get(value, value)
