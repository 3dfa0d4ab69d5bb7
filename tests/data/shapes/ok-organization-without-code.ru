# A national body: no local government code, no English name.
# expect: conforms
INSERT DATA { <org/digital-agency> a org:FormalOrganization ; skos:prefLabel "デジタル庁"@ja . }
