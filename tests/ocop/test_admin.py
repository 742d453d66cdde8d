from django.urls import reverse

from tests.factories import make_certificate, make_evaluation, make_product


def test_admin_lists_and_opens_ocop_records_in_vietnamese(client, admin_user, can_loc_commune):
    product = make_product(can_loc_commune, name="Nước mắm Cửa Sót")
    make_certificate(product, evaluation=make_evaluation(product))
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Sổ theo dõi OCOP" in index and "Giấy chứng nhận OCOP" in index
    for name in ("producer", "product", "evaluation", "certificate", "exportmarket"):
        assert client.get(reverse(f"admin:ocop_{name}_changelist")).status_code == 200, name
    page = client.get(reverse("admin:ocop_product_change", args=[product.pk])).content.decode()
    assert "Nước mắm Cửa Sót" in page and "Nhóm sản phẩm" in page
