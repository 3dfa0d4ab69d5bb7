# The printed variant belongs in skos:altLabel.
# expect: <person/takahashi-naoyoshi> gks:Person-name
INSERT DATA { <person/takahashi-naoyoshi> foaf:name "髙橋直義"@ja }
