"""Feed ingestion: polite polling of news feeds into stored, detected articles.

schedule.py   when a feed is polled next (pure)
urls.py       canonical article URLs and their hashes (pure)
http.py       the shared httpx client and bounded, polite fetches
parse.py      feedparser adapter -> ParsedFeed / ParsedEntry
text.py       HTML fragments to plain text
extract.py    article pages to main text (trafilatura + teaser filter)
cpu.py        worker processes for the CPU-heavy parts (parsing, the detector)
poller.py     one poll cycle: claim, fetch, parse, store, hand off to bot.pipeline
scheduler.py  PollScheduler: the cycle on an APScheduler timer
feeds_file.py the TOML feeds file, synced into the database
"""
