# expect: gk:act-question gks:Concept-prefLabelJa
DELETE DATA { gk:act-question skos:prefLabel "質問"@ja }
