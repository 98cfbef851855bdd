"""The base and agreement pages, driven as each role would: forms, refusals, files and filters."""

import datetime as dt
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementTemplate, EvaluationCycle, ExchangeActivity, TrainingBase
from agreements.services import agreement_terminate, fund_record
from tests import factories
from tests.conftest import Cast

D = dt.date


def client_for(cast: Cast, persona: str) -> Client:
    client = Client()
    client.force_login(cast.users[persona])
    return client


def pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def test_office_creates_a_base_and_sees_errors_in_chinese(cast: Cast) -> None:
    office = client_for(cast, "office")
    url = reverse("agreements:base_create")
    response = office.post(
        url, {"enterprise": cast.enterprise_a.pk, "university": cast.university.pk, "status": "active"}
    )
    assert response.status_code == 400
    assert "该字段是必填项" in response.content.decode()  # Django's own message, in Chinese
    response = office.post(
        url,
        {"enterprise": cast.enterprise_a.pk, "university": cast.university.pk, "name": "新建基地", "status": "planned"},
    )
    base = TrainingBase.objects.get(name="新建基地")
    assert response["Location"] == reverse("agreements:base_detail", args=[base.pk])


def test_a_duplicate_base_name_is_refused_beside_the_field(cast: Cast) -> None:
    response = client_for(cast, "office").post(
        reverse("agreements:base_create"),
        {
            "enterprise": cast.enterprise_a.pk,
            "university": cast.university.pk,
            "name": cast.base_a.name,
            "status": "active",
        },
    )
    assert response.status_code == 400
    assert TrainingBase.objects.filter(name=cast.base_a.name).count() == 1


def test_full_agreement_lifecycle_through_the_pages(cast: Cast) -> None:
    office = client_for(cast, "office")
    base = factories.BaseFactory(enterprise=cast.enterprise_a, university=cast.university)
    template = AgreementTemplate.objects.order_by("-version").first()
    response = office.post(
        reverse("agreements:agreement_create", args=[base.pk]),
        {
            "template": template.pk,
            "min_students_per_year": 5,
            "insurance_party": "B",
            "party_a_representative": "周立新",
            "party_b_representative": "钱总",
            "copies": 4,
            "remuneration_terms": "每学期结算",
        },
    )
    agreement = Agreement.objects.get(base=base)
    assert response["Location"] == reverse("agreements:agreement_detail", args=[agreement.pk])

    # A future date is refused with a message, and nothing is recorded.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = office.post(
        reverse("agreements:agreement_sign", args=[agreement.pk]), {"party": "A", "signed_on": tomorrow}
    )
    assert response.status_code == 400
    assert "不能晚于今天" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.party_a_signed_on is None

    today = timezone.localdate()
    for party in ("A", "B"):
        office.post(reverse("agreements:agreement_sign", args=[agreement.pk]), {"party": party, "signed_on": today})
    agreement.refresh_from_db()
    assert agreement.effective_from == today
    assert agreement.evaluations.count() == 1

    document = office.get(reverse("agreements:agreement_pdf", args=[agreement.pk]))
    assert document["Content-Type"] == "application/pdf"
    assert document.content.startswith(b"%PDF")

    # Termination needs the confirmation box.
    url = reverse("agreements:agreement_terminate", args=[agreement.pk])
    data = {"terminated_on": today, "cause": "mutual", "terminated_by": "A", "reason": "协商一致"}
    assert office.post(url, data).status_code == 400
    office.post(url, {**data, "confirm": "on"})
    agreement.refresh_from_db()
    assert agreement.status_on(today) == Agreement.Status.TERMINATED


