"""Governance records of a base: the committee, briefings, exchanges, the fund and its projects."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from agreements.models import (
    Briefing,
    CommitteeMember,
    ExchangeActivity,
    FundedProject,
    InnovationActivity,
    InnovationFund,
    Party,
    TrainingBase,
)
from agreements.services import (
    briefing_record,
    committee_member_add,
    committee_member_end_term,
    exchange_record,
    fund_record,
    funded_project_add,
    innovation_activity_record,
)
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
Category = CommitteeMember.Category


def member(base: TrainingBase, **fields: object) -> CommitteeMember:
    values: dict = {
        "party": Party.A,
        "category": Category.COLLEGE_LEADER,
        "full_name": "王院长",
        "term_start": D(2027, 3, 1),
        **fields,
    }
    return committee_member_add(base=base, **values)


# --- the management committee ---------------------------------------------------------------------


@pytest.mark.parametrize("category", CommitteeMember.PARTY_A_CATEGORIES)
def test_party_a_categories_are_refused_for_party_b(category: str) -> None:
    base = factories.BaseFactory()
    with pytest.raises(ValidationError) as refused:
        member(base, party=Party.B, category=Category(category))
    assert "category" in refused.value.message_dict
    assert member(base, party=Party.A, category=Category(category)).party == Party.A
    assert CommitteeMember.objects.filter(base=base).count() == 1


@pytest.mark.parametrize("category", CommitteeMember.PARTY_B_CATEGORIES)
def test_party_b_categories_are_refused_for_party_a(category: str) -> None:
    base = factories.BaseFactory()
    with pytest.raises(ValidationError) as refused:
        member(base, party=Party.A, category=Category(category))
    assert "category" in refused.value.message_dict
    assert member(base, party=Party.B, category=Category(category)).party == Party.B
    assert CommitteeMember.objects.filter(base=base).count() == 1


def test_every_category_belongs_to_exactly_one_party() -> None:
    assert set(CommitteeMember.PARTY_A_CATEGORIES) | set(CommitteeMember.PARTY_B_CATEGORIES) == set(Category.values)
    assert not set(CommitteeMember.PARTY_A_CATEGORIES) & set(CommitteeMember.PARTY_B_CATEGORIES)


def test_a_member_is_saved_with_the_given_fields() -> None:
    base = factories.BaseFactory()
    added = member(
        base,
        party=Party.B,
        category=Category.RESEARCH_LEADER,
        full_name="  李总工  ",
        position=" 总工程师 ",
        is_chair=True,
        term_start=D(2027, 3, 1),
        term_end=D(2030, 2, 28),
    )
    added.refresh_from_db()
    assert (added.base, added.party, added.category) == (base, "B", "research_leader")
    assert (added.full_name, added.position, added.is_chair) == ("李总工", "总工程师", True)
    assert (added.term_start, added.term_end) == (D(2027, 3, 1), D(2030, 2, 28))


def test_one_current_chair_per_base() -> None:
    base = factories.BaseFactory()
    first = member(base, full_name="王院长", is_chair=True)
    with pytest.raises(ValidationError):
        member(base, party=Party.B, category=Category.RESEARCH_LEADER, full_name="李总", is_chair=True)
    assert CommitteeMember.objects.filter(base=base).count() == 1
    member(base, full_name="普通委员", category=Category.SUPERVISOR)  # members who are not chairs are fine
    member(factories.BaseFactory(), full_name="别的基地主任", is_chair=True)  # so is a chair of another base

    committee_member_end_term(member=first, term_end=D(2028, 6, 30))
    second = member(
        base,
        party=Party.B,
        category=Category.RESEARCH_LEADER,
        full_name="李总",
        is_chair=True,
        term_start=D(2028, 7, 1),
    )
    assert list(CommitteeMember.objects.filter(base=base, is_chair=True, term_end=None)) == [second]


def test_a_chair_with_a_planned_end_still_blocks_a_second_chair() -> None:
    base = factories.BaseFactory()
    member(base, full_name="王院长", is_chair=True, term_start=D(2027, 3, 1), term_end=D(2030, 2, 28))
    with pytest.raises(ValidationError):
        member(
            base,
            party=Party.B,
            category=Category.RESEARCH_LEADER,
            full_name="李总",
            is_chair=True,
            term_start=D(2028, 1, 1),
        )


def test_a_term_cannot_end_before_it_starts() -> None:
    base = factories.BaseFactory()
    with pytest.raises(ValidationError):
        member(base, term_start=D(2027, 3, 1), term_end=D(2027, 2, 28))
    assert not CommitteeMember.objects.filter(base=base).exists()
    assert member(base, term_start=D(2027, 3, 1), term_end=D(2027, 3, 1)).term_end == D(2027, 3, 1)


def test_ending_a_term_keeps_the_member_and_cannot_happen_twice() -> None:
    added = member(factories.BaseFactory(), term_start=D(2027, 3, 1))
    with pytest.raises(ValidationError):
        committee_member_end_term(member=added, term_end=D(2027, 2, 28))  # before the term started
    ended = committee_member_end_term(member=added, term_end=D(2028, 6, 30))
    assert ended.term_end == D(2028, 6, 30)
    for again in (D(2028, 6, 30), D(2029, 1, 1)):
        with pytest.raises(ValidationError):
            committee_member_end_term(member=added, term_end=again)
    kept = CommitteeMember.objects.get(pk=added.pk)
    assert (kept.full_name, kept.term_end) == ("王院长", D(2028, 6, 30))


def test_a_planned_end_can_be_brought_forward() -> None:
    added = member(factories.BaseFactory(), term_start=D(2027, 3, 1), term_end=D(2030, 2, 28))
    assert committee_member_end_term(member=added, term_end=D(2028, 6, 30)).term_end == D(2028, 6, 30)


# --- briefings, exchanges and competitions --------------------------------------------------------


def test_briefing_is_recorded() -> None:
    base = factories.BaseFactory()
    recorder = factories.UserFactory()
    briefing = briefing_record(
        base=base, held_on=D(2027, 12, 20), summary="  年度运行情况通报  ", attendees="双方委员", recorded_by=recorder
    )
    row = Briefing.objects.get(pk=briefing.pk)
    assert (row.base, row.held_on, row.summary) == (base, D(2027, 12, 20), "年度运行情况通报")
    assert (row.attendees, row.recorded_by) == ("双方委员", recorder)


def test_briefing_needs_a_summary() -> None:
    with pytest.raises(ValidationError):
        briefing_record(base=factories.BaseFactory(), held_on=D(2027, 12, 20), summary="   ")
    assert not Briefing.objects.exists()


def test_exchange_is_recorded() -> None:
    base = factories.BaseFactory()
    exchange = exchange_record(
        base=base,
        held_on=D(2027, 10, 9),
        title=" 智能制造专题讲座 ",
        kind=ExchangeActivity.Kind.LECTURE,
        participants="机电学院研究生",
        participant_count=42,
    )
    row = ExchangeActivity.objects.get(pk=exchange.pk)
    assert (row.base, row.held_on, row.title, row.kind) == (base, D(2027, 10, 9), "智能制造专题讲座", "lecture")
    assert (row.participants, row.participant_count) == ("机电学院研究生", 42)


def test_innovation_activity_is_recorded() -> None:
    base = factories.BaseFactory()
    activity = innovation_activity_record(
        base=base,
        held_on=D(2028, 5, 18),
        title=" 研究生智能制造竞赛 ",
        kind=InnovationActivity.Kind.DISCIPLINE_COMPETITION,
        participants="陈同学、高同学",
        result="一等奖",
    )
    row = InnovationActivity.objects.get(pk=activity.pk)
    assert (row.base, row.held_on, row.title, row.kind) == (base, D(2028, 5, 18), "研究生智能制造竞赛", "discipline")
    assert (row.participants, row.result) == ("陈同学、高同学", "一等奖")


# --- the innovation fund and its projects ---------------------------------------------------------


def test_fund_keeps_its_amount_exactly() -> None:
    base = factories.BaseFactory()
    fund = fund_record(base=base, year=2027, amount=Decimal("12345.67"), notes="首年")
    row = InnovationFund.objects.get(pk=fund.pk)
    assert (row.base, row.year, row.amount, row.notes) == (base, 2027, Decimal("12345.67"), "首年")
    assert str(row.amount) == "12345.67"


def test_one_fund_per_base_and_year() -> None:
    base = factories.BaseFactory()
    fund_record(base=base, year=2027, amount=Decimal("10000.00"))
    with pytest.raises(ValidationError):
        fund_record(base=base, year=2027, amount=Decimal("5000.00"))
    fund_record(base=base, year=2028, amount=Decimal("5000.00"))
    fund_record(base=factories.BaseFactory(), year=2027, amount=Decimal("5000.00"))
    assert InnovationFund.objects.get(base=base, year=2027).amount == Decimal("10000.00")
    assert InnovationFund.objects.count() == 3


@pytest.mark.parametrize("amount", [Decimal("-0.01"), Decimal("-100.00"), Decimal("1.005")])
def test_fund_amount_must_be_a_non_negative_sum_in_fen(amount: Decimal) -> None:
    with pytest.raises(ValidationError) as refused:
        fund_record(base=factories.BaseFactory(), year=2027, amount=amount)
    assert "amount" in refused.value.message_dict
    assert not InnovationFund.objects.exists()


def test_fund_of_zero_is_allowed() -> None:
    assert fund_record(base=factories.BaseFactory(), year=2027, amount=Decimal("0.00")).amount == Decimal("0.00")


def test_projects_may_use_the_fund_up_to_exactly_its_amount() -> None:
    fund = fund_record(base=factories.BaseFactory(), year=2027, amount=Decimal("10000.00"))
    first = funded_project_add(
        fund=fund, title=" 刀具磨损监测 ", leader=" 刘工 ", amount=Decimal("6000.50"), students="陈同学"
    )
    assert (first.title, first.leader, first.students) == ("刀具磨损监测", "刘工", "陈同学")
    with pytest.raises(ValidationError) as refused:
        funded_project_add(fund=fund, title="超支项目", leader="孙工", amount=Decimal("3999.51"))
    assert list(refused.value.message_dict) == ["amount"]
    assert "3999.50" in refused.value.message_dict["amount"][0]
    assert not FundedProject.objects.filter(title="超支项目").exists()

    funded_project_add(fund=fund, title="视觉检测", leader="孙工", amount=Decimal("3999.50"))
    with pytest.raises(ValidationError) as refused:
        funded_project_add(fund=fund, title="再加一分", leader="孙工", amount=Decimal("0.01"))
    assert list(refused.value.message_dict) == ["amount"]
    assert sorted(fund.projects.values_list("amount", flat=True)) == [Decimal("3999.50"), Decimal("6000.50")]


def test_a_project_may_not_have_a_negative_amount() -> None:
    fund = fund_record(base=factories.BaseFactory(), year=2027, amount=Decimal("100.00"))
    with pytest.raises(ValidationError) as refused:
        funded_project_add(fund=fund, title="负数", leader="孙工", amount=Decimal("-50.00"))
    assert "amount" in refused.value.message_dict
    assert not FundedProject.objects.exists()


def test_funds_of_other_years_do_not_count() -> None:
    base = factories.BaseFactory()
    full = fund_record(base=base, year=2027, amount=Decimal("100.00"))
    funded_project_add(fund=full, title="用满", leader="孙工", amount=Decimal("100.00"))
    other = fund_record(base=base, year=2028, amount=Decimal("100.00"))
    assert funded_project_add(fund=other, title="新一年", leader="孙工", amount=Decimal("100.00")).fund == other


def test_a_bases_funds_come_with_their_projects_in_one_query() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agreements.selectors import funds_with_projects

    base = factories.BaseFactory()
    earlier = fund_record(base=base, year=2026, amount=Decimal("8000.00"))
    fund_record(base=base, year=2027, amount=Decimal("5000.00"))  # no project yet
    funded_project_add(fund=earlier, title="B 视觉检测", leader="王工", amount=Decimal("3000.00"), students="")
    funded_project_add(fund=earlier, title="A 刀具监测", leader="刘工", amount=Decimal("2000.00"), students="")
    with CaptureQueriesContext(connection) as ctx:
        funds = funds_with_projects(base)
    assert len(ctx.captured_queries) == 1
    assert [(f.year, f.amount, [p["title"] for p in f.projects]) for f in funds] == [
        (2027, Decimal("5000.00"), []),
        (2026, Decimal("8000.00"), ["A 刀具监测", "B 视觉检测"]),
    ]
