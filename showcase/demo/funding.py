"""Hà Tĩnh's money mobilised and recognition dossiers, as published.

* 2023 (the province's report to the conference of 21/02/2024, `SOURCE_2023`): 95,539 million VND mobilised by sponsorship — 15,739 million from organisations
  the Provincial People's Committee assigned to sponsor villages and communes, 79,800 million from
  district-level sponsorship by businesses and natives living away. Verified against that report.
* 2021–2025 (public reporting, not checked against an official text): about 76,900 billion VND —
  budgets ~6,700 billion, credit ~56,300 billion, enterprises ~750 billion, people and community
  more than 8,300 billion. Kept as unverified totals of the period, with their source.
* Kỳ Anh district's NTM dossier: submitted in 2023 (the same report: pending at the end of 2023),
  recognised by 840/QĐ-TTg of 15/8/2024. The submission date is not published: the step is dated
  31/12/2023 and the dossier is marked unverified.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from communes.models import DossierStep, Level, Recognition, RecognitionDossier
from funding.models import Component, Funding, Source
from territory.models import District, Province

PROVINCE = "42"
SOURCE_2023 = ("Báo cáo kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới tỉnh Hà Tĩnh năm 2023 "
               "(hội nghị tổng kết ngày 21/02/2024)")
SOURCE_2021_2025 = "Báo chí công bố số liệu tổng kết giai đoạn 2021–2025 (chưa đối chiếu văn bản chính thức)"

YEAR_2023 = [
    (Source.ASSIGNED_SPONSORS, Decimal("15739"),
     "Các cơ quan, đơn vị được UBND tỉnh phân công hỗ trợ thôn, xã"),
    (Source.DISTRICT_SPONSORSHIP, Decimal("79800"),
     "Cấp huyện vận động doanh nghiệp và con em xa quê (báo cáo không tách riêng)"),
]
PERIOD_2021_2025 = [
    (Source.BUDGETS, Decimal("6700000"), "Khoảng 6.700 tỷ đồng ngân sách các cấp"),
    (Source.CREDIT, Decimal("56300000"), "Khoảng 56.300 tỷ đồng vốn tín dụng"),
    (Source.ENTERPRISES, Decimal("750000"), "Khoảng 750 tỷ đồng của doanh nghiệp"),
    (Source.COMMUNITY, Decimal("8300000"), "Trên 8.300 tỷ đồng người dân và cộng đồng đóng góp; tổng cả giai đoạn "
                                           "khoảng 76.900 tỷ đồng"),
]


@transaction.atomic
def demo_funding_load() -> str:
    """The 2023 amounts (verified) and the 2021–2025 totals (unverified); running it again changes nothing."""
    province = Province.objects.get(code=PROVINCE)
    for source, amount, note in YEAR_2023:
        Funding.objects.update_or_create(
            province=province, year=2023, period_start=None, source=source, component=Component.GENERAL,
            defaults={"amount": amount, "note": note, "source_document": SOURCE_2023, "verified": True})
    for source, amount, note in PERIOD_2021_2025:
        Funding.objects.update_or_create(
            province=province, year=2025, period_start=2021, source=source, component=Component.GENERAL,
            defaults={"amount": amount, "note": note, "source_document": SOURCE_2021_2025, "verified": False})
    return "Resources mobilised: 2023 (95,539 million VND, verified) and 2021–2025 totals (unverified)."


@transaction.atomic
def demo_dossiers_load() -> str:
    """Kỳ Anh district's NTM dossier: submitted 2023, recognised 15/8/2024."""
    ky_anh = District.objects.get(code="447")
    dossier, created = RecognitionDossier.objects.get_or_create(
        district=ky_anh, level=Level.NTM, standard_year=2023,
        defaults={"status": RecognitionDossier.Status.SUBMITTED, "body": RecognitionDossier.Body.CENTRAL,
                  "source": SOURCE_2023, "verified": False,
                  "note": "Ngày nộp hồ sơ không được công bố: ghi 31/12/2023"})
    if created:
        DossierStep.objects.create(dossier=dossier, status=RecognitionDossier.Status.SUBMITTED,
                                   body=RecognitionDossier.Body.CENTRAL, on=datetime.date(2023, 12, 31),
                                   note="Đã trình hồ sơ đề nghị công nhận huyện đạt chuẩn NTM (báo cáo năm 2023)")
        decision = Recognition.objects.filter(district=ky_anh, level=Level.NTM, standard_year=2023).first()
        if decision is not None and decision.decision_date:
            DossierStep.objects.create(dossier=dossier, status=RecognitionDossier.Status.RECOGNISED,
                                       body=RecognitionDossier.Body.CENTRAL, on=decision.decision_date,
                                       note=f"Quyết định {decision.decision_number}")
            dossier.status, dossier.recognition = RecognitionDossier.Status.RECOGNISED, decision
            dossier.save()
    return "Recognition dossiers: Kỳ Anh district (submitted 2023)."
