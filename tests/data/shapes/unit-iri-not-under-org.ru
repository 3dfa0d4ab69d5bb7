# expect: <unit/seisaku-bu> gks:UnitShape
INSERT DATA { <unit/seisaku-bu> a org:OrganizationalUnit ; skos:prefLabel "政策部"@ja ; org:unitOf <org/lg/132144> . }
