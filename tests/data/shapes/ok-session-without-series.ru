# A session whose series is unknown: no superEvent, no ordinal, online.
# expect: conforms
DELETE WHERE { <session/cio-council/2> schema:superEvent ?s ; schema:position ?n ; schema:eventAttendanceMode ?m } ;
INSERT DATA { <session/cio-council/2> schema:eventAttendanceMode schema:OnlineEventAttendanceMode }
