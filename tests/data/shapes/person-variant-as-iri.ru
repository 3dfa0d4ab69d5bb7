# expect: <person/takahashi-naoyoshi> gks:Person-altLabel
INSERT DATA { <person/takahashi-naoyoshi> skos:altLabel <person/takahashi-naoyoshi-2> }
