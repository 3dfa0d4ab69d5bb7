# A series IRI minted from Japanese.
# expect: <series/cio-フォーラム> gks:SeriesShape
INSERT DATA { <series/cio-フォーラム> a schema:EventSeries ; schema:name "CIOフォーラム"@ja . }
