from django.db import migrations, models


class Migration(migrations.Migration):
    """The timeline's new event type, 回访 (a choices change: its own migration)."""

    dependencies = [
        ("petitions", "0015_result_satisfaction_and_follow_ups"),
    ]

    operations = [
        migrations.AlterField(
            model_name='petitionevent',
            name='type',
            field=models.CharField(choices=[('submitted', '提交诉求'), ('assigned', '分派委员'), ('queued', '进入待分派'), ('triaged', '确定办理方式'), ('replied', '答复群众'), ('consultation_sent', '咨询部门'), ('consultation_answered', '部门答复咨询'), ('proposal_drafted', '起草建议'), ('proposal_submitted', '提交建议'), ('proposal_returned', '建议退回修改'), ('proposal_accepted', '建议审核通过'), ('proposal_assigned', '交办部门'), ('department_acknowledged', '部门签收'), ('department_contested', '部门退单'), ('result_reported', '部门反馈办理结果'), ('closed', '办结'), ('rated', '群众评价'), ('reopened', '重新办理'), ('merged', '合并至其他诉求'), ('joined', '有群众反映相同问题'), ('marked_spam', '标记为无效信息'), ('withdrawn', '撤回'), ('note', '内部备注'), ('deadline_reminder', '到期提醒'), ('escalated', '逾期督办'), ('anonymised', '删除群众个人信息'), ('marked_urgent', '标记紧急'), ('unmarked_urgent', '取消紧急'), ('imported', '历史数据导入'), ('followed_up', '回访')], max_length=32, verbose_name='事件'),
        ),
    ]
