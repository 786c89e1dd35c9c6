"""Limits on what one article, one file and one view may cost; each is named in the message that enforces it."""

from __future__ import annotations

# An upload or paste, in UTF-8 bytes: a long report is 100-300 kB; 2 MB is a book.
MAX_TEXT_BYTES = 2 * 1024 * 1024
# Place mentions in one article. The densest real text here (the source article) has one
# mention per ~90 characters, so 5,000 covers ~450 kB of such prose; beyond it the reader,
# the cards and the review list grow with no benefit to a reader. Over it, the article is
# refused with a message (never truncated: a silently unlinked tail would look complete).
MAX_MENTIONS = 5000
# HTML nesting. Browsers cap their own tree at 512 (Blink's HTML parser flattens below it);
# real pages stay under ~60. Beyond it, HTML parsing turns quadratic.
MAX_HTML_DEPTH = 512
# Wall-clock budget for turning HTML into text (a 2 MB page takes under 2 s).
HTML_SECONDS = 15.0
# Undecided names shown at once in a review list; the rest are paged.
REVIEW_PAGE = 50
# Gazetteer matches offered for a typed search.
SEARCH_RESULTS = 20
# Characters of an ignored URL value echoed back in a notice.
NOTICE_CHARS = 80
# A user's links file: 5,000 mentions with their ranked candidates take ~5 MB.
USER_JSON_BYTES = 16 * 1024 * 1024
