from django.contrib import admin

from members.models import (
    DutyAssignment,
    DutyRoster,
    DutySwapRequest,
    Member,
    MemberUnavailability,
    ReceptionRule,
    RosterChange,
    Sector,
)
from workstations.permissions import workstations_in_scope


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "sort_order")
    search_fields = ("name",)


class MemberUnavailabilityInline(admin.TabularInline):
    model = MemberUnavailability
    extra = 0


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("__str__", "sector", "title", "phone", "is_active")
    list_filter = ("is_active", "sector", "workstations")
    search_fields = ("user__full_name", "user__username", "phone", "title")
    autocomplete_fields = ("user", "sector")
    filter_horizontal = ("workstations",)
    list_select_related = ("user", "sector")
    inlines = [MemberUnavailabilityInline]

    def get_queryset(self, request):
        # Office staff: the members serving at their CPPCC bodies' workstations.
        members = super().get_queryset(request)
        in_scope = workstations_in_scope(request.user)
        if in_scope is None:
            return members
        served = Member.workstations.through.objects.filter(workstation__in=in_scope.values("pk"))
        return members.filter(pk__in=served.values("member_id"))


class DutyAssignmentInline(admin.TabularInline):
    model = DutyAssignment
    extra = 0
    autocomplete_fields = ("member",)


@admin.register(DutyRoster)
class DutyRosterAdmin(admin.ModelAdmin):
    list_display = ("workstation", "month", "status", "published_at", "published_by")
    list_filter = ("status", "month", "workstation")
    search_fields = ("workstation__name", "workstation__code")
    date_hierarchy = "month"
    list_select_related = ("workstation", "published_by")
    autocomplete_fields = ("workstation",)
    readonly_fields = ("published_at", "published_by")
    inlines = [DutyAssignmentInline]

    def get_queryset(self, request):
        rosters = super().get_queryset(request)
        in_scope = workstations_in_scope(request.user)
        return rosters if in_scope is None else rosters.filter(workstation__in=in_scope.values("pk"))


@admin.register(DutyAssignment)
class DutyAssignmentAdmin(admin.ModelAdmin):
    list_display = ("roster", "kind", "date", "slot", "member")
    list_filter = ("kind", "slot", "roster__workstation")
    search_fields = ("member__user__full_name", "roster__workstation__name")
    date_hierarchy = "date"
    list_select_related = ("roster__workstation", "member__user")
    autocomplete_fields = ("member", "roster")


@admin.register(MemberUnavailability)
class MemberUnavailabilityAdmin(admin.ModelAdmin):
    list_display = ("member", "start", "end", "reason")
    search_fields = ("member__user__full_name", "reason")
    list_select_related = ("member__user",)
    autocomplete_fields = ("member",)


@admin.register(ReceptionRule)
class ReceptionRuleAdmin(admin.ModelAdmin):
    list_display = ("workstation", "__str__", "is_active")
    list_filter = ("is_active", "weekday", "workstation")
    list_select_related = ("workstation",)
    autocomplete_fields = ("workstation",)


@admin.register(RosterChange)
class RosterChangeAdmin(admin.ModelAdmin):
    """Read-only: the audit trail of rosters is written by the services alone."""

    list_display = ("created_at", "roster", "action", "actor", "after_publication", "summary")
    list_filter = ("action", "after_publication")
    list_select_related = ("roster__workstation", "actor")
    search_fields = ("summary", "reason", "roster__workstation__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DutySwapRequest)
class DutySwapRequestAdmin(admin.ModelAdmin):
    """Read-only: swaps are decided on the liaison officer's page, where the rules are checked."""

    list_display = ("created_at", "requester", "target_member", "duty", "status", "decided_by")
    list_filter = ("status",)
    list_select_related = ("requester__user", "target_member__user", "duty__roster__workstation", "decided_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
