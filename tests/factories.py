"""factory_boy factories. Valid by default; tests override only what they are about."""

import datetime as dt
import itertools

import factory

from accounts.models import College, Organisation, User
from accounts.validators import credit_code_check_character
from agreements.models import Agreement, TrainingBase
from base_portal import rules
from mentors.models import Mentor
from students.models import Placement, Student

_codes = itertools.count(1)


def valid_credit_code() -> str:
    """A fresh credit code with a correct check character."""
    first17 = f"91320300MA{next(_codes):07d}"
    return first17 + credit_code_check_character(first17)


class UniversityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    kind = Organisation.Kind.UNIVERSITY
    name = "中国矿业大学"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.ENTERPRISE
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.LazyFunction(valid_credit_code)


class CollegeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = College

    university = factory.SubFactory(UniversityFactory)
    name = factory.Sequence(lambda n: f"第{n}学院")
    code = factory.Sequence(lambda n: f"C{n:03d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.edu.cn")
    password = factory.django.Password("pw-for-tests-1")


class BaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingBase

    name = factory.Sequence(lambda n: f"测试联合培养基地{n}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    university = factory.SubFactory(UniversityFactory)
    status = TrainingBase.Status.ACTIVE


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement in force from ``effective_from`` (both parties signed that day)."""

    class Meta:
        model = Agreement

    base = factory.SubFactory(BaseFactory)
    party_a_signed_on = factory.LazyFunction(lambda: dt.date(2026, 3, 1))
    party_b_signed_on = factory.LazyAttribute(lambda a: a.party_a_signed_on)
    effective_from = factory.LazyAttribute(lambda a: max(a.party_a_signed_on, a.party_b_signed_on))
    ends_on = factory.LazyAttribute(lambda a: rules.agreement_last_day(a.effective_from))
    in_force_until = factory.LazyAttribute(lambda a: a.ends_on)
    min_students_per_year = 2


class SupervisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    kind = Mentor.Kind.SUPERVISOR
    full_name = factory.Sequence(lambda n: f"导师{n}")
    college = factory.SubFactory(CollegeFactory)
    organisation = factory.LazyAttribute(lambda m: m.college.university)


class CooperativeMentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    kind = Mentor.Kind.COOPERATIVE
    full_name = factory.Sequence(lambda n: f"合作导师{n}")
    base = factory.SubFactory(BaseFactory)
    organisation = factory.LazyAttribute(lambda m: m.base.enterprise)
    title = "高级工程师"


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    student_no = factory.Sequence(lambda n: f"TS26{n:06d}")
    full_name = factory.Sequence(lambda n: f"学生{n}")
    college = factory.SubFactory(CollegeFactory)
    major = "机械工程"
    degree_level = Student.DegreeLevel.MASTER
    degree_type = Student.DegreeType.PROFESSIONAL
    study_mode = Student.StudyMode.FULL_TIME
    employment_type = Student.EmploymentType.NON_DIRECTED
    enrolment_year = 2025


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    student = factory.SubFactory(StudentFactory)
    base = factory.SubFactory(BaseFactory)
    cooperative_mentor = factory.SubFactory(CooperativeMentorFactory, base=factory.SelfAttribute("..base"))
    stage = Placement.Stage.PRACTICE
