# The mapping only knows online or in person.
# expect: <session/cio-council/2> gks:Session-attendanceMode
DELETE WHERE { <session/cio-council/2> schema:eventAttendanceMode ?m } ;
INSERT DATA { <session/cio-council/2> schema:eventAttendanceMode schema:MixedEventAttendanceMode }
