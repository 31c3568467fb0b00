from django.contrib import admin
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from petitions.models import Category, Consultation, Petition, PetitionEvent, PetitionPhoto


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


class PetitionEventInline(admin.TabularInline):
    """The timeline, read-only: events are written by the workflow services only."""

    model = PetitionEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "type", "actor", "actor_label", "from_status", "to_status", "visibility", "message")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class PetitionPhotoInline(admin.TabularInline):
    model = PetitionPhoto
    extra = 0
    readonly_fields = ("image", "content_type", "width", "height", "size")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    """Status, track and outcome change only through the workflow, so they are read-only here."""

    list_display = (
        "display_code",
        "workstation",
        "category",
        "channel",
        "status",
        "track",
        "assigned_member",
        "due_date",
        "created_at",
    )
    list_filter = ("status", "track", "channel", "category", "outcome", "satisfaction", "workstation")
    search_fields = ("tracking_code", "content", "location")
    date_hierarchy = "created_at"
    list_select_related = ("workstation", "category", "assigned_member__user")
    readonly_fields = (
        "tracking_code",
        "status",
        "track",
        "outcome",
        "assigned_member",
        "merged_into",
        "first_response_due",
        "first_responded_at",
        "due_date",
        "replied_at",
        "closed_at",
        "satisfaction",
        "satisfaction_comment",
        "rated_at",
        "reopen_count",
        "recorded_by",
        "created_at",
        "updated_at",
    )
    autocomplete_fields = ("workstation", "category")
    inlines = [PetitionPhotoInline, PetitionEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    # The citizen's contact fields stay out of error reports of a failed save.
    @method_decorator(sensitive_post_parameters("citizen_name", "citizen_phone", "citizen_address"))
    def changeform_view(self, request, *args, **kwargs):
        return super().changeform_view(request, *args, **kwargs)


@admin.register(PetitionEvent)
class PetitionEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "petition", "type", "actor", "actor_label", "from_status", "to_status", "visibility")
    list_filter = ("type", "visibility", "to_status")
    search_fields = ("petition__tracking_code", "message")
    date_hierarchy = "created_at"
    list_select_related = ("petition", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("petition", "department", "asked_by", "status", "due_date", "answered_at")
    list_filter = ("status", "department")
    search_fields = ("petition__tracking_code", "question", "answer")
    list_select_related = ("petition", "department", "asked_by__user")
    readonly_fields = ("petition", "asked_by", "status", "answered_at", "answered_by")
