"""Track 3, consult a department (咨询部门): one waiting on the department, one answered."""

from common.demo.cases.scenario import E, S, Scenario, assign_step
from petitions.choices import Track

CONSULT: list[Scenario] = [
    Scenario(
        key="consult-pending",
        workstation="xiliuwan",
        category="housing",
        content="我们是老旧小区，想加装电梯，需要什么条件，政府有没有补贴？",
        member="liuyang",
        citizen=("吴先生", "13973700107"),
        final_status=S.CONSULTING,
        received_days_ago=2,
        track=Track.CONSULT,
        steps=[
            assign_step(),
            (
                0.5,
                E.CONSULTATION_SENT,
                S.CONSULTING,
                "委员已就您的问题咨询行政审批服务局，收到答复后将及时回复您。",
                True,
            ),
        ],
        extra="consultation-pending",
    ),
    Scenario(
        key="consult-answered",
        workstation="luoxi",
        category="housing",
        content="加装电梯的审批要多久，需要全部业主签字吗？",
        member="zhaolei",
        citizen=("郑女士", "13973700108"),
        final_status=S.CONSULTED,
        received_days_ago=6,
        track=Track.CONSULT,
        steps=[
            assign_step(),
            (0.5, E.CONSULTATION_SENT, S.CONSULTING, "委员已就您的问题咨询行政审批服务局。", True),
            (4, E.CONSULTATION_ANSWERED, S.CONSULTED, "行政审批服务局已答复，委员正在整理回复。", True),
        ],
        extra="consultation-answered",
    ),
]
