# A post whose holder was inferred, with the dates and the reason.
# expect: conforms
INSERT DATA {
  <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho>
      gk:heldOn "2023-02-08"^^xsd:date , "2023-08-09"^^xsd:date ;
      gk:evidence "次第の説明者欄"@ja .
}
