from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from workstations.models import BodyMembership, CppccBody, Workstation
from workstations.permissions import workstations_in_scope
from workstations.services import BodyError, body_parent_check, body_save


class CppccBodyForm(forms.ModelForm):
    class Meta:
        model = CppccBody
        fields = [
            "name",
            "level",
            "parent",
            "first_response_days",
            "reply_days",
            "consultation_days",
            "proposal_review_days",
            "acknowledge_days",
            "handling_days",
        ]

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        try:
            body_parent_check(body=self.instance, parent=parent)
        except BodyError as error:
            raise forms.ValidationError(error.message) from error
        return parent


class BodyMembershipInline(admin.TabularInline):
    model = BodyMembership
    extra = 1
    autocomplete_fields = ("user",)
    verbose_name = _("审核人员或办公室工作人员")
    verbose_name_plural = _("本级政协的审核人员和办公室工作人员")


@admin.register(CppccBody)
class CppccBodyAdmin(admin.ModelAdmin):
    """Bodies are kept by superusers: a body's tree position decides what its staff see, so every
    save goes through workstations.services.body_save (which keeps the path right)."""

    form = CppccBodyForm
    list_display = ("name", "level", "parent", "workstation_count")
    list_filter = ("level",)
    search_fields = ("name",)
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    inlines = [BodyMembershipInline]
    fieldsets = (
        (None, {"fields": ("name", "level", "parent")}),
        (
            _("时限默认值（留空则沿用上级政协或全局设置）"),
            {
                "fields": (
                    "first_response_days",
                    "reply_days",
                    "consultation_days",
                    "proposal_review_days",
                    "acknowledge_days",
                    "handling_days",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(workstation_total=Count("workstations", distinct=True))

    @admin.display(description=_("工作室数"), ordering="workstation_total")
    def workstation_count(self, obj):
        return obj.workstation_total

    def save_model(self, request, obj, form, change):
        body_save(body=obj)


@admin.register(Workstation)
class WorkstationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "body", "parent", "address", "member_count", "is_active")
    list_filter = ("level", "body", "is_active", "parent")
    search_fields = ("name", "code", "address")
    autocomplete_fields = ("parent", "body")
    filter_horizontal = ("liaison_officers",)
    list_select_related = ("parent", "body")

    def get_queryset(self, request):
        workstations = super().get_queryset(request).annotate(member_total=Count("members", distinct=True))
        in_scope = workstations_in_scope(request.user)
        return workstations if in_scope is None else workstations.filter(pk__in=in_scope.values("pk"))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "body" in form.base_fields:
            # Every workstation belongs to a body: its reviewers review what is filed here.
            form.base_fields["body"].required = True
        return form

    @admin.display(description=_("委员人数"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total
