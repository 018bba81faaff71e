#!/usr/bin/env python3
"""Writes glossaries/words-en.txt, the English word list the name checker's spelling signal
uses, from Debian's SCOWL word lists (packages wamerican-large and wbritish-large):

    apt-get download wamerican-large wbritish-large
    dpkg-deb -x wamerican-large_*.deb a; dpkg-deb -x wbritish-large_*.deb b
    python3 glossaries/make_words_en.py a/usr/share/dict/american-english-large \
        b/usr/share/dict/british-english-large > glossaries/words-en.txt

Possessives (`Indonesia's`) are left out: the checker strips them before looking a word up.
Lines are sorted by their ASCII-lower-cased bytes (then as written), the order
`check::words` searches in. The SCOWL copyright notice heads the file, as its licence asks.
"""
import sys

NOTICE = """\
# English words (US and UK spellings, proper nouns included) for qarin's name checker.
# Made from SCOWL (Spell Checker Oriented Word Lists) by Kevin Atkinson, as Debian ships
# it in wamerican-large and wbritish-large 2020.12.07-2, by glossaries/make_words_en.py
# (possessives left out). SCOWL's notice:
#
# Copyright 2000-2011 by Kevin Atkinson
#
# Permission to use, copy, modify, distribute and sell these word lists, the associated
# scripts, the output created from the scripts, and its documentation for any purpose is
# hereby granted without fee, provided that the above copyright notice appears in all
# copies and that both that copyright notice and this permission notice appear in
# supporting documentation. Kevin Atkinson makes no representations about the
# suitability of this array for any purpose. It is provided "as is" without express or
# implied warranty.
#
# SCOWL also includes material from the public-domain Moby lexicon, Brian Kelk's UK English
# word list (public domain), ENABLE (public domain), 12Dicts (public domain) and others
# under similar permissive terms; see glossaries/README.md."""

words = set()
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if w and "'" not in w and " " not in w:
                words.add(w)

def key(w):
    b = w.encode("utf-8")
    return (bytes(c + 32 if 65 <= c <= 90 else c for c in b), b)

print(NOTICE)
for w in sorted(words, key=key):
    print(w)
