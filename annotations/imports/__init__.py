"""URL import: an editor gives an article's address; a job fetches the page (same destination
rules as webhooks), extracts the article with trafilatura, keeps the fetched HTML as its
snapshot and ingests it through the same service as an upload."""
