# expect: <person/takahashi-naoyoshi> gks:Person-givenName
DELETE WHERE { <person/takahashi-naoyoshi> schema:givenName ?n } ;
INSERT DATA { <person/takahashi-naoyoshi> schema:givenName "直義" }
