# expect: <person/takahashi-naoyoshi> gks:Person-name
DELETE WHERE { <person/takahashi-naoyoshi> foaf:name ?n }
