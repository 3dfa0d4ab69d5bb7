# expect: <series/cio-council> gks:Series-organizer
INSERT DATA { <series/cio-council> schema:organizer <person/takahashi-naoyoshi> }
