"""Braces that keep a title's capitals through BibTeX, whose styles lower-case titles ("plain", "apalike").

A BibTeX style that sets titles in sentence case keeps the first letter and lower-cases the rest, except inside
braces. So we brace, word by word:
- acronyms and mixed-case words (UNICEF, COVID, iPhone, McDonald): any word with a capital after its first
  letter;
- proper nouns: in a title written in sentence case, every capitalised word after the first (the author wrote
  them that way on purpose); in a title written in title case, where every word is capitalised, only the words of
  PROPER_NOUNS (the places and peoples this library's subject names), since the others are capitalised by the
  title case alone and may be lower-cased by a style.
Our importer drops braces when it decodes the LaTeX, so a title reads back exactly as it was written.
"""

import re

# Places and peoples that occur in the titles of this subject's literature, kept capitalised in any title.
_PLACES_AND_PEOPLES = """
    China Chinese Asia Asian Africa African America American Europe European English Britain British Japan Japanese
    Korea Korean India Indian Taiwan Hong Kong Macau Tibet Tibetan Uyghur Han Hui Mongolia Mongolian Confucian
    Confucianism Marxist Beijing Shanghai Tianjin Chongqing Guangzhou Shenzhen Wuhan Nanjing Hangzhou Chengdu Xi'an
    Anhui Fujian Gansu Guangdong Guangxi Guizhou Hainan Hebei Heilongjiang Henan Hubei Hunan Jiangsu Jiangxi Jilin
    Liaoning Ningxia Qinghai Shaanxi Shandong Shanxi Sichuan Xinjiang Yunnan Zhejiang Pearl Yangtze
    """
PROPER_NOUNS = {word.casefold() for word in _PLACES_AND_PEOPLES.split()}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SENTENCE_CASE_SHARE = 0.5  # below this share of capitalised words (after the first) a title is in sentence case


def protected_words(title: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the words of `title` that need braces."""
    words = list(_WORD.finditer(title))
    later = [word.group() for word in words[1:] if len(word.group()) > 3 or word.group()[0].isupper()]
    capitalised = sum(word[0].isupper() for word in later)
    sentence_case = not later or capitalised / len(later) < _SENTENCE_CASE_SHARE
    spans = []
    for index, match in enumerate(words):
        word = match.group()
        acronym_or_mixed = any(char.isupper() for char in word[1:])
        proper = word[0].isupper() and (word.casefold() in PROPER_NOUNS or (sentence_case and index > 0))
        if acronym_or_mixed or proper:
            spans.append(match.span())
    return spans


def protect(title: str, escape) -> str:
    """`title` escaped by `escape`, with braces around the words that must keep their case."""
    pieces, position = [], 0
    for start, end in protected_words(title):
        pieces.append(escape(title[position:start]))
        pieces.append("{" + escape(title[start:end]) + "}")
        position = end
    pieces.append(escape(title[position:]))
    return "".join(pieces)
