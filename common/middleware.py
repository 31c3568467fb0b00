"""Middleware of the whole site."""

from django.conf import settings

from common.logs import request_id_new, request_id_sane, request_id_var


class RequestIdMiddleware:
    """Gives every request an id: the proxy's X-Request-ID when settings.REQUEST_ID_FROM_HEADER
    trusts it and it looks like one (common.logs.request_id_sane), else a new one. It is on every
    log line of the request (common.logs.RequestIdFilter), on the Celery tasks the request starts
    (config/celery_app.py), on `request.request_id`, and sent back as X-Request-ID, so a citizen's
    or a partner's complaint can be found in the logs. First in MIDDLEWARE, to cover all the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID") if settings.REQUEST_ID_FROM_HEADER else None
        request.request_id = request_id_sane(incoming) or request_id_new()
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
