"""Side roads: reopened after an unsatisfied rating, spam, merged into another case, withdrawn."""

from common.demo.cases.scenario import E, S, Scenario, assign_step
from petitions.choices import Satisfaction

SIDE_ROADS: list[Scenario] = [
    Scenario(
        key="proposal-closed-not-solved-reopened",
        workstation="luoxi",
        category="water",
        content="罗溪社区老水管一直没换，自来水发黄。",
        member="yangfan",
        citizen=("马先生", "13973700116"),
        final_status=S.ASSIGNED,
        received_days_ago=40,
        track=None,
        outcome="",
        satisfaction=Satisfaction.UNSATISFIED,
        reopen_count=1,
        steps=[
            assign_step(),
            (1, E.REPLIED, S.REPLIED, "已联系供水公司冲洗管道，水质已恢复。", True),
            (2, E.CLOSED, S.CLOSED, "已办结。", True),
            (5, E.RATED, None, "群众评价：不满意。", True),
            (5.1, E.REOPENED, S.ASSIGNED, "根据您的评价，已重新办理。", True),
        ],
    ),
    Scenario(
        key="spam",
        workstation="yingbin",
        category="other",
        content="低价代办各类证件，加微信详谈。",
        member=None,
        citizen=None,
        final_status=S.SPAM,
        received_days_ago=8,
        steps=[(0.3, E.MARKED_SPAM, S.SPAM, "广告信息，标记为无效。", False)],
    ),
    Scenario(
        key="merged-duplicate",
        workstation="xiliuwan",
        category="noise",
        content="河堤广场晚上音响太吵了，孩子要高考，请管一管。",
        member="wangjianguo",
        citizen=("周先生", "13973700118"),
        final_status=S.MERGED,
        received_days_ago=11.5,
        steps=[
            assign_step(),
            (0.2, E.MERGED, S.MERGED, "与他人反映的同一问题合并办理，您可继续通过本查询码查看进度。", True),
        ],
        extra="merged:noise-riverbank",
    ),
    Scenario(
        key="withdrawn",
        workstation="dayuan",
        category="health",
        content="社区卫生服务站周末不开门，看病不方便。",
        member="guoping",
        citizen=("韩女士", "13973700117"),
        final_status=S.WITHDRAWN,
        received_days_ago=9,
        steps=[
            assign_step(),
            (1, E.WITHDRAWN, S.WITHDRAWN, "群众来电表示问题已自行解决，申请撤回。", True),
        ],
    ),
]
