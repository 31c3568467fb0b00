from rest_framework import serializers


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()


class FiguresMixin(serializers.Serializer):
    collected = serializers.IntegerField()
    handled = serializers.IntegerField()
    solved = serializers.IntegerField()
    households = serializers.IntegerField()
    response_due = serializers.IntegerField()
    responded_on_time = serializers.IntegerField()
    rated = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    resolution_rate = serializers.FloatField(allow_null=True)
    satisfaction_rate = serializers.FloatField(allow_null=True)


class SummarySerializer(FiguresMixin):
    period = PeriodSerializer()
    projects = serializers.IntegerField()
    handoffs_due = serializers.IntegerField()
    handoffs_on_time = serializers.IntegerField()
    department_on_time_rate = serializers.FloatField(allow_null=True)
    result_rated = serializers.IntegerField(help_text="Rated in the period with a score of the result (结果满意度).")
    result_satisfied = serializers.IntegerField()
    result_satisfaction_rate = serializers.FloatField(
        allow_null=True, help_text="Of the result scores; `satisfaction_rate` is of the handling scores (办理满意度)."
    )
    median_first_response_hours = serializers.FloatField(allow_null=True)


class TrendSerializer(serializers.Serializer):
    month = serializers.DateField()
    label = serializers.CharField()
    collected = serializers.IntegerField()
    handled = serializers.IntegerField()
    solved = serializers.IntegerField()


class FiguresRowSerializer(FiguresMixin):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()


class WorkstationRowSerializer(FiguresRowSerializer):
    rank = serializers.IntegerField()


class MemberRowSerializer(FiguresRowSerializer):
    sector = serializers.CharField()
    open = serializers.IntegerField()


class DepartmentRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    due = serializers.IntegerField()
    on_time = serializers.IntegerField()
    answered = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    mean_handling_days = serializers.FloatField(allow_null=True)
    graded = serializers.IntegerField(help_text="Assignments the members graded in the period, co-handlers included.")
    grade_a = serializers.IntegerField()
    grade_b = serializers.IntegerField()
    grade_c = serializers.IntegerField()
    grade_d = serializers.IntegerField()
    handling_satisfied = serializers.IntegerField(help_text="Graded with handling 满意 or 基本满意.")
    handling_satisfaction_rate = serializers.FloatField(allow_null=True)
