#!/usr/bin/python3
"""Reads e-mails as a mail client would (Python's email package) and their calendar parts as a calendar would
(the icalendar package), for the e-mail and iTIP tests.

Usage: read_mail.py FILE.eml... Prints one JSON line per message: {"to","subject","text","html","alternatives",
"calendar"}: text and html are the bodies a client shows (null when absent), alternatives the content types of the
multipart/alternative part in order, calendar null or {"content_type","mime_method","disposition","text","method",
"uid","sequence","organizer","attendee","attendee_params","url","status","dtstart"} (dtstart in UTC seconds).
"""
import email
import email.policy
import json
import sys

import icalendar


def calendar_of(message):
    for part in message.walk():
        if part.get_content_type() != "text/calendar":
            continue
        text = part.get_payload(decode=True).decode("utf-8")
        cal = icalendar.Calendar.from_ical(text)
        events = [c for c in cal.walk("VEVENT")]
        event = events[0] if events else {}
        attendee = event.get("ATTENDEE")
        return {
            "content_type": part.get("Content-Type"),
            "mime_method": part.get_param("method"),
            "disposition": part.get_content_disposition(),
            "text": text,
            "method": str(cal.get("METHOD")) if cal.get("METHOD") is not None else None,
            "events": len(events),
            "uid": str(event.get("UID")),
            "sequence": int(event.get("SEQUENCE")) if event.get("SEQUENCE") is not None else None,
            "organizer": str(event.get("ORGANIZER")) if event.get("ORGANIZER") is not None else None,
            "attendee": str(attendee) if attendee is not None else None,
            "attendee_params": {k: str(v) for k, v in attendee.params.items()} if attendee is not None else {},
            "url": str(event.get("URL")),
            "status": str(event.get("STATUS")),
            "dtstart": int(event.decoded("DTSTART").timestamp()),
        }
    return None


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    alternatives = [p.get_content_type() for part in message.walk() if part.get_content_type() == "multipart/alternative"
                    for p in part.iter_parts()]
    print(json.dumps({"to": str(message["To"]), "subject": str(message["Subject"]),
                      "text": text.get_content() if text is not None else None,
                      "html": html.get_content() if html is not None else None,
                      "alternatives": alternatives, "calendar": calendar_of(message)}, ensure_ascii=False))
