"""Track 2, answer directly (直接答复)."""

from common.demo.cases.scenario import E, S, Scenario, assign_step
from petitions.choices import Outcome, Satisfaction, Track

ANSWER: list[Scenario] = [
    Scenario(
        key="answer-replied",
        workstation="taohualun",
        category="policy",
        content="请问老年人乘坐公交车的优惠卡在哪里办理，需要带什么材料？",
        member="huangmin",
        citizen=("孙奶奶", "13973700105"),
        final_status=S.REPLIED,
        received_days_ago=2,
        track=Track.ANSWER,
        outcome=Outcome.ANSWERED,
        steps=[
            assign_step(),
            (
                0.3,
                E.REPLIED,
                S.REPLIED,
                "65周岁以上老人可携带身份证和一寸照片到市公交集团服务大厅办理免费乘车卡，当场办结。",
                True,
            ),
        ],
    ),
    Scenario(
        key="answer-closed-solved",
        workstation="yingbin",
        category="water",
        content="迎宾社区5栋停水两天了，没有任何通知。",
        member="wuxia",
        citizen=("钱先生", "13973700106"),
        final_status=S.CLOSED,
        received_days_ago=30,
        track=Track.ANSWER,
        outcome=Outcome.SOLVED,
        satisfaction=Satisfaction.SATISFIED,
        households=2,
        steps=[
            assign_step(),
            (0.2, E.NOTE, None, "已电话联系供水公司抢修班。", False),
            (
                0.5,
                E.REPLIED,
                S.REPLIED,
                "经协调，供水公司已完成管道抢修，5栋已恢复供水，并为两户困难家庭送去了饮用水。",
                True,
            ),
            (1, E.CLOSED, S.CLOSED, "已办结。", True),
            (2, E.RATED, None, "群众评价：满意。", True),
        ],
    ),
]
