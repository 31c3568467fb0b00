"""Cases just in: one waiting in the workstation's queue, one assigned to the member on duty."""

from common.demo.cases.scenario import S, Scenario, assign_step

INTAKE: list[Scenario] = [
    Scenario(
        key="queued",
        workstation="luoxi",
        category="environment",
        content="罗溪社区菜市场旁边的垃圾站三天没有清运，气味很大，苍蝇很多。",
        member=None,
        citizen=None,
        final_status=S.RECEIVED,
        received_days_ago=0.2,
    ),
    Scenario(
        key="assigned",
        workstation="xiliuwan",
        category="roads",
        content="西流湾小学门口的斑马线已经磨得看不清了，上下学时间车很多，孩子过马路很危险。",
        member="lixiuying",
        citizen=("陈先生", "13973700102"),
        final_status=S.ASSIGNED,
        received_days_ago=0.5,
        steps=[assign_step()],
    ),
]
