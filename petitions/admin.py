from django.contrib import admin
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from audit.choices import AccessKind
from audit.services import access_record
from petitions.models import Category, Consultation, Petition, PetitionEvent, PetitionPhoto
from petitions.permissions import can_see_citizen_contact, handles_case

# What the citizen gave that may identify them. The admin asks the pages' rules about each case:
# contact data to `can_see_citizen_contact`, the rating's comment and photos to `handles_case`.
CONTACT_FIELDS = Petition.CONTACT_VALUE_FIELDS
CITIZEN_MATERIAL_FIELDS = ("satisfaction_comment",)
CITIZEN_FIELDS = CONTACT_FIELDS + CITIZEN_MATERIAL_FIELDS


def _citizen_lookup(lookup: str) -> bool:
    return lookup.split("__", 1)[0] in CITIZEN_FIELDS


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
    """The citizen's photos, read-only, to those handling the case only, whatever their model
    permissions (a superuser's included). Media are never served as files: the link opens the
    casework page's download, which checks the same rule again."""

    model = PetitionPhoto
    extra = 0
    can_delete = False
    fields = ("photo", "content_type", "width", "height", "size")
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        # `obj` is the petition. Without one (the inline's get_queryset asks so), the answer is
        # decided per petition by get_inline_instances, which asks again with it.
        return obj is None or handles_case(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("图片"))
    def photo(self, obj):
        url = reverse("casework:case_photo", kwargs={"pk": obj.petition_id, "photo_pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("下载"))


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    """Status, track and outcome change only through the workflow, so they are read-only here.

    Rows: `Petition.objects.visible_to(user)`, as on the pages. The citizen's name, phone and
    address appear on a case's change page only to those `can_see_citizen_contact` allows, its
    photos and rating comment only to those handling it (`handles_case`); for everyone else those
    fields are absent from the page and from the form, and no search or URL filter reaches them.

    Superusers get no exception: a superuser administers the system and does not handle cases,
    so under PIPL's minimum-necessary rule they see the cases but not who brought them, unless
    they are themselves the assigned member or a liaison officer of the workstation. Contact data
    is never on the list, whoever looks: it is read one case at a time.

    Petitions are neither added nor deleted here: intake goes through the petition form and the
    offline intake page (petitions.services.intake), and a case's timeline is append-only."""

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
    # Never a citizen field: a search that finds a row by phone tells who brought that case.
    search_fields = ("tracking_code", "content", "location")
    date_hierarchy = "created_at"
    list_select_related = ("workstation", "category", "assigned_member__user")
    exclude = CITIZEN_FIELDS
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
        "result_satisfaction",
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

    def shows_contact(self, request, obj) -> bool:
        """Whether this page shows the citizen's name, phone and address of `obj`: the one place
        the admin asks (and the place to log that it did)."""
        return obj is not None and can_see_citizen_contact(request.user, obj)

    def shows_citizen_material(self, request, obj) -> bool:
        """The rating's comment (and, in PetitionPhotoInline, the photos): for those handling it."""
        return obj is not None and handles_case(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        # Read-only even for those who may see them: a citizen's contact data is what they gave.
        fields = list(super().get_readonly_fields(request, obj))
        if self.shows_contact(request, obj):
            fields += CONTACT_FIELDS
        if self.shows_citizen_material(request, obj):
            fields += CITIZEN_MATERIAL_FIELDS
        return fields

    def lookup_allowed(self, lookup, value, request=None):
        # The admin allows a URL filter on any local field (?citizen_phone=...): not on these.
        if _citizen_lookup(lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # The citizen's contact fields stay out of error reports of a failed save.
    @method_decorator(sensitive_post_parameters("citizen_name", "citizen_phone", "citizen_address"))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        # A page that showed the citizen's contact data is a look at personal data, as on the case
        # page (PIPL art. 55): logged once per page, not per field.
        if object_id is not None and request.method == "GET" and response.status_code == 200:
            obj = getattr(response, "context_data", {}).get("original")
            if obj is not None and self.shows_contact(request, obj):
                access_record(
                    kind=AccessKind.CONTACT_VIEW, request=request, petition_id=obj.pk, tracking_code=obj.tracking_code
                )
        return response


class _OfVisiblePetitions:
    """The rows of a visible petition only, the rule of PetitionAdmin applied to what hangs on it."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(petition__in=Petition.objects.visible_to(request.user))


@admin.register(PetitionEvent)
class PetitionEventAdmin(_OfVisiblePetitions, admin.ModelAdmin):
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
class ConsultationAdmin(_OfVisiblePetitions, admin.ModelAdmin):
    list_display = ("petition", "department", "asked_by", "status", "due_date", "answered_at")
    list_filter = ("status", "department")
    search_fields = ("petition__tracking_code", "question", "answer")
    list_select_related = ("petition", "department", "asked_by__user")
    readonly_fields = ("petition", "asked_by", "status", "answered_at", "answered_by")
