# Posts are minted under id/post/, not inside the organization's IRI.
# expect: <org/lg/132144/post/shicho> gks:PostShape
INSERT DATA { <org/lg/132144/post/shicho> a org:Post ; skos:prefLabel "市長"@ja ; org:postIn <org/lg/132144> . }
