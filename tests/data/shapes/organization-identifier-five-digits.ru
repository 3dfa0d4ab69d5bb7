# The 5-digit code lacks its check digit.
# expect: <org/lg/132144> gks:Organization-identifier
DELETE WHERE { <org/lg/132144> org:identifier ?c } ;
INSERT DATA { <org/lg/132144> org:identifier "12345" }
