"""The demo's key research topic: proposed from the noise cases, adopted with 王建国 leading,
researched (a milestone, a seminar), reported and published, so `make run` shows a topic's staff
page and its public page at /topics/<id>/."""

import datetime

from django.core.files.base import ContentFile

from accounts.models import User
from petitions.models import Petition
from topics import services
from topics.models import Topic

TITLE = "城区夜间噪音治理"


def topics_build(demo) -> None:
    if Topic.objects.filter(title=TITLE).exists():
        return
    office = User.objects.get(username="office")
    year = demo.today.year
    topic = services.topic_propose(
        by=office,
        title=TITLE,
        year=year,
        summary="广场舞音响、夜间施工和货车鸣笛是群众反映最集中的问题之一。",
        source=f"类别：噪音扰民 {year}年",
        petitions=Petition.objects.filter(category=demo.categories["noise"]),
    )
    lead, others = demo.members["wangjianguo"], [demo.members["lixiuying"], demo.members["zhangwei"]]
    services.topic_adopt(
        by=office, topic_id=topic.pk, lead=lead, members=others, departments=[demo.departments["城管局"]]
    )
    services.topic_research_start(by=lead.user, topic_id=topic.pk)
    services.milestone_add(
        by=lead.user,
        topic_id=topic.pk,
        title="完成相关部门和街道走访",
        due_date=demo.today + datetime.timedelta(days=30),
    )
    services.activity_record(
        by=lead.user,
        topic_id=topic.pk,
        kind="seminar",
        date=demo.today - datetime.timedelta(days=7),
        place="市城管局三楼会议室",
        participants=[lead, *others],
        notes="与城管局、公安分局座谈夜间噪音执法与广场活动管理。",
    )
    services.topic_report_submit(
        by=lead.user,
        topic_id=topic.pk,
        summary="夜间噪音主要来自广场音响和夜间施工，建议分时分区管理、加强夜间巡查。",
        files=[ContentFile(b"%PDF-1.4\n% demo report\n", name="调研报告.pdf")],
    )
    services.topic_publish(by=office, topic_id=topic.pk)
