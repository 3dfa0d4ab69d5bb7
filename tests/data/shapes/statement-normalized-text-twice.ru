# expect: <session/cio-council/2/statement/1> gks:Statement-normalizedText
INSERT DATA { <session/cio-council/2/statement/1> gk:normalizedText "令和7年度末までの移行を目指す。"@ja }
