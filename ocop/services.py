"""Writes to the OCOP register. Every change is audited in its own transaction; edits carry the
version the user started from and are refused when someone saved in between."""

from django.db import transaction
from django.http import HttpRequest

from ntm_tracker.audit import audit_record, diff
from ntm_tracker.models import AuditEvent, User
from ntm_tracker.stale import StaleEdit
from ocop.models import Certificate, Evaluation, Nomination, Producer, Product

class Refused(Exception):
    """The view refused the change and put the reason on the form."""


def snapshot(obj) -> dict:
    """The audit-relevant values of a row (no bookkeeping fields)."""
    skip = {"id", "version", "updated_at", "search_text", "current_certificate"}
    return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in skip}


def _claim_version(obj, expected_version: int | None) -> None:
    """Bump the version if it is still the one the user saw; otherwise StaleEdit."""
    if obj.pk is None:
        return
    expected = obj.version if expected_version is None else expected_version
    if not type(obj).objects.filter(pk=obj.pk, version=expected).update(version=expected + 1):
        raise StaleEdit
    obj.version = expected + 1


def _audit(obj, *, created: bool, before: dict, unit_code: str, actor: User | None,
           request: HttpRequest | None, extra: dict | None = None) -> None:
    changes = diff({} if created else before, snapshot(obj))
    changes.update(extra or {})
    audit_record(action=AuditEvent.Action.CREATED if created else AuditEvent.Action.CHANGED,
                 actor=actor, request=request, obj=obj, unit_code=unit_code, changes=changes)


@transaction.atomic
def producer_save(*, producer: Producer, before: dict, expected_version: int | None = None,
                  actor: User | None = None, request: HttpRequest | None = None) -> Producer:
    """Create or update a producer; its products' search text follows a rename."""
    created = producer.pk is None
    _claim_version(producer, expected_version)
    producer.save()
    if not created and before.get("name") != producer.name:
        products = list(producer.products.all())
        for product in products:
            product.refresh_search_text(producer.name)
        Product.objects.bulk_update(products, ["search_text"])
    _audit(producer, created=created, before=before, unit_code=producer.commune.code, actor=actor, request=request)
    return producer


@transaction.atomic
def product_save(*, product: Product, markets, before: dict, expected_version: int | None = None,
                 actor: User | None = None, request: HttpRequest | None = None) -> Product:
    """Create or update a product and its export markets."""
    created = product.pk is None
    old_markets = [] if created else sorted(m.code for m in product.export_markets.all())
    _claim_version(product, expected_version)
    product.save()
    product.export_markets.set(markets)
    new_markets = sorted(m.code for m in markets)
    extra = {"export_markets": [old_markets, new_markets]} if old_markets != new_markets else {}
    _audit(product, created=created, before=before, unit_code=product.commune.code, actor=actor,
           request=request, extra=extra)
    return product


@transaction.atomic
def evaluation_save(*, evaluation: Evaluation, before: dict, expected_version: int | None = None,
                    actor: User | None = None, request: HttpRequest | None = None) -> Evaluation:
    """Create or update a council's evaluation (total and star band follow from the scores)."""
    created = evaluation.pk is None
    _claim_version(evaluation, expected_version)
    evaluation.save()
    _audit(evaluation, created=created, before=before, unit_code=evaluation.product.commune.code,
           actor=actor, request=request)
    return evaluation


def certificates_refresh(product: Product) -> None:
    """Mark the certificates a later (not revoked) one replaces as superseded, and point the
    product at its latest certificate."""
    certificates = list(product.certificates.order_by("decision_date", "id"))
    live = [c for c in certificates if not c.revoked]
    newest_live = live[-1] if live else None
    changed = []
    for certificate in certificates:
        superseded = newest_live is not None and certificate is not newest_live and not certificate.revoked and (
            (certificate.decision_date, certificate.pk) < (newest_live.decision_date, newest_live.pk))
        if certificate.superseded != superseded:
            certificate.superseded = superseded
            changed.append(certificate)
    Certificate.objects.bulk_update(changed, ["superseded"])
    current = certificates[-1] if certificates else None
    if product.current_certificate_id != (current.pk if current else None):
        Product.objects.filter(pk=product.pk).update(current_certificate=current)
        product.current_certificate = current


@transaction.atomic
def certificate_save(*, certificate: Certificate, before: dict, expected_version: int | None = None,
                     actor: User | None = None, request: HttpRequest | None = None) -> Certificate:
    """Record or correct a certificate; a newer one supersedes the product's earlier certificates."""
    created = certificate.pk is None
    _claim_version(certificate, expected_version)
    certificate.save()
    certificates_refresh(certificate.product)
    _audit(certificate, created=created, before=before, unit_code=certificate.product.commune.code,
           actor=actor, request=request)
    return certificate


@transaction.atomic
def nomination_save(*, nomination: Nomination, before: dict, expected_version: int | None = None,
                    actor: User | None = None, request: HttpRequest | None = None) -> Nomination:
    """Record or update a nomination for a higher star level and its outcome."""
    created = nomination.pk is None
    _claim_version(nomination, expected_version)
    nomination.save()
    _audit(nomination, created=created, before=before, unit_code=nomination.product.commune.code,
           actor=actor, request=request)
    return nomination
