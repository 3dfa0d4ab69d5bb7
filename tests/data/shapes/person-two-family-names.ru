# expect: <person/takahashi-naoyoshi> gks:Person-familyName
INSERT DATA { <person/takahashi-naoyoshi> schema:familyName "髙橋"@ja }
