"""Markup planted in a record for the escaping tests: each payload, if it ever ran, would set
window.kgPwned."""

HOSTILE_TEXT = '<img src=x onerror="window.kgPwned=1"><script>window.kgPwned=2</script>'
HOSTILE_POST = "<img/src/onerror=window.kgPwned=3>委員"
HOSTILE_AGENDA = "<b onmouseover=window.kgPwned=5>"
