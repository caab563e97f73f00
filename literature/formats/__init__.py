"""Bibliography formats: one module per format, looked up by name."""

import dataclasses
from collections.abc import Callable

from literature.formats import bibtex, csljson, ris, text
from literature.formats.record import ParseError, ReferenceRecord

Writer = Callable[[list[ReferenceRecord], list[int | None]], str]

# name -> parse(text) -> records, raising ParseError that names each bad entry.
PARSERS: dict[str, Callable[[str], list[ReferenceRecord]]] = {
    "text": text.parse_list,
    "csljson": csljson.parse,
    "bibtex": bibtex.parse,
    "ris": ris.parse,
}


def _write_csljson(records: list[ReferenceRecord], numbers: list[int | None]) -> str:
    return csljson.dumps(
        [csljson.record_to_csl(record, number=number) for record, number in zip(records, numbers, strict=True)]
    )


def _numbered(dumps: Callable[[list[ReferenceRecord]], str]) -> Writer:
    """A writer for a format whose dumps() writes each record's own citation number."""

    def write(records: list[ReferenceRecord], numbers: list[int | None]) -> str:
        return dumps(
            [dataclasses.replace(record, number=number) for record, number in zip(records, numbers, strict=True)]
        )

    return write


# name -> write(records, numbers) -> the file's text; numbers[i] is records[i]'s citation number, or None.
WRITERS: dict[str, Writer] = {
    "csljson": _write_csljson,
    "bibtex": _numbered(bibtex.dumps),
    "ris": _numbered(ris.dumps),
}


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
