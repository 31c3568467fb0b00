"""QR codes, drawn on our own server (no third-party service sees the URLs)."""

import io

import segno


def qr_svg(url: str, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=scale, border=2, xmldecl=False)
    return out.getvalue()


def qr_svg_inline(url: str, *, scale: int = 6) -> str:
    """SVG markup to put straight into a page (a receipt slip, a poster)."""
    return segno.make(url, error="m").svg_inline(scale=scale, border=2)


def qr_png(url: str, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
