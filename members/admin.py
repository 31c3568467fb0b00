from django.contrib import admin

from members.models import DutyAssignment, DutyRoster, Member, MemberUnavailability, Sector


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
