"""BibTeX (and the biblatex entry types), as read and written by JabRef, Zotero, BibDesk and LaTeX.

The file syntax is read and written by bibtexparser (v2); author lists are split with its BibTeX
name rules; LaTeX in field values is decoded by pylatexenc, which bibtexparser builds on.

What we write, and read back exactly:
- Text is kept as UTF-8. Only the characters special to (La)TeX are escaped: \\ { } % & $ # _ ~ ^
  (as \\textbackslash{}, \\{, …), and TeX ligatures (--, ``, '', !`, ?`) are broken with {} so
  they stay as typed. Runs of spaces, tabs and line breaks become one space, as TeX reads them.
- URLs and DOIs are written verbatim (even malformed ones), unless they hold a brace or a
  backslash: then they are escaped like text, and a value with a backslash is decoded on import.
- Titles brace acronyms, mixed-case words and proper nouns ({UNICEF}, {iPhone}, {China}) so that BibTeX
  styles that lower-case titles keep them (case.py); the braces are dropped again on import.
- Page ranges use BibTeX's en-dash convention: every hyphen is written as --.
- People are written "Family, Given"; an organisation as one braced name, {National Bureau of
  Statistics of China}, which BibTeX never splits or abbreviates.
- The type: see EXPORT_TYPES. Types BibTeX has no entry type for become @misc with biblatex's
  entrysubtype field naming the CSL type, so they survive a round trip.
- What BibTeX has no field for goes in fields bibliography styles ignore: the citation as printed
  and the importer's review notes in annote (one "Printed as: …" / "Review note: …" line each),
  and an article's citation number in citation-number.
"""

from literature.formats.bibtex.reader import parse
from literature.formats.bibtex.writer import dumps

__all__ = ["dumps", "parse"]
