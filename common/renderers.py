"""DRF's browsable API under our Content-Security-Policy."""

from rest_framework.renderers import BrowsableAPIRenderer


class CspBrowsableAPIRenderer(BrowsableAPIRenderer):
    """The browsable API without the inline <style> block of Pygments colours that DRF writes when
    Pygments is installed: the CSP (style-src 'self') blocks it anyway, and a blocked style is a
    console error on every API page. The JSON is still shown, uncoloured."""

    def get_context(self, *args, **kwargs):
        context = super().get_context(*args, **kwargs)
        context["code_style"] = None
        return context
