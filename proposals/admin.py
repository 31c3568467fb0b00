from django.contrib import admin

from proposals.models import DeadlineExtension, Proposal, ProposalAssignment, ResultAttachment
from proposals.selectors import proposals_visible_to


class ProposalAssignmentInline(admin.TabularInline):
    model = ProposalAssignment
    extra = 0
    fields = ("department", "role", "status", "acknowledge_due", "due_date", "acknowledged_at", "reported_at", "grade")
    readonly_fields = ("status", "acknowledged_at", "reported_at", "grade")


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "kind",
        "author",
        "workstation",
        "body",
        "status",
        "is_livelihood_project",
        "submitted_at",
    )
    list_filter = ("status", "kind", "body", "is_livelihood_project", "livelihood_type", "result_grade", "workstation")
    search_fields = ("title", "facts", "suggestion")
    date_hierarchy = "created_at"
    list_select_related = ("author__user", "workstation", "body")
    autocomplete_fields = ("author", "workstation", "suggested_department")
    raw_id_fields = ("petitions",)
    readonly_fields = ("status", "submitted_at", "reviewed_by", "reviewed_at", "closed_at")
    inlines = [ProposalAssignmentInline]

    def get_queryset(self, request):
        # Office staff with access to the admin: their CPPCC bodies' proposals, as on the pages.
        return super().get_queryset(request).filter(pk__in=proposals_visible_to(request.user).values("pk"))


@admin.register(ProposalAssignment)
class ProposalAssignmentAdmin(admin.ModelAdmin):
    list_display = ("proposal", "department", "role", "status", "acknowledge_due", "due_date", "reported_at", "grade")
    list_filter = ("status", "role", "grade", "department")
    search_fields = ("proposal__title", "department__name", "result")
    list_select_related = ("proposal", "department")
    # The grades are the member's, set as they confirm (proposals.services.proposal_confirm).
    readonly_fields = (
        "status",
        "acknowledged_at",
        "acknowledged_by",
        "reported_at",
        "reported_by",
        "grade",
        "grade_reason",
        "handling_rating",
        "graded_at",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).filter(proposal__in=proposals_visible_to(request.user).values("pk"))


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(admin.ModelAdmin):
    """Read-only: requests and decisions go through the portal and the review pages."""

    list_display = ("assignment", "previous_due_date", "requested_due_date", "status", "decided_at")
    list_filter = ("status",)
    list_select_related = ("assignment__proposal", "assignment__department")

    def get_queryset(self, request):
        visible = proposals_visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(assignment__proposal__in=visible)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ResultAttachment)
class ResultAttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "assignment", "size", "created_at")
    list_select_related = ("assignment__proposal", "assignment__department")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
