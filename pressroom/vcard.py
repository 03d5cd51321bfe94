"""vCard 3.0 cards for press contacts (RFC 2426), which phones and mail programs import."""


def _escape(value: str) -> str:
    """Escape a text value: backslash, comma, semicolon and line breaks."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, as the format asks, without splitting a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def contact_vcard(contact, *, organization: str = "", url: str = "") -> str:
    """Return the vCard text for a contact."""
    given, _, family = contact.name.strip().rpartition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{_escape(family)};{_escape(given)};;;",
        f"FN:{_escape(contact.name)}",
    ]
    if organization:
        lines.append(f"ORG:{_escape(organization)}")
    if contact.title:
        lines.append(f"TITLE:{_escape(contact.title)}")
    if contact.role_label:
        lines.append(f"ROLE:{_escape(str(contact.role_label))}")
    if contact.phone_normalized:
        lines.append(f"TEL;TYPE=WORK,VOICE:{contact.phone_normalized}")
    if contact.phone_alt_normalized:
        lines.append(f"TEL;TYPE=CELL:{contact.phone_alt_normalized}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{_escape(contact.email)}")
    if contact.bio:
        lines.append(f"NOTE:{_escape(contact.bio)}")
    if url:
        # A URI value is not escaped; a line break in it would start a property of its own.
        lines.append("URL:" + "".join(url.split()))
    lines.append("END:VCARD")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
