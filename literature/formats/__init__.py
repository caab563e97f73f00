"""Bibliography formats: one module per format, looked up by name."""

from literature.formats import csljson, text
from literature.formats.record import ParseError

PARSERS = {"text": text.parse_list, "csljson": csljson.parse}


def decode(data: bytes) -> str:
    """Decode an uploaded file as UTF-8 (a BOM is allowed), naming the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ParseError(
            [f"line {line}: the file is not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8 and retry"]
        ) from None


def parse(data: bytes, format_name: str):
    """Parse raw bytes in the named format into records; raise ParseError on any problem."""
    content = decode(data)
    if not content.strip():
        raise ParseError(["the file is empty"])
    return PARSERS[format_name](content)
