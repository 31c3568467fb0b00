from django import forms
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from common.text import PlainTextField
from proposals.choices import HandlingRating, Kind, LivelihoodType, ResultGrade
from proposals.services import AssignmentGrade
from proposals.slots import departments_active


class _DepartmentChoices:
    """Department fields list the active departments, which the departments app hands down
    (proposals.slots): proposals does not import it. With `body_id` (the body reviewing the
    proposal), only that body's departments: the ones its reviewers may assign. With `body` (the
    body of the workstation a member drafts at), that body's departments and those of the bodies
    above, its own first: the departments a member may suggest."""

    department_fields: tuple[str, ...] = ()

    def __init__(self, *args, body_id=None, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        departments = departments_active()
        if body_id is not None:
            departments = departments.filter(body_id=body_id)
        elif body is not None:
            departments = departments.filter(body_id__in=body.chain_ids).order_by(
                Case(When(body_id=body.pk, then=0), default=1), "name"
            )
        for name in self.department_fields:
            self.fields[name].queryset = departments


class ProposalForm(_DepartmentChoices, forms.Form):
    department_fields = ("suggested_department",)
    kind = forms.ChoiceField(label=_("类型"), choices=Kind.choices)
    title = PlainTextField(label=_("标题"), max_length=200)
    facts = PlainTextField(
        label=_("调查核实情况（实地走访）"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    suggestion = PlainTextField(label=_("建议内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    suggested_department = forms.ModelChoiceField(label=_("建议承办部门"), queryset=None, required=False)
    livelihood_type = forms.ChoiceField(
        label=_("民生工程类型"), choices=[("", _("不是民生工程")), *LivelihoodType.choices], required=False
    )


class AcceptForm(forms.Form):
    """The reviewer may edit the text while accepting; empty fields keep the member's text."""

    title = PlainTextField(label=_("标题（可修改）"), max_length=200, required=False)
    facts = PlainTextField(
        label=_("调查核实情况（可修改）"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    suggestion = PlainTextField(
        label=_("建议内容（可修改）"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )


class ReturnForm(forms.Form):
    reason = PlainTextField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ForwardForm(forms.Form):
    reason = PlainTextField(
        label=_("转报说明"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class AssignForm(_DepartmentChoices, forms.Form):
    department_fields = ("lead_department", "co_departments")
    lead_department = forms.ModelChoiceField(label=_("主办部门"), queryset=None)
    co_departments = forms.ModelMultipleChoiceField(label=_("会办部门"), queryset=None, required=False)
    due_date = forms.DateField(
        label=_("办理期限（留空按默认工作日计算）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ResolveContestForm(_DepartmentChoices, forms.Form):
    department_fields = ("department",)
    decision = forms.ChoiceField(label=_("处理"), choices=[("reassign", _("改派其他部门")), ("confirm", _("维持交办"))])
    department = forms.ModelChoiceField(label=_("改派部门"), queryset=None, required=False)
    note = PlainTextField(label=_("说明"), required=False, max_length=500)


class ExtensionDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("审批"), choices=[("1", _("同意延期")), ("0", _("不同意"))], coerce=lambda v: v == "1"
    )
    note = PlainTextField(label=_("审批意见"), required=False, max_length=500)


class GradeForm(forms.Form):
    """For every department on the proposal (the lead, then the co-handlers) a grade A–D, a reason
    (required for C and D) and a rating of its handling: the fields of department `pk` are
    grade_<pk>, reason_<pk> and rating_<pk>. A reviewer's grading on its own; the member's inside
    the confirmation (ConfirmForm). `initial` from the grades already given, if any."""

    def __init__(self, *args, assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.assignments = list(assignments)
        graded = {}
        for assignment in self.assignments:
            name = f"{assignment.department.name}（{assignment.get_role_display()}）"
            values = {"department": name}
            graded[f"grade_{assignment.pk}"] = forms.ChoiceField(
                label=_("%(department)s：办理结果评定") % values,
                choices=[("", _("请评定")), *ResultGrade.choices],
                error_messages={"required": _("请评定%(department)s的办理结果（A/B/C/D）。") % values},
            )
            graded[f"reason_{assignment.pk}"] = PlainTextField(
                label=_("%(department)s：评定理由（评定为 C 或 D 时必填）") % values, required=False, max_length=500
            )
            graded[f"rating_{assignment.pk}"] = forms.ChoiceField(
                label=_("%(department)s：对部门办理的评价") % values,
                choices=[("", _("请评价")), *HandlingRating.choices],
                error_messages={"required": _("请评价%(department)s的办理情况（满意/基本满意/不满意）。") % values},
            )
            if assignment.grade and not self.is_bound:
                self.initial.setdefault(f"grade_{assignment.pk}", assignment.grade)
                self.initial.setdefault(f"reason_{assignment.pk}", assignment.grade_reason)
                self.initial.setdefault(f"rating_{assignment.pk}", assignment.handling_rating)
        # The departments' grades first, as the member reads the results before replying.
        self.fields = {**graded, **self.fields}

    def clean(self):
        data = super().clean()
        for assignment in self.assignments:
            grade = data.get(f"grade_{assignment.pk}")
            if grade in (ResultGrade.C, ResultGrade.D) and not data.get(f"reason_{assignment.pk}"):
                self.add_error(
                    f"reason_{assignment.pk}",
                    _("评定%(department)s为 C 或 D，请说明理由。") % {"department": assignment.department.name},
                )
        return data

    def grades(self) -> list[AssignmentGrade]:
        data = self.cleaned_data
        return [
            AssignmentGrade(
                assignment_id=a.pk,
                grade=data[f"grade_{a.pk}"],
                handling_rating=data[f"rating_{a.pk}"],
                reason=data.get(f"reason_{a.pk}", ""),
            )
            for a in self.assignments
        ]


class ConfirmForm(GradeForm):
    """The member's confirmation: the departments' grades (GradeForm), then the outcome and the
    reply to the citizens."""

    outcome = forms.ChoiceField(label=_("是否解决"), choices=[("solved", _("已解决")), ("not_solved", _("未解决"))])
    households_helped = forms.IntegerField(label=_("帮助困难群众户数"), min_value=0, max_value=100000, initial=0)
    reply = PlainTextField(label=_("答复群众（所有反映人）"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)

    def service_kwargs(self) -> dict:
        """What proposals.services.proposal_confirm takes from this form."""
        data = self.cleaned_data
        return {
            "grades": self.grades(),
            "outcome": data["outcome"],
            "households_helped": data["households_helped"],
            "reply": data["reply"],
        }


class AddPetitionForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
