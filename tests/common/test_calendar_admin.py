import datetime

import pytest

from common.models import CalendarDay


@pytest.mark.django_db
def test_the_admin_warns_while_next_years_holidays_are_unknown(admin_client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False)

    response = admin_client.get("/admin/common/calendarday/")

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "2027 年的法定节假日安排尚未录入：这些年份的期限只按周末计算。请录入放假和调休日期（说明栏填写节日名称）。"
    ]

    CalendarDay.objects.create(date=datetime.date(2027, 1, 1), is_workday=False, note="元旦")
    response = admin_client.get("/admin/common/calendarday/")
    assert [str(m) for m in response.context["messages"]] == []
