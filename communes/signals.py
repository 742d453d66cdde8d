"""Renew a criteria set's revision whenever something in it changes (an edit in the admin, a
deletion), so every process drops its in-memory copy of the catalogue (communes/catalogue.py).

Bulk writes send no signal: the catalogue loader renews the revision itself."""

import uuid

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from communes.models import CriteriaSet, Criterion, Indicator, Threshold


def revision_renew(**filters) -> None:
    """A new revision for the set(s) matching `filters` (one UPDATE)."""
    CriteriaSet.objects.filter(**filters).update(revision=uuid.uuid4())


@receiver([post_save, post_delete], sender=Criterion)
def criterion_changed(sender, instance: Criterion, **kwargs) -> None:
    revision_renew(pk=instance.criteria_set_id)


@receiver([post_save, post_delete], sender=Indicator)
def indicator_changed(sender, instance: Indicator, **kwargs) -> None:
    revision_renew(criteria__id=instance.criterion_id)


@receiver([post_save, post_delete], sender=Threshold)
def threshold_changed(sender, instance: Threshold, **kwargs) -> None:
    revision_renew(criteria__indicators__id=instance.indicator_id)
