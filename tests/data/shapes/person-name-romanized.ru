# expect: <person/takahashi-naoyoshi> gks:Person-name
DELETE WHERE { <person/takahashi-naoyoshi> foaf:name ?n } ;
INSERT DATA { <person/takahashi-naoyoshi> foaf:name "Naoyoshi Takahashi"@en }
