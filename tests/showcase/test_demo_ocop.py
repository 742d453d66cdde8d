from ocop.models import Certificate, Evaluation, Product
from showcase.demo.ocop import demo_ocop_load


def test_demo_is_reproducible_and_idempotent(ha_tinh):
    demo_ocop_load()
    first = list(Product.objects.order_by("id").values_list("name", "commune__code", "producer__name"))
    counts = (Product.objects.count(), Evaluation.objects.count(), Certificate.objects.count())
    assert "already loaded" in demo_ocop_load()
    assert (Product.objects.count(), Evaluation.objects.count(), Certificate.objects.count()) == counts
    Product.objects.all().delete()
    Product.objects.model.producer.field.related_model.objects.all().delete()
    demo_ocop_load()
    assert list(Product.objects.order_by("id").values_list("name", "commune__code", "producer__name")) == first


def test_demo_rows_obey_the_model_rules(ocop_demo):
    for evaluation in Evaluation.objects.all()[:200]:
        evaluation.full_clean()
    for certificate in Certificate.objects.select_related("product__commune__district__province", "evaluation")[:200]:
        certificate.full_clean()
    names = set(Product.objects.values_list("name", flat=True))
    assert any(n.startswith("Bưởi Phúc Trạch") for n in names) and any(n.startswith("Kẹo cu đơ") for n in names)
    assert any(n.startswith("Nhung hươu Hương Sơn") for n in names)
