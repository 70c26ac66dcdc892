"""Fault drills (issue 12 item 2): each drill runs on its own private services — an S3 server,
Redis, PostgreSQL (initdb in a temporary directory) and app processes it starts and then stops,
hangs or kills — never on the machine's shared ones. Marked `drill`; docs/reliability.md."""
