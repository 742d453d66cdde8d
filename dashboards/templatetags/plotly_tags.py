from django import template

from dashboards.plotly_assets import style_placeholder_ids

register = template.Library()


@register.inclusion_tag("_partials/plotly_head.html")
def plotly_head() -> dict:
    """The <head> additions of a page that draws charts (see dashboards/plotly_assets.py)."""
    return {"placeholder_ids": style_placeholder_ids()}
