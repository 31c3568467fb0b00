from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from handoffs.choices import DeliveryState
from handoffs.models import Delivery, DeliveryAttempt, InboundMessage


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("started_at", "duration_ms", "succeeded", "status_code", "error")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "department", "channel", "state", "attempts", "next_attempt_at", "delivered_at")
    list_filter = ("state", "kind", "channel", "department")
    search_fields = ("idempotency_key", "department__name")
    date_hierarchy = "created_at"
    list_select_related = ("department",)
    readonly_fields = (
        "kind",
        "department",
        "channel",
        "consultation",
        "assignment",
        "idempotency_key",
        "payload",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "delivered_at",
        "created_at",
    )
    inlines = [DeliveryAttemptInline]
    actions = ["retry_failed"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("重新投递所选失败的交接"), permissions=["change"])
    def retry_failed(self, request, queryset):
        from handoffs.services import delivery_retry

        failed = list(queryset.filter(state=DeliveryState.FAILED).values_list("pk", flat=True))
        for pk in failed:
            delivery_retry(delivery_id=pk)
        self.message_user(request, _("已重新安排 %(n)d 条投递。") % {"n": len(failed)}, messages.SUCCESS)


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "department", "type", "idempotency_key", "sent_at", "received_at")
    list_filter = ("type", "department")
    search_fields = ("idempotency_key",)
    list_select_related = ("department",)
    readonly_fields = ("department", "idempotency_key", "signature", "sent_at", "type", "payload", "received_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
