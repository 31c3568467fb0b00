from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    # Personal data seen or taken out of the system.
    CONTACT_VIEW = "contact_view", _("查看群众联系方式")
    PHOTO_VIEW = "photo_view", _("查看群众照片")
    RECEIPT_VIEW = "receipt_view", _("查看受理回执")
    EXPORT = "export", _("导出数据")
    CONTACT_ERASED = "contact_erased", _("删除群众个人信息")
    # Security events.
    LOGIN = "login", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("账户锁定")
    LOGOUT = "logout", _("退出登录")
    SECOND_FACTOR_OK = "second_factor_ok", _("二次验证成功")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("二次验证失败")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("启用二次验证")
    RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", _("重新生成恢复码")
    PERMISSION_DENIED = "permission_denied", _("拒绝访问")
    PURGED = "purged", _("清理过期访问记录")


SECURITY_KINDS = frozenset(
    {
        AccessKind.LOGIN,
        AccessKind.LOGIN_FAILED,
        AccessKind.LOCKED_OUT,
        AccessKind.LOGOUT,
        AccessKind.SECOND_FACTOR_OK,
        AccessKind.SECOND_FACTOR_FAILED,
        AccessKind.SECOND_FACTOR_ENROLLED,
        AccessKind.RECOVERY_CODES_REGENERATED,
        AccessKind.PERMISSION_DENIED,
    }
)
