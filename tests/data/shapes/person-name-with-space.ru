# expect: <person/takahashi-naoyoshi> gks:Person-name
DELETE WHERE { <person/takahashi-naoyoshi> foaf:name ?n } ;
INSERT DATA { <person/takahashi-naoyoshi> foaf:name "高橋　直義"@ja }
