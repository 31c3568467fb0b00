"""The two formats GeoReport v2 allows: XML (required), JSON (the Spark convention's mapping of it).

The XML has no namespace and no attributes, as the spec's examples: the root and item element names
come from the view (`xml_root`, `xml_item`), a list inside an object names its items by the
singular of its key (attributes/attribute, values/value, endpoints/endpoint, formats/format), true
and false are written as words and a missing value is an empty element (JSON: null)."""

from io import StringIO
from xml.sax.saxutils import XMLGenerator

from rest_framework.renderers import BaseRenderer, JSONRenderer

LIST_ITEMS = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}


class Open311Errors(list):
    """An error body, [{"code": 400, "description": "..."}]: rendered as <errors><error>…"""


class Open311JSONRenderer(JSONRenderer):
    charset = "utf-8"


class Open311XMLRenderer(BaseRenderer):
    media_type = "text/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        view = (renderer_context or {}).get("view")
        if isinstance(data, Open311Errors):
            root, item = "errors", "error"
        else:
            root, item = getattr(view, "xml_root", "response"), getattr(view, "xml_item", "item")
        stream = StringIO()
        xml = XMLGenerator(stream, encoding="utf-8", short_empty_elements=True)
        stream.write('<?xml version="1.0" encoding="utf-8"?>\n')
        xml.startElement(root, {})
        if isinstance(data, list):
            for element in data:
                self._element(xml, item, element)
        else:
            self._children(xml, data)
        xml.endElement(root)
        return stream.getvalue().encode("utf-8")

    def _children(self, xml, data: dict):
        for key, value in data.items():
            if isinstance(value, list):
                xml.startElement(key, {})
                for element in value:
                    self._element(xml, LIST_ITEMS.get(key, "item"), element)
                xml.endElement(key)
            else:
                self._element(xml, key, value)

    def _element(self, xml, name: str, value):
        xml.startElement(name, {})
        if isinstance(value, dict):
            self._children(xml, value)
        elif isinstance(value, bool):
            xml.characters("true" if value else "false")
        elif value is not None:
            xml.characters(str(value))
        xml.endElement(name)