def test_paper_signed_agreement_with_scan_only_reaches_its_own_side(cast: Cast) -> None:
    draft = Agreement.objects.create(base=factories.BaseFactory(enterprise=cast.enterprise_a), min_students_per_year=2)
    office = client_for(cast, "office")
    response = office.post(
        reverse("agreements:agreement_paper", args=[draft.pk]),
        {
            "party_a_signed_on": "2025-09-01",
            "party_b_signed_on": "2025-08-20",
            "ends_on_as_signed": "2028-08-31",
            "scan": pdf("../../etc/签署版.pdf"),
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.ends_on, draft.ends_on_source) == (D(2028, 8, 31), "as_signed")
    assert ".." not in draft.signed_scan.name
    # Base admin A administers base A only, not this new base of enterprise A: a 404 for both admins.
    for persona in ("baseadmin", "baseadmin2"):
        assert client_for(cast, persona).get(reverse("agreements:agreement_scan", args=[draft.pk])).status_code == 404
    download = office.get(reverse("agreements:agreement_scan", args=[draft.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_an_upload_of_the_wrong_type_is_refused(cast: Cast) -> None:
    response = client_for(cast, "office").post(
        reverse("agreements:agreement_scan_upload", args=[cast.agreement_a.pk]),
        {"scan": SimpleUploadedFile("evil.html", b"<script>", content_type="text/html")},
    )
    assert response.status_code == 400


def test_base_admin_records_activities_and_the_fund_but_not_more_than_it_holds(cast: Cast) -> None:
    admin = client_for(cast, "baseadmin")
    url = reverse("agreements:record_create", args=[cast.base_a.pk, "exchange"])
    admin.post(url, {"held_on": "2026-05-01", "title": "技术讲座", "kind": "lecture", "participant_count": 20})
    assert ExchangeActivity.objects.filter(base=cast.base_a, title="技术讲座").exists()
    fund = fund_record(base=cast.base_a, year=2026, amount="1000.00")
    url = reverse("agreements:record_create", args=[cast.base_a.pk, "project"])
    response = admin.post(url, {"fund": fund.pk, "title": "项目", "leader": "刘工", "amount": "1000.01"})
    assert response.status_code == 400
    assert not fund.projects.exists()
    # Another base's fund is not a valid choice, even by id.
    other = fund_record(base=cast.base_b, year=2026, amount="5000.00")
    response = admin.post(url, {"fund": other.pk, "title": "项目", "leader": "刘工", "amount": "1.00"})
    assert response.status_code == 400
    assert not other.projects.exists()


def test_unknown_record_kind_is_a_404(cast: Cast) -> None:
    url = reverse("agreements:record_create", args=[cast.base_a.pk, "nonsense"])
    assert client_for(cast, "office").get(url).status_code == 404


def test_evaluation_through_the_pages(cast: Cast) -> None:
    office, admin = client_for(cast, "office"), client_for(cast, "baseadmin")
    cycle = cast.cycle_a
    office.post(reverse("agreements:evaluation_request", args=[cycle.pk]), {"note": "自评报告"})
    admin.post(reverse("agreements:evaluation_material_add", args=[cycle.pk]), {"title": "报告", "file": pdf()})
    admin.post(reverse("agreements:evaluation_submit", args=[cycle.pk]), {"confirm": "on"})
    office.post(
        reverse("agreements:evaluation_result", args=[cycle.pk]),
        {"grade": "excellent", "conclusion": "成效显著", "evaluated_on": "2028-03-01"},
    )
    cycle.refresh_from_db()
    assert (cycle.state, cycle.grade, cycle.evaluated_by) == ("evaluated", "excellent", cast.users["office"])


def test_base_admin_cannot_upload_to_another_enterprises_evaluation(cast: Cast) -> None:
    url = reverse("agreements:evaluation_material_add", args=[cast.cycle_b.pk])
    response = client_for(cast, "baseadmin").post(url, {"title": "x", "file": pdf()})
    assert response.status_code == 404
    assert cast.cycle_b.materials.count() == 1  # only the one the cast made


def test_grant_and_revoke_a_base_admin(cast: Cast) -> None:
    office = client_for(cast, "office")
    colleague = factories.UserFactory(organisation=cast.enterprise_a)
    from accounts.roles import Role
    from accounts.services import user_set_roles

    user_set_roles(user=colleague, roles=[Role.BASE_ADMIN])
    response = office.post(reverse("agreements:base_admin_grant", args=[cast.base_a.pk]), {"user": colleague.pk})
    assert response.status_code == 302
    assert client_for_user(colleague).get(reverse("agreements:base_detail", args=[cast.base_a.pk])).status_code == 200
    # The grant form offers only enterprise A's base admins: baseadmin2 cannot be chosen.
    response = office.post(
        reverse("agreements:base_admin_grant", args=[cast.base_a.pk]), {"user": cast.users["baseadmin2"].pk}
    )
    assert response.status_code == 400
    url = reverse("agreements:base_admin_revoke", args=[cast.base_a.pk, colleague.pk])
    assert "立即失去" in office.get(url).content.decode() or office.get(url).status_code == 200  # a confirmation first
    office.post(url)
    assert client_for_user(colleague).get(reverse("agreements:base_detail", args=[cast.base_a.pk])).status_code == 404


def client_for_user(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_template_new_version_refuses_unknown_blanks(cast: Cast) -> None:
    office = client_for(cast, "office")
    source = AgreementTemplate.objects.order_by("-version").first()
    url = reverse("agreements:template_new_version", args=[source.pk])
    response = office.post(url, {"name": source.name, "body": "甲方 {{ no_such_blank }}"})
    assert response.status_code == 400
    assert "no_such_blank" in response.content.decode()
    office.post(url, {"name": source.name, "body": source.body + "\n补充一行。", "change_note": "测试"})
    assert AgreementTemplate.objects.filter(name=source.name, version=source.version + 1).exists()


def names_in(response: object) -> set[str]:
    return set(re.findall(r'href="/bases/\d+/">([^<]+)</a>', response.content.decode()))


def test_base_list_filters(cast: Cast) -> None:
    office = client_for(cast, "office")
    today = timezone.localdate()
    ending = factories.BaseFactory(name="即将到期基地")
    factories.AgreementFactory(
        base=ending,
        party_a_signed_on=today - dt.timedelta(days=1000),
        effective_from=today - dt.timedelta(days=1000),
        ends_on=today + dt.timedelta(days=20),
        in_force_until=today + dt.timedelta(days=20),
    )
    url = reverse("agreements:base_list")
    assert names_in(office.get(url, {"expiring_within": 30})) == {"即将到期基地"}
    assert "即将到期基地" in names_in(office.get(url, {"expiring_within": 90}))
    assert names_in(office.get(url, {"q": "乙企业"})) == {cast.base_b.name}
    EvaluationCycle.objects.filter(pk=cast.cycle_a.pk).update(due_on=today + dt.timedelta(days=10))
    EvaluationCycle.objects.filter(pk=cast.cycle_b.pk).update(due_on=today + dt.timedelta(days=400))
    assert names_in(office.get(url, {"evaluation_due": "yes"})) == {cast.base_a.name}


def test_enterprise_filter_offers_only_the_users_own_enterprises(cast: Cast) -> None:
    html = client_for(cast, "baseadmin").get(reverse("agreements:base_list")).content.decode()
    assert cast.enterprise_a.name in html
    assert cast.enterprise_b.name not in html


def test_terminated_agreement_shows_on_the_base_timeline(cast: Cast) -> None:
    agreement_terminate(
        agreement=cast.agreement_a,
        terminated_on=D(2027, 1, 1),
        cause=Agreement.TerminationCause.FORCE_MAJEURE,
        terminated_by="B",
        reason="自然灾害",
    )
    html = client_for(cast, "office").get(reverse("agreements:base_detail", args=[cast.base_a.pk])).content.decode()
    assert "2027-01-01" in html


def test_empty_filters_show_everything_and_overdue_evaluations_filter(cast: Cast) -> None:
    office = client_for(cast, "office")
    everything = {cast.base_a.name, cast.base_b.name}
    assert (
        names_in(office.get(reverse("agreements:base_list"), {"expiring_within": "", "evaluation_due": ""}))
        == everything
    )
    EvaluationCycle.objects.filter(pk=cast.cycle_a.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    html = office.get(reverse("agreements:evaluation_list"), {"overdue": "yes"}).content.decode()
    assert cast.base_a.name in html
    assert cast.base_b.name not in html
