"""Where a link goes that its words do not show: the one rule for partner texts and the pages' words.

A reader trusts a link by what it shows and by the host a browser's status bar gives. Three kinds
of address go somewhere else:

* **a user name before an @** — ``https://luton.gov.uk@evil.example/`` opens ``evil.example``: a
  browser reads everything between ``//`` and the first ``/``, ``?``, ``#`` or ``\\`` as the
  authority, and what comes before its last ``@`` as a user name it sends along (the WHATWG URL
  standard's authority state; RFC 3986 section 3.2.1). A web page needs no user name, so any is
  refused;
* **an email link that adds to the email** — ``mailto:info@luton.gov.uk?bcc=list@evil.example``
  copies the reader's message to an address the page never shows, and ``body=`` writes words in
  the reader's name that a quick click sends unread (RFC 6068 lets a ``mailto:`` carry any header,
  recipients and body included). One address and a ``subject=`` are allowed, nothing else;
* **words that are another address** — ``[www.luton.gov.uk](https://evil.example)`` or
  ``[help@luton.gov.uk](mailto:help@evil.example)``: the words name one site or mailbox and the link
  opens another (a subdomain of the one shown, or the site a subdomain is of, is the same place).

An ``http(s)://`` address with no site after it (``https://``, a link left half typed) opens nothing
and is refused too.

``address_fault`` and ``words_fault`` say why, as (what is wrong, what to do), or None.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

#: the end of an address's authority as a browser reads it (a backslash too, for web addresses)
_AUTHORITY_END = re.compile(r"[/?#\\]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_MAILBOX = re.compile(r"^[^@\s,;<>()\[\]\\\"]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
#: what a mailto: address may carry after its ?: a subject line, which the reader sees and edits
MAILTO_FIELDS = ("subject",)
#: a link's words taken for a web address: with its scheme or www., or a domain name of the common endings
_SHOWN_SITE = re.compile(r"^(?:(?:https?://)(?:www\.)?|www\.)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})"
                         r"(?::\d+)?(?:[/?#]\S*)?$", re.I)
_PLAIN_ENDINGS = ("uk", "com", "org", "net", "info", "eu", "io", "co", "gov", "edu", "int", "biz")


def _snippet(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def address_fault(url: str) -> tuple[str, str] | None:
    """(what is wrong, what to do) when the address ``url`` (as a browser reads it: tabs and line
    breaks dropped) goes somewhere or does something its words cannot show; else None."""
    url = re.sub(r"[\t\n\r]", "", url).strip()
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() == "mailto":
        return _mailto_fault(url)
    rest = url[scheme.end():] if scheme else url
    if scheme and scheme.group(1).lower() in ("http", "https") and not _AUTHORITY_END.split(rest.lstrip("/\\"), 1)[0]:
        return (f"the link '{_snippet(url)}' names no site, so it opens nothing",
                "write the whole address of the page (https://www.example.org/…), or leave the link out")
    if rest.startswith(("//", "\\\\", "/\\", "\\/")):
        authority = _AUTHORITY_END.split(rest[2:], 1)[0]
        if "@" in authority:
            host = authority.rsplit("@", 1)[1] or "nowhere"
            shown = authority.rsplit("@", 1)[0]
            return (f"the link '{_snippet(url)}' goes to {host}, not to {shown}: a browser reads what stands "
                    "before the @ as a user name and opens the site after it",
                    f"write the address of the page itself, without a user name and @ (https://{host}/… if "
                    f"{host} is meant)")
    return None


def _mailto_fault(url: str) -> tuple[str, str] | None:
    to, _, query = url.split(":", 1)[1].partition("?")
    addresses = [unquote(a).strip() for a in to.split(",")]
    fields = [part.split("=", 1)[0] for part in re.split(r"[&;]", query) if part]
    names = [unquote(name).strip().lower() for name in fields]
    extra = [name for name in names if name not in MAILTO_FIELDS]
    if extra:
        what = ("a recipient the page does not show" if set(extra) & {"to", "cc", "bcc"}
                else "words to the reader's email that the page does not show" if "body" in extra
                else "a header to the reader's email that the page does not show")
        return (f"the email link '{_snippet(url)}' adds {what} ({', '.join(dict.fromkeys(extra))}=)",
                "link one address alone, such as [email us](mailto:info@example.org); a subject "
                "(?subject=…) is allowed")
    if len(addresses) != 1 or not _MAILBOX.match(addresses[0]):
        return (f"the email link '{_snippet(url)}' is not one email address",
                "link one address, such as [email us](mailto:info@example.org); give a second address "
                "its own link")
    return None


def words_fault(words: str, url: str) -> tuple[str, str] | None:
    """(what is wrong, what to do) when a link's ``words`` are themselves a web or email address
    other than the one the link ``url`` opens; else None."""
    words = words.strip().strip("<>").rstrip(".,;:!?)")
    url = re.sub(r"[\t\n\r]", "", url).strip()
    scheme = (_SCHEME.match(url).group(1).lower() if _SCHEME.match(url) else "")
    if scheme == "mailto":
        shown = words[7:] if words.lower().startswith("mailto:") else words
        if _MAILBOX.match(shown):
            target = unquote(url[7:].partition("?")[0]).strip()
            if target.lower() != shown.lower():
                return (f"the link's words show {shown} but it writes to {_snippet(target)}",
                        f"make the words and the address the same: [{target}](mailto:{target}), or correct the "
                        "address")
        return None
    site = _SHOWN_SITE.match(words)
    if scheme not in ("http", "https") or site is None:
        return None
    shown = site.group(1).lower()
    if not (re.match(r"(?:https?://|www\.)", words, re.I) or shown.rsplit(".", 1)[1] in _PLAIN_ENDINGS):
        return None  # "report.pdf", "index.html": a file's name, not a site
    target = _host(url)
    if not target or _same_place(shown, target):
        return None
    return (f"the link's words show {words} but it opens {target}",
            f"make the words and the address the same site: write the words {target}, or correct the address")


def _host(url: str) -> str:
    rest = url.split(":", 1)[1] if ":" in url else url
    if not rest.startswith("//"):
        return ""
    authority = _AUTHORITY_END.split(rest[2:], 1)[0].rsplit("@", 1)[-1]
    return authority.split(":", 1)[0].lower().rstrip(".")


def _same_place(shown: str, target: str) -> bool:
    shown, target = shown.removeprefix("www."), target.removeprefix("www.")
    return shown == target or target.endswith("." + shown) or shown.endswith("." + target)
