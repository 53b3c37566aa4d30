#!/usr/bin/env python3
"""Writes every case of java/testdata/config-grammar/cases as a seed of the configuration fuzz test
(java/test-resources/ax650n/tuning/fuzz/ConfigFuzzTestInputs/config/case-NAME). ConfigGrammarTest
fails when a seed is missing or differs, so run this after editing the cases."""
import os, re, sys
here = os.path.dirname(os.path.abspath(__file__))
base = os.path.normpath(os.path.join(here, '..', '..'))
out = os.path.join(base, 'test-resources/ax650n/tuning/fuzz/ConfigFuzzTestInputs/config')
os.makedirs(out, exist_ok=True)

def unescape(s):
    b = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == '\\':
            n = s[i + 1]
            if n == 'x':
                b.append(int(s[i + 2:i + 4], 16)); i += 4; continue
            b += {'n': b'\n', 'r': b'\r', 't': b'\t', '\\': b'\\'}[n]; i += 2; continue
        b += c.encode('utf-8'); i += 1
    return bytes(b)

for line in open(os.path.join(here, 'cases'), encoding='utf-8'):
    line = line.rstrip('\n')
    if not line or line.startswith('#'):
        continue
    name, expect, content = line.split('\t', 2)
    with open(os.path.join(out, 'case-' + name), 'wb') as f:
        f.write(unescape(content))
