"""Track 1, explain (解释说明): the demand cannot be met; the reply rests on a policy."""

from common.demo.cases.scenario import E, S, Scenario, assign_step
from petitions.choices import Outcome, Satisfaction, Track

EXPLAIN: list[Scenario] = [
    Scenario(
        key="explain-replied",
        workstation="xiliuwan",
        category="social-security",
        content="我想把农村户口的养老保险转到城里来，并且要求一次性补缴二十年，为什么不给办？",
        member="zhangwei",
        citizen=("赵大爷", "13973700103"),
        final_status=S.REPLIED,
        received_days_ago=3,
        track=Track.EXPLAIN,
        outcome=Outcome.EXPLAINED,
        steps=[
            assign_step(),
            (0.5, E.TRIAGED, S.ASSIGNED, "委员将对相关政策进行解释说明。", True),
            (
                1,
                E.REPLIED,
                S.REPLIED,
                "根据《城乡养老保险制度衔接暂行办法》，城乡居民养老保险可以转入城镇职工养老保险，但不能一次性补缴超过规定年限，已为您详细说明办理流程。",
                True,
            ),
        ],
    ),
    Scenario(
        key="explain-closed",
        workstation="luoxi",
        category="housing",
        content="小区旁边要建变电站，我们要求马上停工搬走。",
        member="chenjing",
        citizen=("黄女士", "13973700104"),
        final_status=S.CLOSED,
        received_days_ago=20,
        track=Track.EXPLAIN,
        outcome=Outcome.EXPLAINED,
        satisfaction=Satisfaction.BASICALLY_SATISFIED,
        steps=[
            assign_step(),
            (
                1,
                E.REPLIED,
                S.REPLIED,
                "该变电站已依法完成规划许可和环评公示，电磁环境符合国家标准，已向您解释说明。",
                True,
            ),
            (2, E.CLOSED, S.CLOSED, "已办结。", True),
            (3, E.RATED, None, "群众评价：基本满意。", True),
        ],
    ),
]
