# expect: <org/lg/13214> gks:OrganizationShape
INSERT DATA { <org/lg/13214> a org:FormalOrganization ; skos:prefLabel "国分寺市"@ja . }
